// Package storetest holds the checks every interp.Store must pass, so that
// a database store is held to what interp.MemoryLedger, the reference,
// does: the same entries refused with the same errors, the same state read
// back, Updates serialised. A store's own test calls Run with a function
// that opens a fresh store.
//
// The checks use the interp.Store and interp.Ledger interfaces alone and
// hand-built entries, no policy.
package storetest
