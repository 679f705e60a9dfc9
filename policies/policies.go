// Package policies ships the regional policies written in MPL, embedded in
// the binary so that `mpl policies` can list them and embedding programs can
// load them without files beside the program.
//
// Each policy file cites its source document and year; beside it, a file
// NAME_test.jsonl holds claims with expected settlements worked out by hand
// (the format is in package interp/cases), run by this package's tests.
package policies

import "embed"

// FS holds every shipped policy and its test cases, under cn/.
//
//go:embed cn
var FS embed.FS
