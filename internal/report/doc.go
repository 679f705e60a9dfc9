// Package report renders settlements for people: `mpl explain`'s per-yuan
// account of one claim (text in Chinese or English, or an HTML page), and
// `mpl diff`'s reform-impact report. It reads settlements and traces; it
// computes no money of its own beyond shares of a total for display.
package report
