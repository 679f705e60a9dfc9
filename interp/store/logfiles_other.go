//go:build !unix

package store

import "strconv"

// unwritableLogFiles finds nothing where files have no Unix owner.
func unwritableLogFiles(string, int, []int) []string { return nil }

// thisUser is no user where there are none.
func thisUser() (int, []int) { return -1, nil }

// userName is the user uid, by number.
func userName(uid int) string { return "uid " + strconv.Itoa(uid) }
