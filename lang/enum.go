package lang

import "sort"

// Enum is a resolved code table: a policy's labels over the national codes,
// or the national table itself when the policy defines no labels of its own.
type Enum struct {
	Name   string     // the claim field it types, e.g. psn_type
	Title  string     // e.g. 人员类别
	Labels []string   // ordinal → label
	Codes  [][]string // ordinal → the codes the label stands for
	Pos    []Pos      // ordinal → where the label is declared
	Decl   Pos        // where the enum is declared
	lookup map[string]int
	index  codeIndex // lookup's texts, for Lookup, made once lookup is whole
}

// Lookup maps a claim's text (a label, a code, or the national label of a
// code) to an ordinal.
func (e *Enum) Lookup(text string) (int, bool) {
	return e.index.lookup(text)
}

// Len is the number of labels.
func (e *Enum) Len() int { return len(e.Labels) }

// Keys lists everything Lookup accepts, sorted, for hints.
func (e *Enum) Keys() []string {
	keys := make([]string, 0, len(e.lookup))
	for k := range e.lookup {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Field is a claim field an expression can read.
type Field uint8

// The claim fields visible to policies, named as in settlement-io.md.
const (
	FieldInvalid Field = iota
	FieldPsnType
	FieldMedType
	FieldMedinsLv
	FieldInsutype
	FieldMdtrtArea
	FieldRemoteFiling
	FieldAge
	FieldCvlservFlag
	FieldDiseCode
	FieldSetlTime
	FieldMedfeeSumamt
	FieldFulamtOwnpayAmt
	FieldOverlmtSelfpay
	FieldPreselfpayAmt
	FieldInscpScpAmt
	FieldAdmission // the ordinal of this admission in the year, for this benefit
	// Fields of a contribution row, seen only by account credit rules.
	FieldContributionBase
	FieldOwnContribution
	FieldPension
	numFields
)

// FieldCount bounds the Field values, for arrays indexed by Field.
const FieldCount = int(numFields)

// fieldInfo describes each claim field: its name and its type (enum fields
// name the enum that types them).
var fieldInfo = [numFields]struct {
	name string
	kind Kind
}{
	FieldPsnType:          {"psn_type", KindEnum},
	FieldMedType:          {"med_type", KindEnum},
	FieldMedinsLv:         {"medins_lv", KindEnum},
	FieldInsutype:         {"insutype", KindEnum},
	FieldMdtrtArea:        {"mdtrt_area", KindEnum},
	FieldRemoteFiling:     {"remote_filing", KindEnum},
	FieldAge:              {"age", KindNumber},
	FieldCvlservFlag:      {"cvlserv_flag", KindBool},
	FieldDiseCode:         {"dise_code", KindString},
	FieldSetlTime:         {"setl_time", KindDate},
	FieldMedfeeSumamt:     {"medfee_sumamt", KindMoney},
	FieldFulamtOwnpayAmt:  {"fulamt_ownpay_amt", KindMoney},
	FieldOverlmtSelfpay:   {"overlmt_selfpay", KindMoney},
	FieldPreselfpayAmt:    {"preselfpay_amt", KindMoney},
	FieldInscpScpAmt:      {"inscp_scp_amt", KindMoney},
	FieldAdmission:        {"admission", KindNumber},
	FieldContributionBase: {"contribution_base", KindMoney},
	FieldOwnContribution:  {"own_contribution", KindMoney},
	FieldPension:          {"pension", KindMoney},
}

// IsContributionField reports whether f is a field of a contribution row,
// which only account credit rules see.
func IsContributionField(f Field) bool {
	return f == FieldContributionBase || f == FieldOwnContribution || f == FieldPension
}

// String is the field's name in claims and policies.
func (f Field) String() string {
	if f < numFields {
		return fieldInfo[f].name
	}
	return "?"
}

// fieldByName finds a claim field by its name.
func fieldByName(name string) (Field, bool) {
	for f := Field(1); f < numFields; f++ {
		if fieldInfo[f].name == name {
			return f, true
		}
	}
	return FieldInvalid, false
}

// EnumFields are the claim fields typed by an enum, in a fixed order.
var EnumFields = []Field{FieldPsnType, FieldMedType, FieldMedinsLv, FieldInsutype, FieldMdtrtArea, FieldRemoteFiling}

// FieldOfEnum returns the claim field that an enum of this name types.
func FieldOfEnum(name string) (Field, bool) {
	f, ok := fieldByName(name)
	if !ok || fieldInfo[f].kind != KindEnum {
		return FieldInvalid, false
	}
	return f, true
}
