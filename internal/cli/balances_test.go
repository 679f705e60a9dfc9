package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// loadBalances reads what a spreadsheet saves (a byte-order mark, columns
// in any order under a header, other columns) and refuses what would be a
// silent choice (a member twice) or a guess (an amount that is not one).
func TestLoadBalances(t *testing.T) {
	tests := []struct {
		name, csv string
		want      map[string]string
		err       string // each line's b.csv the file's path
		rows      int    // bad rows, when more than one
	}{
		{name: "no header", csv: "P1,100\nP2, 2.50\n", want: map[string]string{"P1": "100.00", "P2": "2.50"}},
		{name: "header", csv: "psn_no,balc\nP1,100\n", want: map[string]string{"P1": "100.00"}},
		{name: "a byte-order mark", csv: "\ufeffpsn_no,balc\r\nP1,100\r\n", want: map[string]string{"P1": "100.00"}},
		{name: "columns in another order, and others", csv: "name,balc,psn_no\n张三,7.10,P1\n", want: map[string]string{"P1": "7.10"}},
		{name: "spaces around", csv: "psn_no , balc\n P1 , 1 \n", want: map[string]string{"P1": "1.00"}},
		{name: "a member twice", csv: "psn_no,balc\nP1,1\nP2,2\nP1,3\n", err: "b.csv:4: psn_no P1 is given twice (first on line 2)"},
		{name: "no balc column", csv: "psn_no,amount\nP1,1\n", err: "b.csv:1: the header names no balc column; want psn_no,balc"},
		{name: "a short row", csv: "psn_no,balc\nP1\n", err: "b.csv:2: want 2 columns, as the first row has, not 1"},
		{name: "not an amount", csv: "P1,abc\n", err: `b.csv:1: balc "abc" is not an amount`},
		{name: "a third place", csv: "P1,1.005\n", err: `b.csv:1: balc "1.005" has more than 2 decimal places`},
		{name: "negative", csv: "P1,-1\n", err: `b.csv:1: balc "-1" is negative`},
		{name: "empty psn_no", csv: ",1\n", err: "b.csv:1: psn_no is empty"},
		// Ids and amounts as the claims' are read: a zero-width space
		// made a member no claim names, whose balance none drew on.
		{name: "a zero-width space in psn_no", csv: "psn_no,balc\n\u200bP1,100\n", err: `b.csv:2: psn_no must not hold U+200B, a character that cannot be seen (ids are compared exactly), not "\u200bP1"`},
		{name: "a plus sign", csv: "P1,+100\n", err: `b.csv:1: balc "+100" is not an amount`},
		{name: "no digit before the point", csv: "P1,.5\n", err: `b.csv:1: balc ".5" is not an amount`},
		{name: "no digit after it", csv: "P1,100.\n", err: `b.csv:1: balc "100." is not an amount`},
		{name: "a quoted header after a byte-order mark", csv: "\ufeff\"psn_no\",\"balc\"\nP1,1\n", want: map[string]string{"P1": "1.00"}},
		{name: "lines counted past blank ones", csv: "psn_no,balc\n\nP1,1\n\nP1,2\n", err: "b.csv:5: psn_no P1 is given twice (first on line 3)"},
		// Bounded: a balance past any amount, a number too long to parse
		// in time, a line without end.
		{name: "an exponent", csv: "P1,1e9999\n", err: `b.csv:1: balc "1e9999" is not an amount`},
		{name: "past the largest amount", csv: "P1,1000000000000000\n", err: `b.csv:1: balc "1000000000000000" is too large an amount`},
		{name: "a thousand digits", csv: "P1," + strings.Repeat("9", 1000) + "\n", err: "b.csv:1: balc has 1000 characters, more than any amount (at most 15 digits of yuan)"},
		{name: "a line without end", csv: "psn_no,balc\nP1," + strings.Repeat("0", 70000), err: "b.csv:2: the line is longer than 65536 bytes: not a balances file (psn_no,balc)"},
		// Every bad row is told, each with its line, where only the
		// first was; past maxBadBalances, the rest are counted.
		{name: "several bad rows", csv: "psn_no,balc\nP1,100.00\nP2,abc\nP3,-5\nP1,1\nP4\n",
			err: "b.csv:3: balc \"abc\" is not an amount\nb.csv:4: balc \"-5\" is negative\n" +
				"b.csv:5: psn_no P1 is given twice (first on line 2)\nb.csv:6: want 2 columns, as the first row has, not 1", rows: 4},
		{name: "more bad rows than are told", csv: strings.Repeat(",1\n", 25),
			err: emptyIDs(20) + "and 5 more bad row(s)", rows: 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.csv")
			if err := os.WriteFile(path, []byte(tt.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			err := loadBalances(func(psn string, balc decimal.Decimal) error {
				got[psn] = balc.StringFixed(2)
				return nil
			}, path)
			if tt.err != "" {
				if err == nil || err.Error() != strings.ReplaceAll(tt.err, "b.csv", path) {
					t.Fatalf("error\n%v\nwant\n%s", err, tt.err)
				}
				// Every one is the file's rows', which mpl ledger
				// import tells as such (exit 1), not a wrong argument.
				var bad *badBalances
				if !errors.As(err, &bad) {
					t.Fatalf("error %T, want a *badBalances", err)
				}
				if rows := max(tt.rows, 1); bad.rows() != rows {
					t.Errorf("%d bad rows, want %d", bad.rows(), rows)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("balances (-want +got):\n%s", diff)
			}
		})
	}
}

// emptyIDs is the errors of n rows of a balances file b.csv, from its
// first line, whose psn_no is empty.
func emptyIDs(n int) string {
	var b strings.Builder
	for line := 1; line <= n; line++ {
		fmt.Fprintf(&b, "b.csv:%d: psn_no is empty\n", line)
	}
	return b.String()
}
