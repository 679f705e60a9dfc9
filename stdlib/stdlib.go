// Package stdlib holds what every policy shares: the national code tables
// (医疗类别, 险种, 人员类别, 基金支付类型, 收费项目等级 …), written in MPL in
// national.mpl and embedded in the binary.
//
// It owns the text only; package lang parses and checks it once and gives
// every policy its enums.
package stdlib

import _ "embed"

// National is the source of national.mpl, the national code tables.
//
//go:embed national.mpl
var National []byte

// NationalFile is the name national.mpl's diagnostics and traces use.
const NationalFile = "stdlib/national.mpl"
