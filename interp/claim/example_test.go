package claim_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

func ExampleReader() {
	batch := `{"setl_id":"S1","psn_no":"P1","insutype":"310","psn_type":"在职","med_type":"11","medins_lv":"3","setl_time":"2024-03-05","medfee_sumamt":1234.5,"fulamt_ownpay_amt":"34.50","overlmt_selfpay":"0","preselfpay_amt":"200","inscp_scp_amt":"1000","his_memo":"ignored"}
{"setl_id":"S2","psn_no":"P1","insutype":"310","psn_type":"在职","med_type":"11","medins_lv":"3","setl_time":"2024-03-06","medfee_sumamt":"1250","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"200","inscp_scp_amt":"1000"}
{"setl_id":"S3",
`
	r := claim.NewReader(strings.NewReader(batch), claim.JSONL)
	for {
		c, err := r.Next()
		if err == io.EOF {
			break
		}
		var e *claim.Error
		if errors.As(err, &e) {
			fmt.Println(e.Code, e)
			continue
		}
		fmt.Println(c.SetlID, c.SetlTime.Format("2006-01-02"), c.MedfeeSumamt.StringFixed(2), c.MdtrtArea)
	}
	// Output:
	// S1 2024-03-05 1234.50 本地
	// mpl_claim_error claim S2 (line 2): medfee_sumamt: the four amounts add up to 1200.00, not medfee_sumamt 1250.00
	// mpl_read_error line 3: not valid JSON at column 16: unexpected end of JSON input
}

func ExampleWriter() {
	w := claim.NewWriter(os.Stdout, claim.JSONL)
	w.WriteSettlement(&claim.Settlement{
		SetlID: "S1",
		PsnNo:  "P1",
		Setlinfo: claim.Setlinfo{
			MedfeeSumamt:    decimal.RequireFromString("1234.5"),
			InscpScpAmt:     decimal.RequireFromString("1234.5"),
			HifpPay:         decimal.RequireFromString("864.15"),
			PoolPropSelfpay: decimal.RequireFromString("0.7"),
			FundPaySumamt:   decimal.RequireFromString("864.15"),
			PsnPartAmt:      decimal.RequireFromString("370.35"),
			PsnCashPay:      decimal.RequireFromString("370.35"),
		},
		Setldetail: []claim.FundDetail{{
			FundPayType: "310100", FundPayTypeName: "职工基本医疗保险统筹基金",
			InscpScpAmt: decimal.RequireFromString("1234.5"), CrtPaybLmtAmt: decimal.RequireFromString("300000"),
			FundPayamt: decimal.RequireFromString("864.15"), SetlProcInfo: "按 70% 支付",
		}},
	})
	w.WriteError(&claim.Error{Line: 3, Code: claim.CodeRead, Msg: "not valid JSON"})
	w.Flush()
	// Output:
	// {"setl_id":"S1","psn_no":"P1","setlinfo":{"medfee_sumamt":"1234.50","fulamt_ownpay_amt":"0.00","overlmt_selfpay":"0.00","preselfpay_amt":"0.00","inscp_scp_amt":"1234.50","act_pay_dedc":"0.00","hifp_pay":"864.15","pool_prop_selfpay":"0.7000","hifob_pay":"0.00","hifmi_pay":"0.00","cvlserv_pay":"0.00","hifes_pay":"0.00","maf_pay":"0.00","oth_pay":"0.00","fund_pay_sumamt":"864.15","psn_part_amt":"370.35","acct_pay":"0.00","acct_mulaid_pay":"0.00","psn_cash_pay":"370.35","balc":"0.00"},"setldetail":[{"fund_pay_type":"310100","fund_pay_type_name":"职工基本医疗保险统筹基金","inscp_scp_amt":"1234.50","crt_payb_lmt_amt":"300000.00","fund_payamt":"864.15","setl_proc_info":"按 70% 支付"}]}
	// {"line":3,"error":{"message":"not valid JSON","code":"mpl_read_error"}}
}
