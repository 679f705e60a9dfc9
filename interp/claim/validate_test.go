package claim

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// builtClaim is baseClaim built in Go, as an embedding program would.
func builtClaim() *Claim {
	m := decimal.RequireFromString
	return &Claim{
		SetlID: "S1", PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "11", MedinsLv: "3",
		SetlTime:     time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		MedfeeSumamt: m("100.00"), FulamtOwnpayAmt: m("10.00"), PreselfpayAmt: m("5.5"), InscpScpAmt: m("84.50"),
	}
}

// TestValidate: a claim built in Go with a fault is refused on the field a
// Reader names for the same fault in a line (json), and the claim the
// line reads as passes when the reader takes it.
func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Claim)
		json   string // the same fault in a line; "" when a line cannot say it
		want   *fault
	}{
		{"good", func(c *Claim) {}, baseClaim, nil},
		{"no setl_id", func(c *Claim) { c.SetlID = "" }, with("setl_id", nil), &fault{"setl_id", "is required"}},
		{"no psn_no", func(c *Claim) { c.PsnNo = "" }, with("psn_no", nil), &fault{"psn_no", "is required"}},
		{"space after psn_no", func(c *Claim) { c.PsnNo = "P1 " }, with("psn_no", `"P1 "`), &fault{"psn_no", "must not begin or end with a space"}},
		{"zero-width space in psn_no", func(c *Claim) { c.PsnNo = "P\u200b1" }, with("psn_no", `"P\u200b1"`), &fault{"psn_no", "U+200B"}},
		{"lost character in reverses", func(c *Claim) { c.Reverses = "S\ufffd" }, with("reverses", `"S\ud800"`), &fault{"reverses", "U+FFFD"}},
		{"no psn_type", func(c *Claim) { c.PsnType = "" }, with("psn_type", nil), &fault{"psn_type", "is required"}},
		{"negative amount", func(c *Claim) {
			c.PreselfpayAmt = decimal.RequireFromString("-5.5")
			c.InscpScpAmt = decimal.RequireFromString("95.50")
		}, with("preselfpay_amt", `-5.5`, "inscp_scp_amt", `"95.50"`), &fault{"preselfpay_amt", "is negative"}},
		{"a fraction of a fen", func(c *Claim) {
			c.MedfeeSumamt = decimal.RequireFromString("100.005")
			c.InscpScpAmt = decimal.RequireFromString("84.505")
		}, with("medfee_sumamt", `"100.005"`, "inscp_scp_amt", `"84.505"`), &fault{"medfee_sumamt", "more than 2 decimal places"}},
		{"too large", func(c *Claim) {
			c.MedfeeSumamt = decimal.RequireFromString("1e20")
			c.InscpScpAmt = c.MedfeeSumamt.Sub(decimal.RequireFromString("15.5"))
		}, with("medfee_sumamt", `1e20`), &fault{"medfee_sumamt", "too large"}},
		{"parts do not add up", func(c *Claim) { c.InscpScpAmt = decimal.RequireFromString("90") }, with("inscp_scp_amt", `"90"`), &fault{"medfee_sumamt", "add up to 105.50"}},
		{"age", func(c *Claim) { c.Age, c.HasAge = -1, true }, with("age", `-1`), &fault{"age", "from 0 to 150"}},
		{"unknown area", func(c *Claim) { c.MdtrtArea = "外省" }, with("mdtrt_area", `"外省"`), &fault{"mdtrt_area", "must be one of"}},
		{"away without filing", func(c *Claim) { c.MdtrtArea = "跨省异地" }, with("mdtrt_area", `"跨省异地"`), &fault{"remote_filing", "is required when mdtrt_area is 跨省异地"}},
		{"away with filing, spaces around", func(c *Claim) { c.MdtrtArea, c.RemoteFiling = " 跨省异地", "长期 " }, with("mdtrt_area", `" 跨省异地"`, "remote_filing", `"长期 "`), nil},
		{"insured status ended", func(c *Claim) { c.PsnInsuStas = "4" }, with("psn_insu_stas", `"4"`), nil},
		{"unknown insured status", func(c *Claim) { c.PsnInsuStas = "3" }, with("psn_insu_stas", `"3"`), &fault{"psn_insu_stas", "must be 0 (未参保)"}},
		{"insured status as its label", func(c *Claim) { c.PsnInsuStas = "终止" }, "", &fault{"psn_insu_stas", "must be the code, 4"}},
		{"fee line selfpay_prop over 1", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "B1", ChrgItemLv: "乙", SumAmt: decimal.RequireFromString("100.00"), SelfpayProp: decimal.RequireFromString("1.5")}}
		}, with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"B1","chrg_item_lv":"乙","det_item_fee_sumamt":"100.00","selfpay_prop":"1.5"}]`),
			&fault{"fee_details[0].selfpay_prop", "between 0 and 1"}},
		{"fee lines with the four amounts", func(c *Claim) {
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00")}}
		}, "", &fault{"fulamt_ownpay_amt", "must be zero with fee_details"}},
		{"fee lines that do not add up", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("99.00")}}
		}, with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"A1","chrg_item_lv":"甲","det_item_fee_sumamt":"99.00","selfpay_prop":"0"}]`),
			&fault{"medfee_sumamt", "add up to 99.00"}},
		{"fee line pric giving its quantity", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"),
				Pric: decimal.RequireFromString("0.0125"), HasPric: true}}
		}, pricLine(`"pric":"0.0125"`), nil},
		{"fee line pric giving no quantity", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"),
				Pric: decimal.RequireFromString("3"), HasPric: true}}
		}, pricLine(`"pric":"3"`), &fault{"fee_details[0].pric", "det_item_fee_sumamt 100.00 / pric 3 is no quantity above 0 of at most 8 decimal places"}},
		{"fee line pric 0", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"), HasPric: true}}
		}, pricLine(`"pric":0`), &fault{"fee_details[0].pric", "/ pric 0 is no quantity"}},
		{"fee line pric × cnt within a fen", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"),
				Pric: decimal.RequireFromString("33.33"), HasPric: true, Cnt: decimal.NewFromInt(3), HasCnt: true}}
		}, pricLine(`"pric":"33.33","cnt":3`), nil},
		{"fee line pric × cnt more than a fen off", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"),
				Pric: decimal.RequireFromString("33.3367"), HasPric: true, Cnt: decimal.NewFromInt(3), HasCnt: true}}
		}, pricLine(`"pric":"33.3367","cnt":3`), &fault{"fee_details[0].pric", "pric 33.3367 × cnt 3 is 100.0101, more than a fen from det_item_fee_sumamt 100.00"}},
		{"fee line pric with 7 places", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: decimal.RequireFromString("100.00"),
				Pric: decimal.RequireFromString("0.0000001"), HasPric: true, Cnt: decimal.NewFromInt(1), HasCnt: true}}
		}, pricLine(`"pric":"0.0000001","cnt":1`), &fault{"fee_details[0].pric", "more than 6 decimal places"}},
		{"fee line class as a code", func(c *Claim) {
			c.FulamtOwnpayAmt, c.PreselfpayAmt, c.InscpScpAmt = decimal.Zero, decimal.Zero, decimal.Zero
			c.FeeDetails = []FeeDetail{{ItemCode: "A1", ChrgItemLv: "01", SumAmt: decimal.RequireFromString("100.00")}}
		}, "", &fault{"fee_details[0].chrg_item_lv", "must be 甲, 乙 or 丙"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := builtClaim()
			tt.change(c)
			var got *fault
			if e := c.Validate(); e != nil {
				if e.SetlID != c.SetlID || e.Code != CodeClaim {
					t.Errorf("error %+v does not name claim %q as a claim error", e, c.SetlID)
				}
				got = &fault{e.Field, e.Msg}
			}
			if !matches(got, tt.want) {
				t.Errorf("Validate: %s", cmp.Diff(tt.want, got))
			}
			if tt.json == "" {
				return
			}
			read, err := NewReader(strings.NewReader(tt.json), JSONL).Next()
			var fromLine *fault
			if e, ok := err.(*Error); ok {
				fromLine = &fault{e.Field, e.Msg}
			} else if err != nil {
				t.Fatal(err)
			} else if e := read.Validate(); e != nil {
				t.Errorf("the claim the line reads as fails Validate: %v", e)
			}
			if (fromLine == nil) != (tt.want == nil) || (fromLine != nil && fromLine.Field != tt.want.Field) {
				t.Errorf("the line's error %+v names another field than Validate's %+v", fromLine, tt.want)
			}
		})
	}
}

