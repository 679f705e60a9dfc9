package interp_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
	"golang.org/x/tools/txtar"
)

// TestGolden settles each archive in testdata/settle: policy.mpl, claims.jsonl,
// optional balances.csv (psn_no,balc), and compares the output rows with
// want.jsonl. MPL_UPDATE=1 rewrites want.jsonl; check the new figures by hand
// against the archive's comment before keeping them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/settle/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no archives in testdata/settle")
	}
	update := os.Getenv("MPL_UPDATE") == "1"
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ar := txtar.Parse(data)
			if len(bytes.TrimSpace(ar.Comment)) == 0 {
				t.Error("archive has no comment saying what it checks")
			}
			fsys := fstest.MapFS{}
			for _, f := range ar.Files {
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			for _, name := range []string{"policy.mpl", "claims.jsonl"} {
				if fsys[name] == nil {
					t.Fatalf("archive has no %s", name)
				}
			}
			prog, loader, err := interp.LoadFS(fsys, "policy.mpl")
			if err != nil {
				var buf bytes.Buffer
				lang.Print(&buf, err, loader, "")
				t.Fatalf("loading policy.mpl:\n%s", buf.String())
			}
			ledger := interp.NewMemoryLedger()
			if f := fsys["balances.csv"]; f != nil {
				seedBalances(t, ledger, f.Data)
			}
			var out bytes.Buffer
			r := claim.NewReader(bytes.NewReader(fsys["claims.jsonl"].Data), claim.JSONL)
			w := claim.NewWriter(&out, claim.JSONL)
			if _, err := prog.RunBatch(context.Background(), ledger, r, w, interp.BatchOptions{}); err != nil {
				t.Fatalf("RunBatch: %v", err)
			}
			got := out.String()
			if update {
				found := false
				for i := range ar.Files {
					if ar.Files[i].Name == "want.jsonl" {
						ar.Files[i].Data = []byte(got)
						found = true
					}
				}
				if !found {
					ar.Files = append(ar.Files, txtar.File{Name: "want.jsonl", Data: []byte(got)})
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := fsys["want.jsonl"]
			if want == nil {
				t.Fatal("archive has no want.jsonl (run with MPL_UPDATE=1, then check every figure by hand)")
			}
			if diff := cmp.Diff(lines(string(want.Data)), lines(got)); diff != "" {
				t.Errorf("settlements differ (-want +got):\n%s", diff)
			}
		})
	}
}

func lines(s string) []string {
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

func seedBalances(t *testing.T, l *interp.MemoryLedger, data []byte) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("balances.csv: %v", err)
	}
	for i, rec := range recs {
		if i == 0 && rec[0] == "psn_no" {
			continue
		}
		if len(rec) != 2 {
			t.Fatalf("balances.csv line %d: want psn_no,balc", i+1)
		}
		d, err := decimal.NewFromString(rec[1])
		if err != nil {
			t.Fatalf("balances.csv line %d: %v", i+1, err)
		}
		if err := l.SetBalance(rec[0], d); err != nil {
			t.Fatalf("balances.csv line %d: %v", i+1, err)
		}
	}
}
