// Package tempfile makes the temporary files mpl holds in what a run must
// not keep in memory: a batch piped in that is read twice, the setl_ids a
// long batch's order check sorts. It owns their making and their removal,
// not what is written in them.
package tempfile
