package claim

// The JSON encodings of a settlement's parts, for an embedding program
// that marshals a Setlinfo or a FundDetail on its own: the bytes they
// have in a JSON Lines row (see Settlement.MarshalJSON), not the struct
// tags' default, which writes a decimal as short as it can ("10000.5",
// "0").

// MarshalJSON encodes the figures as a JSON Lines row's setlinfo object:
// money with two places, pool_prop_selfpay with four. A figure with a
// fraction of a fen is the Writer's error (see CheckFen).
func (si Setlinfo) MarshalJSON() ([]byte, error) {
	if e := CheckFen(&Settlement{Setlinfo: si}); e != nil {
		return nil, e
	}
	return appendJSONSetlinfo(nil, &si), nil
}

// MarshalJSON encodes the fund's payment as one element of a JSON Lines
// row's setldetail: money with two places. A figure with a fraction of a
// fen is the Writer's error (see CheckFen).
func (fd FundDetail) MarshalJSON() ([]byte, error) {
	if e := CheckFen(&Settlement{Setldetail: []FundDetail{fd}}); e != nil {
		return nil, e
	}
	return appendJSONFundDetail(nil, &fd), nil
}

// appendJSONSetlinfo appends si as the Writer's JSON Lines rows hold it.
func appendJSONSetlinfo(b []byte, si *Setlinfo) []byte {
	b = append(b, '{')
	for i, f := range setlinfoFields(si) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, f.name...)
		b = append(b, `":"`...)
		if i == poolPropIndex {
			b = appendFixed(b, f.d, ratioOutPlaces)
		} else {
			b = appendFixed(b, f.d, moneyPlaces)
		}
		b = append(b, '"')
	}
	return append(b, '}')
}

// appendJSONFundDetail appends fd as the Writer's JSON Lines rows hold it.
func appendJSONFundDetail(b []byte, fd *FundDetail) []byte {
	b = append(b, `{"fund_pay_type":`...)
	b = appendJSONString(b, fd.FundPayType)
	b = append(b, `,"fund_pay_type_name":`...)
	b = appendJSONString(b, fd.FundPayTypeName)
	b = append(b, `,"inscp_scp_amt":"`...)
	b = appendFixed(b, fd.InscpScpAmt, moneyPlaces)
	b = append(b, `","crt_payb_lmt_amt":"`...)
	b = appendFixed(b, fd.CrtPaybLmtAmt, moneyPlaces)
	b = append(b, `","fund_payamt":"`...)
	b = appendFixed(b, fd.FundPayamt, moneyPlaces)
	b = append(b, `","setl_proc_info":`...)
	b = appendJSONString(b, fd.SetlProcInfo)
	return append(b, '}')
}
