// Package interp settles claims against checked policies.
//
// Compile turns a lang.Policy into a Program: expressions planned once into
// closures, tables and names resolved, nothing looked up by name per claim. A
// Program is immutable and safe for concurrent use. Program.Presettle computes
// a claim's settlement and its effects on the member's year without writing
// anything; Program.Settle also commits those effects to a Ledger, the state
// that carries a member's year across claims (deductible borne, fund paid per
// limit, admissions, out-of-pocket, the personal account).
//
// The settlement follows domain.md's order: split, eligibility, deductible,
// pooled ratio, caps, further funds, the member's share. Every fund payment is
// rounded to the fen at the step that produces it; cash takes the remainder,
// and the invariants of settlement-io.md are checked on every claim.
//
// It does not read files or print diagnostics: package lang loads and checks
// policies, package claim reads and writes claims, cmd/mpl ties them together.
package interp
