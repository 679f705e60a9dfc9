// Package peerbench settles the same claims under the 南京 employee 2025
// policy (policies/cn/nanjing/employee-2025.mpl) with MPL and with the ways
// one would otherwise write it: by hand with int64 fen, by hand with
// shopspring/decimal, as expr-lang/expr programs (float64 and decimal) and
// as a cel-go program, so that their speed can be compared on equal work.
//
// It is a module of its own so that the peers never become dependencies of
// MPL; the root module's `go test ./...` does not reach it. Run its tests
// and benchmarks from this directory, and print the comparison table with
// `go run ./cmd/peers`.
//
// Every variant starts from the same Input (a claim as package claim reads
// it, and the member's year so far) and does the same work per claim: it
// checks the scheme, person type, kind of care, provider level, period and
// split; bears what is left of the yearly deductible; pays the ratio for
// the person type, rounded half up to the fen; stops at what is left of the
// yearly cap; and lets the personal account pay the member's share before
// cash. The policy has no 大额/大病 fund, so no variant has one. Fee lines,
// remote care and family sharing (共济) are not modelled by the peers; the
// claims here carry none.
package peerbench
