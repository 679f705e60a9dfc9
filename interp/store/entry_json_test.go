package store

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestEntryKeepsEveryDigit: the ledger stores a settlement's figures as
// they are, not as mpl run writes them (claim.Setlinfo and FundDetail
// marshal to the output's places, and refuse a fraction of a fen), and
// reads back the settlement it stored, field for field.
func TestEntryKeepsEveryDigit(t *testing.T) {
	d := decimal.RequireFromString
	s := &claim.Settlement{SetlID: "S1", PsnNo: "P1",
		Setlinfo: claim.Setlinfo{MedfeeSumamt: d("10000.5"), HifpPay: d("8459.605"), PoolPropSelfpay: d("0.845960500")},
		Setldetail: []claim.FundDetail{{FundPayType: "310100", FundPayTypeName: "统筹", InscpScpAmt: d("10000.5"),
			CrtPaybLmtAmt: d("460000"), FundPayamt: d("8459.605"), SetlProcInfo: "info"}},
		Trace: []claim.TraceStep{{Step: "ratio", Rule: "r", Amount: d("1.005")}},
	}
	body, err := encodeEntry(&interp.Entry{SetlID: "S1", Kind: interp.KindSettlement, PsnNo: "P1", Year: 2025, Settlement: s})
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeEntry(body)
	if err != nil {
		t.Fatal(err)
	}
	equal := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.String() == b.String() })
	if diff := cmp.Diff(s, e.Settlement, equal); diff != "" {
		t.Errorf("stored and read back (-stored +read):\n%s", diff)
	}
	// A field claim.Settlement gains must be stored too.
	if got, want := reflect.TypeFor[settlementJSON]().NumField(), reflect.TypeFor[claim.Settlement]().NumField(); got != want {
		t.Errorf("settlementJSON has %d fields, claim.Settlement %d", got, want)
	}
}
