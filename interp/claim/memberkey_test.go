package claim

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// checkMemberKey fails when MemberKey answers for line and the line is a
// claim of another member.
func checkMemberKey(t *testing.T, line string) (answered bool) {
	t.Helper()
	key, ok := MemberKey(line)
	if !ok {
		return false
	}
	c, err := NewLineParser().Claim([]byte(line), 1)
	if err == nil && c.PsnNo != key {
		t.Fatalf("MemberKey(%q) = %q, but the claim's psn_no is %q", line, key, c.PsnNo)
	}
	return true
}

func TestMemberKey(t *testing.T) {
	const rest = `"insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-01","medfee_sumamt":"1","inscp_scp_amt":"1"`
	tests := []struct {
		name, line string
		key        string
		ok         bool
	}{
		{"plain", `{"setl_id":"S1","psn_no":"P1",` + rest + `}`, "P1", true},
		{"last member", `{"setl_id":"S1",` + rest + `,"psn_no":"张三"}`, "张三", true},
		{"empty", `{"setl_id":"S1","psn_no":"",` + rest + `}`, "", true},
		{"missing", `{"setl_id":"S1",` + rest + `}`, "", false},
		{"an escape anywhere", `{"setl_id":"S\u0031","psn_no":"P1",` + rest + `}`, "", false},
		{"an escaped key", `{"setl_id":"S1","psn\u005fno":"P1",` + rest + `}`, "", false},
		{"an escaped second psn_no", `{"psn_no":"P1","psn\u005fno":"P2",` + rest + `}`, "P1", true}, // not a claim: psn_no twice
		{"an escape after the member", `{"psn_no":"P1","setl_id":"S\u0031",` + rest + `}`, "P1", true},
		{"an escape in the member", `{"setl_id":"S1","psn_no":"P\u0031",` + rest + `}`, "", false},
		{"a p before the key", `{"setl_id":"p","xpsn_no":"P9","psn_no":"P1",` + rest + `}`, "P1", true},
		{"given twice", `{"psn_no":"P1","psn_no":"P2",` + rest + `}`, "P1", true}, // not a claim: psn_no twice
		{"a value reading psn_no", `{"setl_id":"psn_no","psn_no":"P1",` + rest + `}`, "P1", true},
		{"a value reading psn_no and a colon", `{"setl_id":"psn_no":"P1",` + rest + `}`, "P1", true}, // not JSON
		{"a number", `{"setl_id":"S1","psn_no":7,` + rest + `}`, "", false},
		{"space before the colon", `{"setl_id":"S1","psn_no" :"P1",` + rest + `}`, "", false},
		{"space after the colon", `{"setl_id":"S1","psn_no": "P1",` + rest + `}`, "", false},
		{"unterminated", `{"setl_id":"S1","psn_no":"P1`, "", false},
		{"nested first", `{"setl_id":"S1","memo":{"psn_no":"P9"},"psn_no":"P1",` + rest + `}`, "", false},
		{"in an array first", `{"setl_id":"S1","memo":["psn_no":"P9"],"psn_no":"P1",` + rest + `}`, "", false},
		{"a brace in a string first", `{"setl_id":"{","psn_no":"P1",` + rest + `}`, "", false},
		{"nested after", `{"psn_no":"P1","memo":{"psn_no":"P9"},` + rest + `}`, "P1", true},
		{"not an object", `["psn_no":"P1"]`, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key, ok := MemberKey(tc.line)
			if diff := cmp.Diff([2]any{tc.key, tc.ok}, [2]any{key, ok}); diff != "" {
				t.Errorf("MemberKey(%q) (-want +got):\n%s", tc.line, diff)
			}
			checkMemberKey(t, tc.line)
		})
	}
}

