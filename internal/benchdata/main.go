// Command benchdata writes the generated batches of claims that the
// figures in docs/performance.md are measured on, so that anyone can make
// them again:
//
//	go run ./internal/benchdata > 1m.jsonl
//	go run ./internal/benchdata -kind reversals > 1m_rev.jsonl
//	go run ./internal/benchdata -kind fees > 1m_fee.jsonl
//	go run ./internal/benchdata -kind csv > 1m.csv
//
// Every kind is n Nanjing employee claims of members members, taken in
// turn, their setl_time rising through 2025, so that each member's claims
// (and the batch's) are in setl_time order:
//
//   - plain: the four amounts of settlement-io.md, no fee lines (263 MB
//     for a million);
//   - reversals: plain, and from the members+1st claim on, 2% of the
//     claims followed by a reversal and 1% by a claim sent again, each of
//     the claim members claims back, the same member's (3% more lines);
//   - fees: four fee lines a claim (甲, 乙, 丙, and one with a price
//     limit) instead of the amounts;
//   - csv: plain, as CSV with a header.
//
// With -part K/N it writes only the lines of the members whose number is K
// modulo N: the batch's share of one of N programs that split it by member.
// Two halves, each settled on a core of its own at once, are what two
// cores can give with nothing shared between them (see "Two cores" in
// docs/performance.md):
//
//	go run ./internal/benchdata -part 0/2 > h0.jsonl
//	go run ./internal/benchdata -part 1/2 > h1.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	kind := flag.String("kind", "plain", "plain, reversals, fees or csv")
	n := flag.Int("n", 1_000_000, "how many claims")
	members := flag.Int("members", 10_000, "how many members they are spread over")
	partFlag := flag.String("part", "", "K/N: only the lines of members whose number is K modulo N (default: every line)")
	flag.Parse()
	part, err := parsePart(*partFlag)
	if err == nil {
		err = write(os.Stdout, *kind, *n, *members, part)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchdata: %v\n", err)
		os.Exit(2)
	}
}

// memberPart is the share of a batch written: the members whose number is
// k modulo of; every member when of is 0.
type memberPart struct{ k, of int }

// parsePart reads -part's K/N; "" is every member.
func parsePart(s string) (memberPart, error) {
	if s == "" {
		return memberPart{}, nil
	}
	k, of, ok := strings.Cut(s, "/")
	p := memberPart{}
	var errK, errOf error
	p.k, errK = strconv.Atoi(k)
	p.of, errOf = strconv.Atoi(of)
	if !ok || errK != nil || errOf != nil || p.of < 1 || p.k < 0 || p.k >= p.of {
		return memberPart{}, fmt.Errorf("-part %q: want K/N with 0 ≤ K < N, such as 0/2", s)
	}
	return p, nil
}

// has reports whether the part holds the lines of member m.
func (p memberPart) has(m int) bool { return p.of == 0 || m%p.of == p.k }

// write writes n claims of the kind, over members members, to out: those
// of the members in part.
func write(out io.Writer, kind string, n, members int, part memberPart) error {
	if n < 0 || members < 1 {
		return fmt.Errorf("-n %d -members %d: want n ≥ 0 and members ≥ 1", n, members)
	}
	w := bufio.NewWriterSize(out, 1<<20)
	g := gen{w: w, n: n, members: members, part: part}
	switch kind {
	case "plain", "reversals", "fees":
		for i := range n {
			g.jsonl(i, fmt.Sprintf("S%08d", i), i, kind == "fees", "")
			if j := i - members; kind == "reversals" && j >= 0 {
				switch i % 100 {
				case 7, 57:
					g.jsonl(i, fmt.Sprintf("R%08d", i), j, false, fmt.Sprintf(`,"reverses":"S%08d"`, j))
				case 33:
					g.jsonl(i, fmt.Sprintf("S%08d", j), j, false, "")
				}
			}
		}
	case "csv":
		fmt.Fprintln(w, "setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt")
		for i := range n {
			if !part.has(i % members) {
				continue
			}
			fen := amount(i)
			fmt.Fprintf(w, "S%08d,P%05d,310,%s,%s,%d,%s,%s,0,0,0,%s\n", i, i%members, psnType(i), medType(i), 1+i%3,
				g.at(i).Format(time.DateTime), yuan(fen), yuan(fen))
		}
	default:
		return fmt.Errorf("-kind %q: want plain, reversals, fees or csv", kind)
	}
	return w.Flush()
}

// gen writes the lines of one batch.
type gen struct {
	w          *bufio.Writer
	n, members int
	part       memberPart
	buf        []byte
}

// at is the setl_time of the batch's i-th claim.
func (g *gen) at(i int) time.Time {
	return time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(int64(i)*364*86400/int64(g.n)) * time.Second)
}

// jsonl writes a JSON Lines claim setl_id at the i-th claim's time, of
// the member and amounts of the like-th claim, with fee lines or not, and
// extra fields; nothing when the member is not in g's part.
func (g *gen) jsonl(i int, setlID string, like int, fees bool, extra string) {
	if !g.part.has(like % g.members) {
		return
	}
	b := g.buf[:0]
	b = fmt.Appendf(b, `{"setl_id":"%s","psn_no":"P%05d","insutype":"310","psn_type":"%s","med_type":"%s","medins_lv":"%d","setl_time":"`,
		setlID, like%g.members, psnType(like), medType(like), 1+like%3)
	b = g.at(i).AppendFormat(b, time.DateTime)
	if fees {
		a, bb, c, d := 5000+like%900*37, 1200+like%300, 800+like%77*5, 3000+like%1000
		b = fmt.Appendf(b, `","medfee_sumamt":"%s","fee_details":[`, yuan(a+bb+c+d))
		b = fmt.Appendf(b, `{"item_code":"A001","chrg_item_lv":"甲","det_item_fee_sumamt":"%s","selfpay_prop":"0"},`, yuan(a))
		b = fmt.Appendf(b, `{"item_code":"B002","chrg_item_lv":"乙","det_item_fee_sumamt":"%s","selfpay_prop":"0.1"},`, yuan(bb))
		b = fmt.Appendf(b, `{"item_code":"C003","chrg_item_lv":"丙","det_item_fee_sumamt":"%s","selfpay_prop":"1"},`, yuan(c))
		b = fmt.Appendf(b, `{"item_code":"D004","chrg_item_lv":"甲","det_item_fee_sumamt":"%s","selfpay_prop":"0","lmt_price":"25.00"}]}`+"\n", yuan(d))
	} else {
		fen := amount(like)
		b = fmt.Appendf(b, `","medfee_sumamt":"%s","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%s"%s}`+"\n",
			yuan(fen), yuan(fen), extra)
	}
	g.w.Write(b)
	g.buf = b
}

func psnType(i int) string { return []string{"1101", "1201", "原退休"}[i%3] }
func medType(i int) string { return []string{"21", "11", "41", "22"}[i%4] }

// amount is the i-th claim's total, in fen.
func amount(i int) int { return 10000 + i%9000*37 }

// yuan writes fen as yuan with two places.
func yuan(fen int) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
