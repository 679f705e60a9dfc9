// Package interp settles claims against checked policies.
//
// LoadFile and LoadFS load, check and compile a policy in one call (lang
// does the loading and checking; print its errors with lang.Print). Compile
// turns a lang.Policy into a Program: expressions planned once into
// closures, tables and names resolved, nothing looked up by name per claim.
// A Program is immutable and safe for concurrent use.
//
// One claim: Program.Presettle computes a claim's settlement and its
// effects on the member's year without writing anything; Program.Settle
// also commits those effects to a Ledger, the state that carries a member's
// year across claims (deductible borne, fund paid per limit, admissions,
// out-of-pocket, the personal account); Program.SettleIn does so in one
// transaction of a Store shared by goroutines, processes or services.
// Settle is for a Ledger one goroutine settles into: its read of the
// member's year and its commit are one transaction only inside a Store's
// Update, which SettleIn begins for it. (Settle into a MemoryLedger locks
// the member as Update does, so that is safe from many goroutines too.) A
// settlement handed out, by Settle, SettleIn or a Ledger's Entry, is the
// caller's own to change, but for its trace, which is shared and read-only:
// no ledger shares its figures. A WhatIfLedger
// keeps no settlements, so a claim sent again to it is paid again; settle
// real claims into a MemoryLedger or a store of package store.
// Program.ExplainIn explains a claim against a Store, reading only: one it
// holds as it was settled (its stored trace, or a settlement again against
// the ledger as it stood, equal to the stored one to the fen), any other
// as a pre-settlement.
//
// Many claims: Program.RunBatch reads a batch whole, settles each member's
// claims in setl_time order and writes the rows in input order;
// Program.RunStream settles rows as they are read, in constant memory, split
// by member across goroutines. A WhatIfLedger keeps each member's year but
// no settlements, for streams and what-if runs; StreamsAsBatch tells whether
// a batch may be streamed with the very rows RunBatch would write (mpl run
// does that). Where a policy allows, claims settle on an exact int64-fen
// fast path (FastLedger, SettleFast), held equal to the decimal path by
// property tests and fuzzing.
//
// A claim at fault is an error row, and a batch goes on; a Store that
// fails (any error of its that is not a RefusedError of the claim's
// entry) is a *StoreError, which stops a batch after the rows before the
// claim, so that no later claim settles against a ledger without it.
// The account operations (Credit, Link, Withdraw, …) answer in kind: what
// they were asked that they cannot do is an *InputError, a failure of the
// ledger a *StoreError, the ledger's refusal of their entry a
// *RefusedError.
//
// The settlement follows domain.md's order: split, eligibility, deductible,
// pooled ratio, caps, further funds, the member's share. Every fund payment,
// and any deductible or cap with a fraction of a fen, is rounded to the fen
// at the step that produces it; cash takes the remainder, and the
// invariants of settlement-io.md are checked on every claim.
//
// Claims are read and written by package claim; the persistent ledgers
// (SQLite, PostgreSQL) are in package store.
package interp
