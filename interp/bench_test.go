package interp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

const nanjingPath = "cn/nanjing/employee-2025.mpl"

func loadNanjing(b testing.TB) *interp.Program {
	b.Helper()
	prog, _, err := interp.LoadFS(os.DirFS("../policies"), nanjingPath)
	if err != nil {
		b.Fatal(err)
	}
	return prog
}

const nanjingInpatient = `{"setl_id":"B1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"500.00","overlmt_selfpay":"0.00","preselfpay_amt":"500.00","inscp_scp_amt":"9000.00"}`

func BenchmarkSettleNanjing(b *testing.B) {
	prog := loadNanjing(b)
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		b.Fatal(err)
	}
	ledger := interp.NewMemoryLedger()
	b.ReportAllocs()
	for b.Loop() {
		// Presettle computes the whole settlement without committing, so the
		// ledger does not grow and every iteration settles the same claim.
		if _, err := prog.Presettle(ledger, c, interp.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompileNanjing(b *testing.B) {
	fsys := os.DirFS("../policies")
	pol, err := lang.NewFSLoader(fsys).Load(nanjingPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := interp.Compile(pol); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunBatch is a whole batch of 1000 Nanjing claims read, sorted,
// settled and written: against a MemoryLedger on the decimal path, and
// against a WhatIfLedger on the fast path (what mpl run does for a batch
// with no reversal and no repeated setl_id).
func BenchmarkRunBatch(b *testing.B) {
	prog := loadNanjing(b)
	var in bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&in, `{"setl_id":"S%04d","psn_no":"P%02d","insutype":"310","psn_type":"%s","med_type":"%s","medins_lv":"%d","setl_time":"2025-%02d-%02d","medfee_sumamt":"%d.%02d","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%d.%02d"}`+"\n",
			i, i%50, []string{"1101", "1201", "原退休"}[i%3], []string{"21", "11", "41", "22"}[i%4], 1+i%3, 1+i%12, 1+i%28, 100+i*37, i%100, 100+i*37, i%100)
	}
	data := in.Bytes()
	for _, ledger := range []struct {
		name string
		new  func() interp.Store
	}{
		{"memory", func() interp.Store { return interp.NewMemoryLedger() }},
		{"whatif", func() interp.Store { return prog.NewWhatIfLedger() }},
	} {
		b.Run(ledger.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r := claim.NewReader(bytes.NewReader(data), claim.JSONL)
				w := claim.NewWriter(io.Discard, claim.JSONL)
				st, err := prog.RunBatch(context.Background(), ledger.new(), r, w, interp.BatchOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if st.Errors != 0 {
					b.Fatalf("%d error rows", st.Errors)
				}
			}
		})
	}
}

// BenchmarkSettleMemory settles 1000 Nanjing claims of 50 members into a
// fresh MemoryLedger, with Settle and with SettleIn: the decimal path and
// the ledger's own cost (its locks, the copy it keeps of each entry),
// without reading or writing rows.
func BenchmarkSettleMemory(b *testing.B) {
	prog := loadNanjing(b)
	var in bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&in, `{"setl_id":"S%04d","psn_no":"P%02d","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-%02d-%02d","medfee_sumamt":"%d.%02d","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%d.%02d"}`+"\n",
			i, i%50, 1+i/100, 1+i%28, 100+i*37, i%100, 100+i*37, i%100)
	}
	rows, err := interp.ReadAll(claim.NewReader(&in, claim.JSONL))
	if err != nil {
		b.Fatal(err)
	}
	// In setl_time order, as a run settles them: the ledger refuses a
	// claim dated before its member's latest.
	slices.SortStableFunc(rows, func(x, y interp.Result) int { return x.Claim.SetlTime.Compare(y.Claim.SetlTime) })
	for _, via := range []string{"Settle", "SettleIn"} {
		b.Run(via, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l := interp.NewMemoryLedger()
				for _, rw := range rows {
					var err error
					if via == "Settle" {
						_, err = prog.Settle(l, rw.Claim, interp.Options{})
					} else {
						_, err = prog.SettleIn(l, rw.Claim, interp.Options{})
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