// On random lines (valid and not, spaced and escaped every way the reader
// tests use), MemberKey never names another member than the claim's, and
// it answers for enough of them to mean something; it answers for every
// plain line.
func TestMemberKeyOnRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, answered := 20000, 0
	if testing.Short() {
		n = 2000
	}
	for range n {
		if checkMemberKey(t, randomLine(rng)) {
			answered++
		}
	}
	for _, line := range benchLines(100) {
		if !checkMemberKey(t, line) {
			t.Fatalf("MemberKey does not answer for the plain line %q", line)
		}
	}
	if answered < n/20 {
		t.Fatalf("MemberKey answers for only %d of %d lines", answered, n)
	}
	t.Logf("MemberKey answers for %d of %d lines", answered, n)
}

func FuzzMemberKey(f *testing.F) {
	for _, line := range benchLines(5) {
		f.Add(line)
	}
	f.Add(`{"psn_no":"P1","psn\u005fno":"P2"}`)
	f.Add(`{"memo":{"psn_no":"P9"},"psn_no":"P1"}`)
	f.Add(`{"a\"psn_no":"P9","psn_no":"P1"}`)
	f.Fuzz(func(t *testing.T, line string) {
		checkMemberKey(t, line)
	})
}

func BenchmarkMemberKey(b *testing.B) {
	lines := benchLines(64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := MemberKey(lines[i%len(lines)]); !ok {
			b.Fatal("no key")
		}
	}
}

// checkLineKeys fails when ReadLineKeys answers for line and the line is a
// claim with other keys, or one that reverses another.
func checkLineKeys(t *testing.T, line string) (answered bool) {
	t.Helper()
	k, ok := ReadLineKeys(line)
	if !ok {
		return false
	}
	c, err := NewLineParser().Claim([]byte(line), 1)
	if err != nil {
		return true
	}
	got := [...]any{k.PsnNo, k.SetlID, k.SetlTime.String(), decimal.New(k.MedfeeSumamt, -2).String(), ""}
	want := [...]any{c.PsnNo, c.SetlID, c.SetlTime.String(), c.MedfeeSumamt.String(), c.Reverses}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ReadLineKeys(%q) differs from the claim (-claim +keys):\n%s", line, diff)
	}
	return true
}

