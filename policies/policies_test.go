package policies

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/cases"
)

// policyFiles lists every shipped policy.
func policyFiles() []string {
	var files []string
	fs.WalkDir(FS, "cn", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".mpl") {
			files = append(files, path)
		}
		return err
	})
	return files
}

// TestPolicies checks every shipped policy and runs its hand-worked cases.
// Every policy must have a NAME_test.jsonl beside it.
func TestPolicies(t *testing.T) {
	files := policyFiles()
	if len(files) == 0 {
		t.Fatal("no policies shipped")
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			prog, _, err := interp.LoadFS(FS, file)
			if err != nil {
				t.Fatalf("%s does not check: %v", file, err)
			}
			if prog.Policy().Source.Title == "" || prog.Policy().Source.Year == "" {
				t.Errorf("%s must cite its source's title and year", file)
			}
			caseFile := strings.TrimSuffix(file, ".mpl") + "_test.jsonl"
			f, err := FS.Open(caseFile)
			if err != nil {
				t.Fatalf("every policy needs hand-worked cases: %v", err)
			}
			defer f.Close()
			cs, err := cases.ReadCases(f)
			if err != nil {
				t.Fatalf("%s: %v", caseFile, err)
			}
			if len(cs) == 0 {
				t.Fatalf("%s has no cases", caseFile)
			}
			fails, err := cases.RunCases(prog, cs)
			if err != nil {
				t.Fatalf("%s: %v", caseFile, err)
			}
			for _, f := range fails {
				t.Errorf("%s:%s (%s)", caseFile, f, f.Note)
			}
		})
	}
}

// BenchmarkLoadEveryPolicy parses, checks and compiles every shipped policy
// (with the files it extends and the stdlib), as `mpl check policies/...`
// and a service starting up do. The performance goal is < 50 ms in all.
func BenchmarkLoadEveryPolicy(b *testing.B) {
	files := policyFiles()
	b.ReportAllocs()
	for b.Loop() {
		for _, file := range files {
			if _, _, err := interp.LoadFS(FS, file); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "policies")
}
