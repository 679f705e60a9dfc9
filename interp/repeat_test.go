package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// repeatLine is O1's claim (在职 1101, 普通住院 21, 三级 3, 2000 yuan in
// scope) under setl_id id, reversing reverses if that is not empty, with
// each of edits (old, new) made to it in turn.
func repeatLine(id, reverses string, edits ...string) string {
	line := keptLine(id, "A", "2025-02-01 08:00:00", reverses)
	line = strings.Replace(line, `"medins_lv":"3"`, `"medins_lv":"3","age":45,"dise_code":"I10"`, 1)
	for i := 0; i+1 < len(edits); i += 2 {
		line = strings.Replace(line, edits[i], edits[i+1], 1)
	}
	return line
}

// A reversal repeats the claim it reverses as first sent, and so does a
// claim sent again under the same setl_id: one that gives another person
// type, kind of care, provider level, scheme, treatment area, age or flag
// is an error row on the field that differs, as one with other amounts
// is. A code is compared by what the policy makes of it: a label and the
// national code it stands for are the same.
func TestReversalRepeatsTheClaim(t *testing.T) {
	prog := loadNanjing(t)
	const (
		reversal = "; a reversal repeats the claim it reverses as first sent (to correct a claim, reverse it as sent and settle the corrected claim under a new setl_id)"
		again    = "; a claim sent again repeats the claim as first sent (a correction is a reversal and a new setl_id)"
	)
	tests := []struct {
		name       string
		line       string
		field, msg string // "" when the claim is settled, or answered with O1's settlement
	}{
		{name: "a reversal as sent", line: repeatLine("R1", "O1")},
		// The vendor's case: O1 was 1101, 21, 3.
		{name: "a reversal of another person type, kind of care and level",
			line:  repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":"1201"`, `"med_type":"21"`, `"med_type":"11"`, `"medins_lv":"3"`, `"medins_lv":"1"`),
			field: "psn_type", msg: "the reversal of O1 gives psn_type 1201, but O1 was settled with 1101" + reversal},
		{name: "a reversal of another kind of care", line: repeatLine("R1", "O1", `"med_type":"21"`, `"med_type":"11"`),
			field: "med_type", msg: "the reversal of O1 gives med_type 11, but O1 was settled with 21" + reversal},
		{name: "a reversal of another provider level", line: repeatLine("R1", "O1", `"medins_lv":"3"`, `"medins_lv":"1"`),
			field: "medins_lv", msg: "the reversal of O1 gives medins_lv 1, but O1 was settled with 3" + reversal},
		{name: "a reversal of another scheme", line: repeatLine("R1", "O1", `"insutype":"310"`, `"insutype":"390"`, `"psn_type":"1101"`, `"psn_type":"1201"`),
			field: "insutype", msg: "the reversal of O1 gives insutype 390, but O1 was settled with 310" + reversal},
		{name: "a reversal naming the person type by its label", line: repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":" 在职 "`)},
		// 南京 maps 1101 and 1102 to one label, 在职: its settlement is one.
		{name: "a reversal naming a code of the same label", line: repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":"1102"`)},
		{name: "a reversal naming the label of another", line: repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":"退休"`),
			field: "psn_type", msg: "the reversal of O1 gives psn_type 退休, but O1 was settled with 1101" + reversal},
		{name: "a reversal of a person type the policy does not know", line: repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":"9999"`),
			field: "psn_type", msg: "the reversal of O1 gives psn_type 9999, but O1 was settled with 1101" + reversal},
		{name: "a reversal giving the treatment area O1 took by default", line: repeatLine("R1", "O1", `"medins_lv":"3"`, `"medins_lv":"3","mdtrt_area":"本地"`)},
		{name: "a reversal of care away", line: repeatLine("R1", "O1", `"medins_lv":"3"`, `"medins_lv":"3","mdtrt_area":"跨省异地","remote_filing":"长期"`),
			field: "mdtrt_area", msg: "the reversal of O1 gives mdtrt_area 跨省异地, but O1 was settled with 本地" + reversal},
		// A HIS may work the age out again at the reversal's date.
		{name: "a reversal without the age", line: repeatLine("R1", "O1", `"age":45,`, ``)},
		{name: "a reversal a year older", line: repeatLine("R1", "O1", `"age":45`, `"age":46`)},
		// The member's status when the reversal is sent may have ended since.
		{name: "a reversal of a member whose insurance ended since", line: repeatLine("R1", "O1", `"medins_lv":"3"`, `"medins_lv":"3","psn_insu_stas":"4"`)},
		{name: "sent again with another insured status", line: repeatLine("O1", "", `"medins_lv":"3"`, `"medins_lv":"3","psn_insu_stas":"4"`),
			field: "psn_insu_stas", msg: "setl_id O1 was already settled with psn_insu_stas none, not 4" + again},
		{name: "sent again as 正常 in so many words", line: repeatLine("O1", "", `"medins_lv":"3"`, `"medins_lv":"3","psn_insu_stas":"正常"`)},
		{name: "sent again a year older", line: repeatLine("O1", "", `"age":45`, `"age":46`),
			field: "age", msg: "setl_id O1 was already settled with age 45, not 46" + again},
		{name: "a reversal of a civil servant", line: repeatLine("R1", "O1", `"age":45`, `"age":45,"cvlserv_flag":"1"`),
			field: "cvlserv_flag", msg: "the reversal of O1 gives cvlserv_flag 1, but O1 was settled with 0" + reversal},
		{name: "a reversal forbidding the account", line: repeatLine("R1", "O1", `"age":45`, `"age":45,"acct_used_flag":"0"`),
			field: "acct_used_flag", msg: "the reversal of O1 gives acct_used_flag 0, but O1 was settled with 1" + reversal},
		{name: "a reversal of another disease", line: repeatLine("R1", "O1", `"I10"`, `"E11"`),
			field: "dise_code", msg: "the reversal of O1 gives dise_code E11, but O1 was settled with I10" + reversal},
		// The amounts are compared first.
		{name: "a reversal of other amounts and person type",
			line:  strings.ReplaceAll(repeatLine("R1", "O1", `"psn_type":"1101"`, `"psn_type":"1201"`), `"2000.00"`, `"500.00"`),
			field: "medfee_sumamt", msg: "the reversal of O1 gives medfee_sumamt 500.00, but O1 was settled with 2000.00; a reversal repeats the figures of what it reverses (to refund part of a claim, reverse it and settle what remains under a new setl_id)"},
		{name: "sent again as sent", line: repeatLine("O1", "")},
		{name: "sent again naming the person type by its label", line: repeatLine("O1", "", `"psn_type":"1101"`, `"psn_type":"在职"`)},
		{name: "sent again with another person type", line: repeatLine("O1", "", `"psn_type":"1101"`, `"psn_type":"1201"`),
			field: "psn_type", msg: "setl_id O1 was already settled with psn_type 1101, not 1201" + again},
		{name: "sent again with another kind of care", line: repeatLine("O1", "", `"med_type":"21"`, `"med_type":"11"`),
			field: "med_type", msg: "setl_id O1 was already settled with med_type 21, not 11" + again},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := interp.NewMemoryLedger()
			first, err := prog.Settle(l, readClaim(t, repeatLine("O1", "")), interp.Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := readClaim(t, tt.line)
			s, err := prog.Settle(l, c, interp.Options{})
			_, reversed, rerr := l.Reversed("O1")
			if rerr != nil {
				t.Fatal(rerr)
			}
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				want := first.Setlinfo.HifpPay
				if c.Reverses != "" {
					want = want.Neg()
				}
				if !s.Setlinfo.HifpPay.Equal(want) || reversed != (c.Reverses != "") {
					t.Errorf("hifp_pay %s, O1 reversed %v; want %s, %v", s.Setlinfo.HifpPay, reversed, want, c.Reverses != "")
				}
				return
			}
			var ce *claim.Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, %v; want a claim error", s, err)
			}
			if diff := cmp.Diff([]string{tt.field, tt.msg}, []string{ce.Field, ce.Msg}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if reversed {
				t.Error("O1 was reversed by a claim refused")
			}
		})
	}
}

