// Package claim owns the contract between MPL and the systems around it:
// the Claim that comes in, the Settlement that goes out (field names after
// the national platform's 2207/2304 interface, see settlement-io.md), and
// their readers and writers for JSON Lines and CSV.
//
// It does not settle anything: package interp does, from a compiled policy.
package claim
