package main

import (
	"bytes"
	"errors"
	"io"
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
			if err := write(&out, tc.kind, n, members); err != nil {
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
		err := write(io.Discard, tc.kind, tc.n, tc.members)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("write(%q, %d, %d) = %v, want %q", tc.kind, tc.n, tc.members, err, tc.want)
		}
	}
}
