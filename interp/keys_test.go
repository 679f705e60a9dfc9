package interp_test

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mpl-lang/mpl/interp/claim"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/shopspring/decimal"
)

// TestCheckYear checks what an import of a member's year is refused for:
// a key no ledger keeps; the platform's deductible total Q0000 alone,
// which no rule reads (the member would bear the deductible again); and,
// against a policy, a pool or limit it does not have (a misspelt one
// would be imported where no rule looks) and the pooled fund's total
// without the limit its yearly cap counts (the cap would count from zero).
// What mpl ledger export writes passes.
func TestCheckYear(t *testing.T) {
	prog, _, err := interp.LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	const nanjing = `policy "南京市职工基本医疗保险（2025）"`
	tests := []struct {
		name            string
		acc             map[string]string
		keys, withProgr string // the errors of CheckKeys and of prog.CheckYear; "" for none
	}{
		{name: "an export's year",
			acc: map[string]string{"C0000": "2", "C0000_ADM_住院": "2", "C0000_BIZ21": "2", "D310101": "5600.00", "D310101_BIZ21": "5600.00",
				"L_统筹年度限额": "5600.00", "Q0000": "1000.00", "Q0000_住院": "1000.00"}},
		{name: "the policy's own keys alone", acc: map[string]string{"Q0000_住院": "1500.00", "L_统筹年度限额": "459000.00"}},
		{name: "the platform's figures alone",
			acc:       map[string]string{"Q0000": "1500.00", "D310101": "459000.00", "C0000": "3"},
			keys:      "Q0000 (deductible borne, 1500.00) is the platform's total, which no rule reads: give it per deductible pool as Q0000_{pool}, the keys the rules read",
			withProgr: "Q0000 (deductible borne, 1500.00) is the platform's total, which no rule reads: give it per deductible pool as Q0000_{pool}, the keys the rules read; " + nanjing + "'s pools: Q0000_住院"},
		{name: "the pooled fund's total without the cap's limit",
			acc:       map[string]string{"Q0000": "1500.00", "Q0000_住院": "1500.00", "D310101": "459000.00"},
			withProgr: "D310101 (paid by the fund, 459000.00) is the platform's total; " + nanjing + " caps the fund's payments by L_统筹年度限额, none of which is given, so each would count from zero: give them"},
		{name: "a misspelt pool",
			acc:       map[string]string{"Q0000": "1500.00", "Q0000_住院x": "1500.00"},
			withProgr: nanjing + " keeps no accumulator Q0000_住院x (did you mean Q0000_住院?); it keeps C0000_ADM_住院, C0000_ADM_门诊, L_统筹年度限额, Q0000_住院"},
		{name: "a key of no kind",
			acc:       map[string]string{"FOO": "1", "Q0000_住院": "1"},
			keys:      `accumulator "FOO" is none a ledger keeps: Q0000_{pool}, L_{limit}, OOP_{fund}, C0000_ADM_{benefit}, or the platform's totals Q0000, D{fund}, C0000 (with _BIZ{med_type})`,
			withProgr: `accumulator "FOO" is none a ledger keeps: Q0000_{pool}, L_{limit}, OOP_{fund}, C0000_ADM_{benefit}, or the platform's totals Q0000, D{fund}, C0000 (with _BIZ{med_type})`},
		{name: "a fund code cut short", acc: map[string]string{"D31010": "1"},
			keys:      `accumulator "D31010" is none a ledger keeps: Q0000_{pool}, L_{limit}, OOP_{fund}, C0000_ADM_{benefit}, or the platform's totals Q0000, D{fund}, C0000 (with _BIZ{med_type})`,
			withProgr: `accumulator "D31010" is none a ledger keeps: Q0000_{pool}, L_{limit}, OOP_{fund}, C0000_ADM_{benefit}, or the platform's totals Q0000, D{fund}, C0000 (with _BIZ{med_type})`},
		// A fraction of a fen would make every claim of the year an error
		// row (its figures no longer whole fen).
		{name: "a fraction of a fen", acc: map[string]string{"Q0000": "0.005", "Q0000_住院": "0.005"},
			keys:      "accumulator Q0000: 0.005 has more than 2 decimal places",
			withProgr: "accumulator Q0000: 0.005 has more than 2 decimal places"},
		// A sign slipped: the member's deductible and cap would grow by it.
		{name: "below zero", acc: map[string]string{"Q0000": "-500.00", "Q0000_住院": "-500.00"},
			keys:      "accumulator Q0000: -500 is negative",
			withProgr: "accumulator Q0000: -500 is negative"},
		{name: "a count that is no whole number", acc: map[string]string{"C0000": "1.5", "Q0000_住院": "1.00"},
			keys:      "accumulator C0000 counts settlements: 1.5 is no whole number",
			withProgr: "accumulator C0000 counts settlements: 1.5 is no whole number"},
		{name: "too large", acc: map[string]string{"L_统筹年度限额": "1e30"},
			keys:      "accumulator L_统筹年度限额: 100000000000… (31 digits) is too large an amount",
			withProgr: "accumulator L_统筹年度限额: 100000000000… (31 digits) is too large an amount"},
	}
	text := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := interp.Accumulators{}
			for k, v := range tt.acc {
				acc[k] = decimal.RequireFromString(v)
			}
			if diff := cmp.Diff(tt.keys, text(interp.CheckKeys(acc))); diff != "" {
				t.Errorf("CheckKeys (-want +got):\n%s", diff)
			}
			want := tt.withProgr
			if want == "" {
				want = tt.keys
			}
			if diff := cmp.Diff(want, text(prog.CheckYear(acc))); diff != "" {
				t.Errorf("CheckYear (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCheckYearTakesWhatSettlingKeeps settles random claims of every
// shipped policy and checks that each member's year the ledger then holds,
// as mpl ledger export writes it (keys at zero left out), passes the
// policy's CheckYear: an export imported with its policy is never refused.
func TestCheckYearTakesWhatSettlingKeeps(t *testing.T) {
	for _, pp := range propertyPolicies(t) {
		t.Run(pp.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 11))
			gen := newClaimGen(rng, pp.prog.Policy(), 12)
			l := interp.NewMemoryLedger()
			settled := 0
			for range 300 {
				if _, err := pp.prog.Settle(l, gen.valid(), interp.Options{}); err == nil {
					settled++
				}
			}
			if settled == 0 {
				t.Fatal("no claim settled")
			}
			members, err := l.Members()
			if err != nil {
				t.Fatal(err)
			}
			for _, psn := range members {
				years, err := l.Years(psn)
				if err != nil {
					t.Fatal(err)
				}
				for _, y := range years {
					acc, err := l.Year(psn, y)
					if err != nil {
						t.Fatal(err)
					}
					maps.DeleteFunc(acc, func(_ string, v decimal.Decimal) bool { return v.IsZero() })
					if err := pp.prog.CheckYear(acc); err != nil {
						t.Errorf("member %s, %d: %v\n%v", psn, y, err, acc)
					}
				}
			}
		})
	}
}

