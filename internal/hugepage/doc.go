// Package hugepage asks the system to back a large slice's memory with
// huge pages (2 MiB on x86-64 and arm64, where a page is otherwise 4 KiB).
//
// A ledger of a million members touches a few hundred MB of fresh memory
// at random: every 4 KiB page is a fault on first touch, and every access
// to another page can miss the processor's page-table cache (the TLB).
// Most Linux systems leave huge pages to the programs that ask for them
// (transparent_hugepage "madvise"), and the Go runtime does not ask for
// its heap; Advise asks for the memory of a block just made, before it is
// touched. It is a hint: it changes no byte, and does nothing where the
// system has no huge pages, on other systems, or when GODEBUG has
// disablethp=1 (the Go runtime's own switch against huge pages for the
// heap, honoured here too).
//
// The advice stays with the address range after the slice is gone, for
// whatever the Go runtime puts there next; where the system compacts
// memory for advised ranges on a fault (transparent_hugepage/defrag
// "madvise", a common default) such a fault can wait on compaction. The Go
// runtime stopped advising its heap for that reason; a batch that holds a
// million members gains more than it risks, and GODEBUG=disablethp=1
// turns the advice off for a program that thinks otherwise. The package
// owns no memory and keeps no state of its own.
package hugepage
