package interp

import (
	"strconv"
	"strings"

	"github.com/mpl-lang/mpl/internal/spaces"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

// claimFieldsOf is what an entry keeps of c beside its amounts (see
// ClaimFields). It shares c's strings.
func claimFieldsOf(c *claim.Claim) ClaimFields {
	f := ClaimFields{
		Insutype: spaces.Trim(c.Insutype), PsnType: spaces.Trim(c.PsnType), MedType: spaces.Trim(c.MedType),
		MedinsLv: spaces.Trim(c.MedinsLv), MdtrtArea: spaces.Trim(c.MdtrtArea), RemoteFiling: spaces.Trim(c.RemoteFiling),
		HasAge: c.HasAge, CvlservFlag: c.CvlservFlag, AcctNotUsed: c.AcctNotUsed, MulaidPsnNo: c.MulaidPsnNo,
		DiseCode: c.DiseCode, PsnInsuStas: insuStasOf(c.PsnInsuStas),
	}
	if c.HasAge {
		f.Age = c.Age
	}
	return f
}

// flatFieldsOf is claimFieldsOf for a flat claim. It shares f's strings,
// which a Reader's next chunk overwrites: keep a copy (owned).
func flatFieldsOf(f *claim.Flat) ClaimFields {
	cf := ClaimFields{
		Insutype: spaces.Trim(f.Insutype), PsnType: spaces.Trim(f.PsnType), MedType: spaces.Trim(f.MedType),
		MedinsLv: spaces.Trim(f.MedinsLv), MdtrtArea: spaces.Trim(f.MdtrtArea), RemoteFiling: spaces.Trim(f.RemoteFiling),
		HasAge: f.HasAge, CvlservFlag: f.CvlservFlag, AcctNotUsed: f.AcctNotUsed, MulaidPsnNo: f.MulaidPsnNo,
		DiseCode: f.DiseCode, PsnInsuStas: insuStasOf(f.PsnInsuStas),
	}
	if f.HasAge {
		cf.Age = f.Age
	}
	return cf
}

// owned returns f with strings of its own.
func (f ClaimFields) owned() ClaimFields {
	for _, s := range []*string{&f.Insutype, &f.PsnType, &f.MedType, &f.MedinsLv, &f.MdtrtArea, &f.RemoteFiling, &f.MulaidPsnNo, &f.DiseCode} {
		*s = strings.Clone(*s)
	}
	return f
}

// fieldDiff is a field in which a claim differs from the claim first
// settled under its setl_id, or the one it reverses: each one's value, as
// the claim gave it.
type fieldDiff struct {
	field, was, now string
}

// firstFieldDiff compares the fields of a claim (now) with those of the
// claim a settlement was made of (was), in the contract's order: the
// first that differs, and true; false when all agree, or when was was not
// recorded (an entry of an older ledger). A code is compared by the
// ordinal the policy resolves it to, so that a label and a national code
// it stands for (在职 and 1101) are the same; a code the policy no longer
// knows (a label dropped since the settlement) is compared as written.
// The rest is compared as written: dise_code and mulaid_psn_no as the
// policy and the ledger read them.
func (p *Program) firstFieldDiff(was, now *ClaimFields) (fieldDiff, bool) {
	if *was == (ClaimFields{}) {
		return fieldDiff{}, false
	}
	for _, code := range [...]struct {
		fld      lang.Field
		was, now string
	}{
		{lang.FieldInsutype, was.Insutype, now.Insutype},
		{lang.FieldPsnType, was.PsnType, now.PsnType},
		{lang.FieldMedType, was.MedType, now.MedType},
		{lang.FieldMedinsLv, was.MedinsLv, now.MedinsLv},
		{lang.FieldMdtrtArea, was.MdtrtArea, now.MdtrtArea},
		{lang.FieldRemoteFiling, was.RemoteFiling, now.RemoteFiling},
	} {
		if !p.sameCode(code.fld, code.was, code.now) {
			return fieldDiff{code.fld.String(), shownCode(code.fld, code.was), shownCode(code.fld, code.now)}, true
		}
	}
	switch {
	case was.HasAge != now.HasAge || was.Age != now.Age:
		return fieldDiff{"age", shownAge(was), shownAge(now)}, true
	case was.CvlservFlag != now.CvlservFlag:
		return fieldDiff{"cvlserv_flag", shownFlag(was.CvlservFlag), shownFlag(now.CvlservFlag)}, true
	case was.AcctNotUsed != now.AcctNotUsed:
		return fieldDiff{"acct_used_flag", shownFlag(!was.AcctNotUsed), shownFlag(!now.AcctNotUsed)}, true
	case was.MulaidPsnNo != now.MulaidPsnNo:
		return fieldDiff{"mulaid_psn_no", shownText(was.MulaidPsnNo), shownText(now.MulaidPsnNo)}, true
	case was.DiseCode != now.DiseCode:
		return fieldDiff{"dise_code", shownText(was.DiseCode), shownText(now.DiseCode)}, true
	case was.PsnInsuStas != now.PsnInsuStas:
		return fieldDiff{"psn_insu_stas", shownText(was.PsnInsuStas), shownText(now.PsnInsuStas)}, true
	}
	return fieldDiff{}, false
}

// fieldsDiffer compares the fields of c beside its amounts with those of
// the claim a settlement was made of (see firstFieldDiff): the error
// differs makes of the first that differs, or nil.
func (p *Program) fieldsDiffer(was *ClaimFields, c *claim.Claim, differs func(field, was, now string) error) error {
	now := claimFieldsOf(c)
	if c.Reverses != "" && c.Reverses != c.SetlID {
		now.reversing(was)
	}
	if d, ok := p.firstFieldDiff(was, &now); ok {
		return differs(d.field, d.was, d.now)
	}
	return nil
}

// reversing makes now, the fields of a reversal, agree with was, those of
// the claim it reverses, in what a reversal need not repeat: the age,
// which a HIS may work out again at the reversal's date, a year on, and
// psn_insu_stas, the member's status when the reversal is sent. Neither
// decides what is reversed (the stored settlement is, negated), as the
// codes do in telling one claim from another.
func (now *ClaimFields) reversing(was *ClaimFields) {
	now.Age, now.HasAge = was.Age, was.HasAge
	now.PsnInsuStas = was.PsnInsuStas // the member's status now, which may have ended since
}

// insuStasOf is a psn_insu_stas code as an entry keeps it: "" for 正常,
// given or not, which settle alike.
func insuStasOf(code string) string {
	if code == claim.InsuStasNormal {
		return ""
	}
	return code
}

// anyFieldDiffers reports whether the fields of a claim (now) differ from
// those of the claim a settlement was made of (was), as firstFieldDiff
// compares them.
func (p *Program) anyFieldDiffers(was, now *ClaimFields) bool {
	_, differ := p.firstFieldDiff(was, now)
	return differ
}

// sameCode reports whether two texts of a code field mean the same to the
// policy: written alike, or resolved to one ordinal.
func (p *Program) sameCode(fld lang.Field, was, now string) bool {
	if was == now {
		return true
	}
	i, ok := p.resolveCode(fld, was)
	j, known := p.resolveCode(fld, now)
	return ok && known && i == j
}

// resolveCode is the ordinal the policy gives a code field's text, as fill
// resolves it: mdtrt_area not given is 本地, remote_filing not given 未备案.
func (p *Program) resolveCode(fld lang.Field, text string) (int, bool) {
	switch {
	case text == "" && fld == lang.FieldMdtrtArea:
		return p.local, true
	case text == "" && fld == lang.FieldRemoteFiling:
		return p.noFiling, true
	}
	e := p.enums[fld]
	if e == nil {
		return 0, false
	}
	return e.Lookup(text)
}

// shownCode is a code field's text as an error row shows it: the
// contract's default where none was given.
func shownCode(fld lang.Field, text string) string {
	switch {
	case text != "":
		return text
	case fld == lang.FieldMdtrtArea:
		return "本地"
	case fld == lang.FieldRemoteFiling:
		return "未备案"
	}
	return "none"
}

func shownAge(f *ClaimFields) string {
	if !f.HasAge {
		return "none"
	}
	return strconv.Itoa(f.Age)
}

func shownFlag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func shownText(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// fields is what an entry keeps of fc beside its amounts; it shares the
// strings of the claim fc was decoded from.
func (fc *FastClaim) fields() ClaimFields {
	if fc.src != nil {
		return claimFieldsOf(fc.src)
	}
	return flatFieldsOf(fc.flat)
}