// A settlement a ledger kept before it recorded its claim's fields (no
// "claim" in the entry) is reversed, and sent again, on its amounts alone:
// there is nothing else to compare.
func TestReversalOfAnOlderEntry(t *testing.T) {
	prog := loadNanjing(t)
	was := interp.NewMemoryLedger()
	if _, err := prog.Settle(was, readClaim(t, repeatLine("O1", "")), interp.Options{}); err != nil {
		t.Fatal(err)
	}
	e, ok, err := was.Entry("O1")
	if err != nil || !ok {
		t.Fatalf("Entry(O1) = %v, %v", ok, err)
	}
	if e.Claim == (interp.ClaimFields{}) {
		t.Fatal("Settle kept no claim fields in O1's entry")
	}
	e.Claim = interp.ClaimFields{}
	l := interp.NewMemoryLedger()
	if err := l.Commit(e); err != nil {
		t.Fatal(err)
	}
	other := []string{`"psn_type":"1101"`, `"psn_type":"1201"`}
	if _, err := prog.Settle(l, readClaim(t, repeatLine("O1", "", other...)), interp.Options{}); err != nil {
		t.Errorf("sent again: %v", err)
	}
	if _, err := prog.Settle(l, readClaim(t, repeatLine("R1", "O1", other...)), interp.Options{}); err != nil {
		t.Errorf("reversal: %v", err)
	}
}

// readClaim reads the one claim of a JSON Lines line.
func readClaim(t *testing.T, line string) *claim.Claim {
	t.Helper()
	c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
