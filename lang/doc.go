// Package lang owns MPL's source language: the lexer, the grammar (AST with
// positions, built with participle), the checker that resolves names, types
// and tables and reports every error it finds, and the diagnostics they share.
//
// The checker's output is a Policy: an immutable, typed description of one
// regional policy with its extends chain merged, its names resolved and its
// expressions typed. Package interp compiles a Policy into a program that
// settles claims; lang itself evaluates nothing beyond constant folding.
package lang
