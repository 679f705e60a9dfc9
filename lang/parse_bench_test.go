package lang_test

import (
	"fmt"
	"os"
	"strings"
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

// BenchmarkLoadHeavy loads the heaviest work a policy within the limits
// can give the checker: parameters that each use the next twice, up to
// MaxOperations, over a table by two enums of 250 labels, read by 50
// benefits that the checker works out for each combination of labels
// (within its budget of steps).
func BenchmarkLoadHeavy(b *testing.B) {
	var src strings.Builder
	src.WriteString("policy \"t\" {\n    insutype 310\n    source \"s\"\n}\n")
	for _, e := range []struct{ name, prefix string }{{"psn_type", "P"}, {"medins_lv", "L"}} {
		fmt.Fprintf(&src, "enum %s {\n", e.name)
		for i := 0; i < 250; i++ {
			fmt.Fprintf(&src, "    %s%d = \"%s%d\"\n", e.prefix, i, e.prefix, i)
		}
		src.WriteString("}\n")
	}
	src.WriteString("param t = table by psn_type, medins_lv {\n    P1, L1: 60%\n    default: 50%\n}\n")
	for i := 1; i < 13; i++ {
		fmt.Fprintf(&src, "param p%d = (p%d + p%d) / 2\n", i, i+1, i+1)
	}
	src.WriteString("param p13 = t\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&src, "benefit b%d {\n    covers 普通住院\n    when age > %d\n    ratio p1\n}\n", i, i)
	}
	fsys := fstest.MapFS{"heavy.mpl": {Data: []byte(src.String())}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lang.NewFSLoader(fsys).Load("heavy.mpl"); err != nil {
			b.Fatal(err)
		}
	}
}
