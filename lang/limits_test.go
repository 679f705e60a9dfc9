package lang_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/lang"
)

// bigEnums is a policy header and enums of n labels for the first k claim
// fields with labels (psn_type, med_type, medins_lv, insutype, mdtrt_area,
// remote_filing); med_type keeps 住院x, which the benefit covers.
func bigEnums(k, n int) string {
	var b strings.Builder
	b.WriteString("policy \"p\" {\n    insutype 310\n    source \"s\"\n}\n")
	for _, f := range lang.EnumFields[:k] {
		fmt.Fprintf(&b, "enum %s {\n", f)
		extra := map[string]string{"med_type": "住院x = 21", "insutype": "职工x = 310"}[f.String()]
		if extra != "" {
			fmt.Fprintf(&b, "    %s\n", extra)
		}
		for i := 0; i < n; i++ {
			if extra != "" && i == n-1 {
				break
			}
			fmt.Fprintf(&b, "    L%d = \"%s%d\"\n", i, f, i)
		}
		b.WriteString("}\n")
	}
	if k < 2 {
		b.WriteString("enum med_type {\n    住院x = 21\n}\n")
	}
	if k < 4 {
		b.WriteString("enum insutype {\n    职工x = 310\n}\n")
	}
	return b.String()
}

// limitErrors loads src and returns its errors of code CodeLimit, as
// "line: message".
func limitErrors(t *testing.T, src string) []string {
	t.Helper()
	var list lang.ErrorList
	if err := loadString(src); !errors.As(err, &list) {
		t.Fatalf("Load: %v; want an ErrorList", err)
	}
	var out []string
	for _, e := range list {
		if e.Code == lang.CodeLimit {
			out = append(out, fmt.Sprintf("%d: %s", e.Pos.Line, e.Msg))
		}
	}
	return out
}

func lineCount(s string) int { return strings.Count(s, "\n") }

// TestTableLimits checks that a table over large enums is refused at the
// table, before its cells are allocated: six enums of 2048 labels made
// the cell count overflow (an index out of range panic), three of 2000 a
// 192 GB allocation.
func TestTableLimits(t *testing.T) {
	benefit := "benefit b {\n    covers 住院x\n    ratio 50%\n}\n"
	t.Run("overflow", func(t *testing.T) {
		src := bigEnums(6, 2048)
		line := lineCount(src) + 1
		src += "param r = table by psn_type, med_type, medins_lv, insutype, mdtrt_area, remote_filing {\n    default: 50%\n}\n" + benefit
		want := []string{fmt.Sprintf("%d: table by psn_type, med_type, medins_lv, insutype, mdtrt_area, remote_filing has 73786976294838206464 combinations of labels (2048 × 2048 × 2048 × 2048 × 2048 × 2048); the limit is 1048576", line)}
		if diff := cmp.Diff(want, limitErrors(t, src)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
	t.Run("one table past the limit", func(t *testing.T) {
		src := bigEnums(3, 102)
		line := lineCount(src) + 7 // the ratio line of benefit c
		src += benefit + "benefit c {\n    covers 住院x\n    ratio match psn_type, med_type, medins_lv {\n        default: 50%\n    }\n}\n"
		want := []string{fmt.Sprintf("%d: table by psn_type, med_type, medins_lv has 1061208 combinations of labels (102 × 102 × 102); the limit is 1048576", line)}
		if diff := cmp.Diff(want, limitErrors(t, src)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
	t.Run("the policy's tables past the limit", func(t *testing.T) {
		src := bigEnums(3, 64) // 262144 cells a table: the 17th passes 1<<22
		first := lineCount(src) + 1
		for i := 0; i < 17; i++ {
			src += fmt.Sprintf("param r%d = table by psn_type, med_type, medins_lv { default: 50%% }\n", i)
		}
		src += benefit
		want := []string{fmt.Sprintf("%d: this table's 262144 combinations take the policy's tables past 4194304 in all", first+16)}
		if diff := cmp.Diff(want, limitErrors(t, src)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
	t.Run("rows past the limit", func(t *testing.T) {
		src := bigEnums(2, 64) // 4096 cells; 4096 rows of _, _ reach 1<<24
		src += "param r = table by psn_type, med_type {\n"
		first := lineCount(src) + 1
		src += strings.Repeat("    _, _: 50%\n", 4097) + "}\n" + benefit
		want := []string{fmt.Sprintf("%d: the rows of this policy's tables name more than 16777216 combinations of labels in all (a _ names every label of its key)", first+4096)}
		if diff := cmp.Diff(want, limitErrors(t, src)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
}
