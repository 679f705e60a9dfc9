// Package lang owns MPL's source language: the lexer, the grammar (AST with
// positions, built with participle), the checker that resolves names, types
// and tables and reports every error it finds, the diagnostics they share
// (Error, with a position, a code and a hint; Print shows them as a
// compiler does; a parse error is worded for a policy author by diagnose,
// which knows the open blocks and what each statement wants), and the
// formatter (Format, behind mpl fmt).
//
// The checker's output is a Policy: an immutable, typed description of one
// regional policy with its extends chain merged, its names resolved and its
// expressions typed. Package interp compiles a Policy into a program that
// settles claims; lang itself evaluates nothing beyond constant folding, but
// for the arithmetic and comparisons both of interp's paths share (Arith,
// Compare, DayNumber).
package lang
