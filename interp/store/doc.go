// Package store keeps the ledger (interp.Store) in a database, so that a
// member's year survives the process and many processes can settle against
// it at once.
//
// Open chooses the database from its argument: a postgres:// or
// postgresql:// URL opens PostgreSQL, the shared store for many processes
// and machines; anything else is the path of an embedded SQLite file,
// created on first use, which needs no server and which the processes of
// one machine may share.
// OpenReadOnly opens either to read only: it creates and writes nothing,
// and reads a ledger its user may not write.
//
// Both keep the same tables: entries (each Entry whole, as JSON, under its
// id), reversals (which settlement each reversal undid), accumulators (one
// row per member, year and 5206 key) and accounts (a member's two balances
// and the account state). Money is decimal text, never a float. Every
// Commit runs interp.CheckEntry inside the transaction, so a store refuses
// exactly the entries interp.MemoryLedger refuses, with the same errors,
// each an *interp.RefusedError; any other error is a failure of the
// database, which stops a run of mpl (see interp.StoreError). The
// storetest package holds the checks every store must pass.
//
// Update runs fn in one database transaction, which it commits when fn
// returns nil and rolls back when fn fails or panics. SQLite serialises
// every Update (BEGIN IMMEDIATE takes the file's write lock); PostgreSQL
// serialises the Updates that name a member in common, by row locks taken
// in sorted order. When the database reports a deadlock, a serialisation
// failure or a file busy for too long, Update runs the transaction again,
// fn included, a few times with backoff: fn should have no effect outside
// its Ledger that a second run would repeat. A Ledger belongs to the
// goroutine running fn, and only until fn returns.
//
// The package owns persistence and locking only: what an entry means, and
// how a claim becomes one, belong to interp.
package store