// pricLine is the base claim with one fee line of 100.00, class 甲, with
// fields added.
func pricLine(fields string) string {
	return with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
		"fee_details", `[{"item_code":"A1","chrg_item_lv":"甲","det_item_fee_sumamt":"100.00","selfpay_prop":"0",`+fields+`}]`)
}

// fault is an error's field and message.
type fault struct{ Field, Msg string }

// matches reports whether got names want's field with a message holding
// want's.
func matches(got, want *fault) bool {
	if got == nil || want == nil {
		return got == want
	}
	return got.Field == want.Field && strings.Contains(got.Msg, want.Msg)
}

// AmountError says what is wrong with an amount in a line a terminal
// shows, however many digits the amount has.
func TestAmountErrorClipped(t *testing.T) {
	tests := []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(1, 15), "1000000000000000 is too large an amount"},
		{decimal.New(1, 9999), "100000000000… (10000 digits) is too large an amount"},
		{decimal.New(-1, 0), "-1 is negative"},
		{decimal.RequireFromString("999999999999999.99"), ""},
	}
	for _, tt := range tests {
		if got := AmountError(tt.d); got != tt.want {
			t.Errorf("AmountError(%s…) = %q, want %q", tt.d.String()[:min(12, len(tt.d.String()))], got, tt.want)
		}
	}
}