// TestAdmissionsKeptPerBenefit checks that a schedule counting the
// admissions of every benefit in its deductible's pool keeps each
// benefit's own count, under the key ledgers have always kept it
// (C0000_ADM_{benefit}), and reads their sum: a ledger written before
// pools were counted together goes on counting right.
func TestAdmissionsKeptPerBenefit(t *testing.T) {
	fsys := archiveFS(t, "testdata/settle/admissions_pool.txtar")
	prog, _, err := interp.LoadFS(fsys, "policy.mpl")
	if err != nil {
		t.Fatal(err)
	}
	l := interp.NewMemoryLedger()
	// The ledger holds one admission at level 3, as a ledger written
	// before would: the next, at level 2, is the second.
	if err := l.SetAccumulator("P1", 2025, interp.KeyAdmissions+"三级住院", decimal.NewFromInt(1)); err != nil {
		t.Fatal(err)
	}
	r := claim.NewReader(bytes.NewReader(fsys["claims.jsonl"].Data), claim.JSONL)
	r.Next() // B1, counted above
	c, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	s, err := prog.Settle(l, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Setlinfo.ActPayDedc.StringFixed(2); got != "300.00" {
		t.Errorf("the second admission's deductible: %s, want 600 × 50%% = 300.00", got)
	}
	acc, err := l.Year("P1", 2025)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range acc {
		if strings.HasPrefix(k, interp.KeyAdmissions) {
			got[k] = v.String()
		}
	}
	if diff := cmp.Diff(map[string]string{"C0000_ADM_三级住院": "1", "C0000_ADM_其他住院": "1"}, got); diff != "" {
		t.Errorf("admissions kept (-want +got):\n%s", diff)
	}
}

// TestCheckYearUncappedBenefit checks the pooled fund's total under a
// policy where a benefit that pays has no cap: the total may be all that
// benefit's, so its lack of the other benefit's limit says nothing, and
// the year an export writes (no L_门诊: nothing counted against it) is
// taken, where it was refused as a total without its limits.
func TestCheckYearUncappedBenefit(t *testing.T) {
	fsys := fstest.MapFS{"policy.mpl": {Data: []byte(`policy "门诊有封顶" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
}
benefit 住院 {
    covers     普通住院
    deductible ¥1000 per year
    ratio      80%
}
benefit 门诊 {
    covers 普通门诊
    ratio  50%
    cap    ¥2000 per year
}
`)}}
	prog, _, err := interp.LoadFS(fsys, "policy.mpl")
	if err != nil {
		t.Fatal(err)
	}
	acc := interp.Accumulators{"C0000": decimal.NewFromInt(1), "C0000_ADM_住院": decimal.NewFromInt(1), "D310101": decimal.RequireFromString("3200.00"),
		"Q0000": decimal.RequireFromString("1000.00"), "Q0000_住院": decimal.RequireFromString("1000.00")}
	if err := prog.CheckYear(acc); err != nil {
		t.Errorf("an export's year refused: %v", err)
	}
}
