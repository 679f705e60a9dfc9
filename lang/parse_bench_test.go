package lang_test

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/mpl-lang/mpl/lang"
)

const nanjing = "../policies/cn/nanjing/employee-2025.mpl"

func BenchmarkParseNanjing(b *testing.B) {
	src, err := os.ReadFile(nanjing)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := lang.Parse("employee-2025.mpl", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadNanjing(b *testing.B) {
	src, err := os.ReadFile(nanjing)
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{"employee-2025.mpl": {Data: src}}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		// A fresh loader each time: a Loader caches the files it read.
		if _, err := lang.NewFSLoader(fsys).Load("employee-2025.mpl"); err != nil {
			b.Fatal(err)
		}
	}
}
