package interp

import (
	"strconv"

	"github.com/mpl-lang/mpl/interp/claim"
)

// AppendRow appends r as one row of w's: the bytes w writes for
// r.Settlement(), without the CSV header, which is w's to write (see
// claim.Writer's AppendFen and WriteRows). It works from the figures in
// fen and allocates nothing beyond growing dst. It only reads r, and of w
// what AppendFen reads, so workers may format their own results at once.
func (r *FastResult) AppendRow(dst []byte, w *claim.Writer) []byte {
	var details [maxFastDetails]claim.FenDetail
	s := claim.FenSettlement{Setldetail: r.fenDetails(&details)}
	r.fenSetlinfo(&s)
	return w.AppendFen(dst, &s)
}

// WriteRow writes r to w as w.WriteSettlement(r.Settlement()) would,
// without converting it.
func (r *FastResult) WriteRow(w *claim.Writer) error {
	var details [maxFastDetails]claim.FenDetail
	s := claim.FenSettlement{Setldetail: r.fenDetails(&details)}
	r.fenSetlinfo(&s)
	return w.WriteFen(&s)
}

// fenSetlinfo sets s's ids and setlinfo to r's.
func (r *FastResult) fenSetlinfo(s *claim.FenSettlement) {
	s.SetlID, s.PsnNo = r.setlID, r.psnNo
	s.Setlinfo = [...]int64{r.MedfeeSumamt, r.FulamtOwnpayAmt, r.OverlmtSelfpay, r.PreselfpayAmt, r.InscpScpAmt,
		r.ActPayDedc, r.HifpPay, r.PoolPropSelfpay, r.HifobPay, r.HifmiPay,
		r.CvlservPay, r.HifesPay, r.MafPay, r.OthPay, r.FundPaySumamt,
		r.PsnPartAmt, r.AcctPay, r.AcctMulaidPay, r.PsnCashPay, r.Balc}
}

// fenDetails returns r's setldetail, held in details. (It returns the
// slice rather than store it through a pointer to the settlement, which
// would move details to the heap.)
func (r *FastResult) fenDetails(details *[maxFastDetails]claim.FenDetail) []claim.FenDetail {
	for i := range r.NDetails {
		d := &r.Details[i]
		details[i] = claim.FenDetail{FundPayType: d.FundPayType, FundPayTypeName: d.FundPayTypeName,
			InscpScpAmt: d.InscpScpAmt, CrtPaybLmtAmt: d.CrtPaybLmtAmt, FundPayamt: d.FundPayamt, ProcInfo: d}
	}
	return details[:r.NDetails]
}

// AppendProcInfo appends d's setl_proc_info, the text Settle writes for
// the fund (pooled and further): how its amount was worked out. It
// implements claim.ProcInfoAppender.
func (d *FastDetail) AppendProcInfo(dst []byte) []byte {
	dst = append(dst, d.rule...)
	dst = append(dst, ": "...)
	switch d.kind {
	case detailPooled, detailPooledBands, detailPooledBandsAdjusted:
		dst = append(dst, "起付线 "...)
		dst = appendFen(dst, d.a)
		dst = append(dst, ", ("...)
		dst = appendFen(dst, d.b)
		dst = append(dst, " − "...)
		dst = appendFen(dst, d.a)
		if d.kind == detailPooled {
			dst = append(dst, ") × "...)
			dst = appendPct(dst, d.rate)
		} else {
			dst = append(dst, ") 分段累进 "...)
			dst = appendBandTerms(dst, d.bands, d.b-d.a)
			if d.kind == detailPooledBandsAdjusted {
				dst = append(dst, ", 比例调整后"...)
			}
		}
		return appendCapped(dst, d.c, d.FundPayamt)
	case detailOOPBands:
		dst = append(dst, "年度合规自付累计 "...)
		dst = appendFen(dst, d.a)
		dst = append(dst, " → "...)
		dst = appendFen(dst, d.a+d.b)
		dst = append(dst, ", 分段累进"...)
	case detailOOP:
		dst = append(dst, "合规自付 × "...)
		dst = appendPct(dst, d.rate)
	case detailShareBands:
		dst = append(dst, "剩余合规自付, 分段累进"...)
	default:
		dst = append(dst, "剩余合规自付 × "...)
		dst = appendPct(dst, d.rate)
	}
	return appendCapped(dst, d.c, d.FundPayamt)
}

// appendCapped appends " = computed", and where a cap held the fund to
// less, ", 封顶后 pay".
func appendCapped(dst []byte, computed, pay int64) []byte {
	dst = append(dst, " = "...)
	dst = appendFen(dst, computed)
	if computed != pay {
		dst = append(dst, ", 封顶后 "...)
		dst = appendFen(dst, pay)
	}
	return dst
}

// appendBandTerms appends the working of bands over an amount in fen as
// bandTerms in settle.go writes it from 0, or "0.00" where no band holds
// any of it: each band's slice times its rate, "500.00 × 25% + 9500.00 × 65%".
func appendBandTerms(dst []byte, b *fastBands, amount int64) []byte {
	n := len(dst)
	last := len(b.fromFen) - 1
	for i, from := range b.fromFen {
		top := amount
		if !(i == last && b.open) && b.toFen[i] < top {
			top = b.toFen[i]
		}
		slice := top - max(0, from)
		if slice <= 0 {
			continue
		}
		if len(dst) > n {
			dst = append(dst, " + "...)
		}
		dst = appendFen(dst, slice)
		dst = append(dst, " × "...)
		dst = appendPct(dst, b.rates[i])
	}
	if len(dst) == n {
		dst = append(dst, "0.00"...)
	}
	return dst
}

// appendFen appends an amount in fen as decFen(v).StringFixed(2) writes
// it: "123.45", "0.05", "-0.05".
func appendFen(dst []byte, v int64) []byte {
	u := abs64(v)
	if v < 0 {
		dst = append(dst, '-')
	}
	dst = strconv.AppendUint(dst, u/100, 10)
	r := u % 100
	return append(dst, '.', byte('0'+r/10), byte('0'+r%10))
}

// appendPct appends x as pct(x.dec()) writes it: x × 100 rounded half
// away from zero to 4 places, without trailing zeros (nor a point left
// bare), then "%": 0.85 is "85%", 1 is "100%", 0.0525 is "5.25%",
// 0.12345678 is "12.3457%", and a negative that rounds to nothing is "0%".
func appendPct(dst []byte, x fx) []byte {
	// x × 100 in ten-thousandths is x.m × 10^(6 − x.e).
	var v int64
	if x.e <= 6 {
		m, ok := mul64(x.m, pow10i64[6-x.e])
		if !ok {
			// A ratio beyond 9×10¹²: no policy's, but the text must
			// still agree, at the cost of an allocation.
			return append(dst, pct(x.dec())...)
		}
		v = m
	} else {
		q := pow10i64[x.e-6]
		v = x.m / q
		if r := abs64(x.m % q); r >= uint64(q)-r {
			v += sign(x.m)
		}
	}
	u := abs64(v)
	if v < 0 {
		dst = append(dst, '-')
	}
	dst = strconv.AppendUint(dst, u/10000, 10)
	if f := u % 10000; f != 0 {
		dst = append(dst, '.', byte('0'+f/1000), byte('0'+f/100%10), byte('0'+f/10%10), byte('0'+f%10))
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
	}
	return append(dst, '%')
}