func TestReadLineKeys(t *testing.T) {
	const rest = `"insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"12.5"`
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	plain := LineKeys{PsnNo: "P1", SetlID: "S1", SetlTime: at, MedfeeSumamt: 1250}
	tests := []struct {
		name, line string
		want       LineKeys
		ok         bool
	}{
		{"plain", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, plain, true},
		{"keys in any order", `{` + rest + `,"medfee_sumamt":"12.50","setl_time":"2025-03-01 08:00:00","psn_no":"P1","setl_id":"S1"}`, plain, true},
		{"a date", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01","medfee_sumamt":"12.5",` + rest + `}`,
			LineKeys{PsnNo: "P1", SetlID: "S1", SetlTime: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), MedfeeSumamt: 1250}, true},
		{"a value reading a key", `{"memo":"psn_no","setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, plain, true},
		{"a reversal", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5","reverses":"S0",` + rest + `}`, LineKeys{}, false},
		{"an empty reverses", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5","reverses":"",` + rest + `}`, LineKeys{}, false},
		{"an escape", `{"setl_id":"S\u0031","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"fee lines", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3",` +
			`"fee_details":[{"item_code":"A1","chrg_item_lv":"甲","det_item_fee_sumamt":"12.5","selfpay_prop":"0"}]}`, plain, true},
		{"an object", `{"memo":{"a":"b"},"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, plain, true},
		{"the keys within an object and a list first", `{"memo":{"psn_no":"Q1","setl_id":"X"},"list":[{"setl_time":"2024-01-01"},"medfee_sumamt",{"medfee_sumamt":1}],` +
			`"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, plain, true},
		{"a key only within an object", `{"memo":{"psn_no":"P1"},"setl_id":"S1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"brackets within strings", `{"memo":"{[","setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5","x":"]}}",` + rest + `}`, plain, true},
		{"an amount as a number", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":12.5,` + rest + `}`, plain, true},
		{"a number and a space", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":12.5 ,` + rest + `}`, plain, true},
		{"a number at the end", `{` + rest + `,"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":12.5}`, plain, true},
		{"a number cut short", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":12.5`, LineKeys{}, false},
		{"a psn_no as a number", `{"setl_id":"S1","psn_no":1,"setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"an amount in thousandths", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.505",` + rest + `}`, LineKeys{}, false},
		{"a time with a T", `{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01T08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"a space after a colon", `{"setl_id": "S1","psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"no setl_id", `{"psn_no":"P1","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
		{"an empty psn_no", `{"setl_id":"S1","psn_no":"","setl_time":"2025-03-01 08:00:00","medfee_sumamt":"12.5",` + rest + `}`, LineKeys{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, ok := ReadLineKeys(tc.line)
			if diff := cmp.Diff([2]any{tc.want, tc.ok}, [2]any{k, ok}); diff != "" {
				t.Errorf("ReadLineKeys(%q) (-want +got):\n%s", tc.line, diff)
			}
			checkLineKeys(t, tc.line)
		})
	}
}

// On random lines, and on plain lines with random edits, ReadLineKeys
// never differs from the claim; it answers for every plain line, with fee
// lines or without, and for enough edited ones to mean something.
func TestReadLineKeysOnRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		checkLineKeys(t, randomLine(rng))
	}
	plain := benchLines(100)
	for _, line := range plain {
		if !checkLineKeys(t, line) {
			t.Fatalf("ReadLineKeys does not answer for the plain line %q", line)
		}
	}
	answered := 0
	for range n {
		if checkLineKeys(t, editLine(rng, plain[rng.IntN(len(plain))])) {
			answered++
		}
	}
	if answered < n/20 {
		t.Fatalf("ReadLineKeys answers for only %d of %d edited lines", answered, n)
	}
	t.Logf("ReadLineKeys answers for %d of %d edited lines", answered, n)
}

// editLine makes one to three random edits to line: a byte of JSON's
// syntax, or a field that places a claim, put in, or a byte taken out.
func editLine(rng *rand.Rand, line string) string {
	pieces := []string{`"`, `:`, `,`, `{`, `}`, `[`, `\`, ` `, `0`, `.`, `-`, `e`, `p`, `s`,
		`"reverses":"S0",`, `"psn_no":"Q1",`, `"setl_id":"S9",`, `"setl_time":"2025-01-01",`,
		`"medfee_sumamt":12,`, `"medfee_sumamt":"1.5",`, `"psn_no":7,`, `"memo":"psn_no",`}
	for range 1 + rng.IntN(3) {
		i := rng.IntN(len(line) + 1)
		if rng.IntN(3) == 0 && i < len(line) {
			line = line[:i] + line[i+1:]
		} else {
			line = line[:i] + pieces[rng.IntN(len(pieces))] + line[i:]
		}
	}
	return line
}

func FuzzReadLineKeys(f *testing.F) {
	for _, line := range benchLines(5) {
		f.Add(line)
	}
	f.Add(`{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01","medfee_sumamt":"1","reverses":"S0"}`)
	f.Add(`{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01","medfee_sumamt":"1","setl_id":"S2"}`)
	f.Add(`{"setl_id":"S1","psn_no":"P1","setl_time":"2025-03-01","medfee_sumamt":1.5e1}`)
	f.Fuzz(func(t *testing.T, line string) {
		checkLineKeys(t, line)
	})
}

// flatBenchLines are the lines of benchLines(n) without fee lines.
func flatBenchLines(n int) []string {
	var flat []string
	for _, line := range benchLines(n) {
		if !strings.Contains(line, "fee_details") {
			flat = append(flat, line)
		}
	}
	return flat
}

// BenchmarkReadLineKeys reads plain lines, and lines with fee lines (which
// it reads counting brackets).
func BenchmarkReadLineKeys(b *testing.B) {
	var fees []string
	for _, line := range benchLines(320) {
		if strings.Contains(line, "fee_details") {
			fees = append(fees, line)
		}
	}
	for _, bc := range []struct {
		name  string
		lines []string
	}{{"plain", flatBenchLines(64)}, {"fees", fees}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, ok := ReadLineKeys(bc.lines[i%len(bc.lines)]); !ok {
					b.Fatal("no keys")
				}
			}
		})
	}
}
