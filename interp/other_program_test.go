package interp_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// bigInpatient is a Nanjing inpatient claim of amount yuan in month, all
// of it within the scope: two of 600000 and 100000 pass the pooled fund's
// yearly cap (年度最高支付限额, 460000).
func bigInpatient(id string, month time.Month, amount string) *claim.Claim {
	return &claim.Claim{SetlID: id, PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "21", MedinsLv: "3",
		SetlTime:     time.Date(2025, month, 1, 0, 0, 0, 0, time.UTC),
		MedfeeSumamt: decimal.RequireFromString(amount), InscpScpAmt: decimal.RequireFromString(amount)}
}

// TestLedgerOfAnotherProgram: a what-if or fast ledger holds the
// accumulators of the Program that made it and no others. Another
// Program, even one loaded again from the same text, settling into it
// dropped the figures the ledger had no room for (Fujian's lacks
// Nanjing's yearly cap total) and paid past the cap; every entry point
// now refuses such a ledger with ErrOtherProgram before it settles
// anything, and the ledger holds nothing after.
func TestLedgerOfAnotherProgram(t *testing.T) {
	nanjing := loadNanjing(t)
	fujian, _, err := interp.LoadFS(os.DirFS("../policies"), "cn/fujian/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	reloaded := loadNanjing(t) // the same text, another Program
	ctx := context.Background()
	const line = `{"setl_id":"A","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-01","medfee_sumamt":"600000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"600000.00"}` + "\n"

	// The money: on a ledger of its own, Nanjing pays the cap and no more.
	for name, st := range map[string]interp.Store{"own what-if ledger": nanjing.NewWhatIfLedger(), "memory ledger": interp.NewMemoryLedger()} {
		var paid []string
		for _, c := range []*claim.Claim{bigInpatient("A", 3, "600000.00"), bigInpatient("B", 4, "100000.00")} {
			s, err := nanjing.SettleIn(st, c, interp.Options{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			paid = append(paid, s.Setlinfo.HifpPay.StringFixed(2))
		}
		if diff := cmp.Diff([]string{"460000.00", "0.00"}, paid); diff != "" {
			t.Errorf("%s: hifp_pay (-want +got):\n%s", name, diff)
		}
	}

	for _, other := range []struct {
		name string
		prog *interp.Program
	}{{"fujian", fujian}, {"nanjing loaded again", reloaded}} {
		ways := map[string]func(w *interp.WhatIfLedger) error{
			"SettleIn": func(w *interp.WhatIfLedger) error {
				_, err := nanjing.SettleIn(w, bigInpatient("A", 3, "600000.00"), interp.Options{})
				return err
			},
			"Settle in Update": func(w *interp.WhatIfLedger) error {
				return w.Update([]string{"P1"}, func(l interp.Ledger) error {
					_, err := nanjing.Settle(l, bigInpatient("A", 3, "600000.00"), interp.Options{})
					return err
				})
			},
			"Presettle in View": func(w *interp.WhatIfLedger) error {
				return w.View(func(l interp.Ledger) error {
					_, err := nanjing.Presettle(l, bigInpatient("A", 3, "600000.00"), interp.Options{})
					return err
				})
			},
			"RunStream": func(w *interp.WhatIfLedger) error {
				var out bytes.Buffer
				_, err := nanjing.RunStream(ctx, w, strings.NewReader(line), claim.JSONL, claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{})
				if out.Len() != 0 {
					t.Errorf("RunStream wrote %q", out.String())
				}
				return err
			},
			"RunBatch": func(w *interp.WhatIfLedger) error {
				var out bytes.Buffer
				_, err := nanjing.RunBatch(ctx, w, claim.NewReader(strings.NewReader(line), claim.JSONL), claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{})
				if out.Len() != 0 {
					t.Errorf("RunBatch wrote %q", out.String())
				}
				return err
			},
			"SettleAll": func(w *interp.WhatIfLedger) error {
				return nanjing.SettleAll(ctx, w, []interp.Result{{Claim: bigInpatient("A", 3, "600000.00")}}, interp.BatchOptions{})
			},
		}
		for way, call := range ways {
			w := other.prog.NewWhatIfLedger()
			if err := call(w); !errors.Is(err, interp.ErrOtherProgram) {
				t.Errorf("%s into %s's what-if ledger: err = %v, want ErrOtherProgram", way, other.name, err)
			}
			if m, err := w.Members(); err != nil || len(m) != 0 {
				t.Errorf("%s into %s's what-if ledger: it holds members %v (%v), want none", way, other.name, m, err)
			}
		}

		l := other.prog.NewFastLedger()
		var fc interp.FastClaim
		if err := nanjing.DecodeFast(l, bigInpatient("A", 3, "600000.00"), &fc); !errors.Is(err, interp.ErrOtherProgram) {
			t.Errorf("DecodeFast into %s's fast ledger: err = %v, want ErrOtherProgram", other.name, err)
		}
		own := nanjing.NewFastLedger()
		if err := nanjing.DecodeFast(own, bigInpatient("A", 3, "600000.00"), &fc); err != nil {
			t.Fatal(err)
		}
		if err := nanjing.SettleFast(l, &fc, &interp.FastResult{}); !errors.Is(err, interp.ErrOtherProgram) {
			t.Errorf("SettleFast into %s's fast ledger: err = %v, want ErrOtherProgram", other.name, err)
		}
	}
}
