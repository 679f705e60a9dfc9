package main

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// Every kind is claims a Reader reads without an error row, as many as
// the kind says, each member's in setl_time order, and the batch's too.
func TestKinds(t *testing.T) {
	const n, members = 2000, 100
	tests := []struct {
		kind   string
		format claim.Format
		rows   int
		// what the rows carry
		fees, reversals int
	}{
		{"plain", claim.JSONL, n, 0, 0},
		// From the 101st claim on, after claims 107, 207, …, 1907 and
		// 157, …, 1957 a reversal, after 133, …, 1933 a claim sent again:
		// 19 of each.
		{"reversals", claim.JSONL, n + 3*19, 0, 2 * 19},
		{"fees", claim.JSONL, n, 4 * n, 0},
		{"csv", claim.CSV, n, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			var out bytes.Buffer
			if err := write(&out, tc.kind, n, members, memberPart{}); err != nil {
				t.Fatal(err)
			}
			r := claim.NewReader(&out, tc.format)
			type got struct{ Rows, Fees, Reversals, Members int }
			var g got
			last := map[string]time.Time{}
			var latest time.Time
			for {
				c, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("row %d: %v", g.Rows+1, err)
				}
				g.Rows++
				g.Fees += len(c.FeeDetails)
				if c.Reverses != "" {
					g.Reversals++
				}
				if c.SetlTime.Before(last[c.PsnNo]) || c.SetlTime.Before(latest) {
					t.Fatalf("%s of %s at %v comes after a later claim", c.SetlID, c.PsnNo, c.SetlTime)
				}
				last[c.PsnNo], latest = c.SetlTime, c.SetlTime
			}
			g.Members = len(last)
			if diff := cmp.Diff(got{tc.rows, tc.fees, tc.reversals, members}, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A kind it does not know, or a count that makes no batch, is an error
// that says what it wants.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		kind       string
		n, members int
		want       string
	}{
		{"xml", 10, 1, `-kind "xml": want plain, reversals, fees or csv`},
		{"plain", 10, 0, "-n 10 -members 0: want n ≥ 0 and members ≥ 1"},
	} {
		err := write(io.Discard, tc.kind, tc.n, tc.members, memberPart{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("write(%q, %d, %d) = %v, want %q", tc.kind, tc.n, tc.members, err, tc.want)
		}
	}
}

// A batch's parts by member, -part 0/3, 1/3 and 2/3, hold its lines
// between them, each line in the part of its member and in the batch's
// order (a CSV part with the header), for every kind.
func TestParts(t *testing.T) {
	const n, members, parts = 600, 10, 3
	psnNo := regexp.MustCompile(`P(\d{5})`)
	for _, kind := range []string{"plain", "reversals", "fees", "csv"} {
		var whole bytes.Buffer
		if err := write(&whole, kind, n, members, memberPart{}); err != nil {
			t.Fatal(err)
		}
		want := make([][]string, parts)
		for i, line := range strings.SplitAfter(whole.String(), "\n") {
			if line == "" {
				continue
			}
			m := psnNo.FindStringSubmatch(line)
			if m == nil {
				if kind == "csv" && i == 0 {
					for k := range want {
						want[k] = append(want[k], line) // the header
					}
					continue
				}
				t.Fatalf("%s: line %d names no member: %q", kind, i+1, line)
			}
			num, _ := strconv.Atoi(m[1])
			want[num%parts] = append(want[num%parts], line)
		}
		for k := range parts {
			var out bytes.Buffer
			if err := write(&out, kind, n, members, memberPart{k, parts}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want[k], strings.SplitAfter(out.String(), "\n")[:strings.Count(out.String(), "\n")]); diff != "" {
				t.Errorf("%s, part %d/%d (-want +got):\n%s", kind, k, parts, diff)
			}
		}
	}
}

// -part says what it wants when it is not K/N with 0 ≤ K < N.
func TestParsePart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want memberPart
		err  bool
	}{
		{"", memberPart{}, false},
		{"0/2", memberPart{0, 2}, false},
		{"2/3", memberPart{2, 3}, false},
		{"2/2", memberPart{}, true},
		{"-1/2", memberPart{}, true},
		{"1/0", memberPart{}, true},
		{"1", memberPart{}, true},
		{"a/b", memberPart{}, true},
	} {
		got, err := parsePart(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("parsePart(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "want K/N with 0 ≤ K < N") {
			t.Errorf("parsePart(%q): %v, which says not what it wants", tc.in, err)
		}
	}
}
