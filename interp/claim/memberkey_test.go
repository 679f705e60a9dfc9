package claim

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkMemberKey fails when MemberKey answers for line and the line is a
// claim of another member.
func checkMemberKey(t *testing.T, line string) (answered bool) {
	t.Helper()
	key, ok := MemberKey(line)
	if !ok {
		return false
	}
	c, err := NewLineParser().Claim([]byte(line), 1)
	if err == nil && c.PsnNo != key {
		t.Fatalf("MemberKey(%q) = %q, but the claim's psn_no is %q", line, key, c.PsnNo)
	}
	return true
}

func TestMemberKey(t *testing.T) {
	const rest = `"insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-01","medfee_sumamt":"1","inscp_scp_amt":"1"`
	tests := []struct {
		name, line string
		key        string
		ok         bool
	}{
		{"plain", `{"setl_id":"S1","psn_no":"P1",` + rest + `}`, "P1", true},
		{"last member", `{"setl_id":"S1",` + rest + `,"psn_no":"张三"}`, "张三", true},
		{"empty", `{"setl_id":"S1","psn_no":"",` + rest + `}`, "", true},
		{"missing", `{"setl_id":"S1",` + rest + `}`, "", false},
		{"an escape anywhere", `{"setl_id":"S\u0031","psn_no":"P1",` + rest + `}`, "", false},
		{"an escaped key", `{"setl_id":"S1","psn\u005fno":"P1",` + rest + `}`, "", false},
		{"an escaped second psn_no", `{"psn_no":"P1","psn\u005fno":"P2",` + rest + `}`, "P1", true}, // not a claim: psn_no twice
		{"an escape after the member", `{"psn_no":"P1","setl_id":"S\u0031",` + rest + `}`, "P1", true},
		{"an escape in the member", `{"setl_id":"S1","psn_no":"P\u0031",` + rest + `}`, "", false},
		{"a p before the key", `{"setl_id":"p","xpsn_no":"P9","psn_no":"P1",` + rest + `}`, "P1", true},
		{"given twice", `{"psn_no":"P1","psn_no":"P2",` + rest + `}`, "P1", true}, // not a claim: psn_no twice
		{"a value reading psn_no", `{"setl_id":"psn_no","psn_no":"P1",` + rest + `}`, "P1", true},
		{"a value reading psn_no and a colon", `{"setl_id":"psn_no":"P1",` + rest + `}`, "P1", true}, // not JSON
		{"a number", `{"setl_id":"S1","psn_no":7,` + rest + `}`, "", false},
		{"space before the colon", `{"setl_id":"S1","psn_no" :"P1",` + rest + `}`, "", false},
		{"space after the colon", `{"setl_id":"S1","psn_no": "P1",` + rest + `}`, "", false},
		{"unterminated", `{"setl_id":"S1","psn_no":"P1`, "", false},
		{"nested first", `{"setl_id":"S1","memo":{"psn_no":"P9"},"psn_no":"P1",` + rest + `}`, "", false},
		{"in an array first", `{"setl_id":"S1","memo":["psn_no":"P9"],"psn_no":"P1",` + rest + `}`, "", false},
		{"a brace in a string first", `{"setl_id":"{","psn_no":"P1",` + rest + `}`, "", false},
		{"nested after", `{"psn_no":"P1","memo":{"psn_no":"P9"},` + rest + `}`, "P1", true},
		{"not an object", `["psn_no":"P1"]`, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key, ok := MemberKey(tc.line)
			if diff := cmp.Diff([2]any{tc.key, tc.ok}, [2]any{key, ok}); diff != "" {
				t.Errorf("MemberKey(%q) (-want +got):\n%s", tc.line, diff)
			}
			checkMemberKey(t, tc.line)
		})
	}
}

// On random lines (valid and not, spaced and escaped every way the reader
// tests use), MemberKey never names another member than the claim's, and
// it answers for enough of them to mean something; it answers for every
// plain line.
func TestMemberKeyOnRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, answered := 20000, 0
	if testing.Short() {
		n = 2000
	}
	for range n {
		if checkMemberKey(t, randomLine(rng)) {
			answered++
		}
	}
	for _, line := range benchLines(100) {
		if !checkMemberKey(t, line) {
			t.Fatalf("MemberKey does not answer for the plain line %q", line)
		}
	}
	if answered < n/20 {
		t.Fatalf("MemberKey answers for only %d of %d lines", answered, n)
	}
	t.Logf("MemberKey answers for %d of %d lines", answered, n)
}

func FuzzMemberKey(f *testing.F) {
	for _, line := range benchLines(5) {
		f.Add(line)
	}
	f.Add(`{"psn_no":"P1","psn\u005fno":"P2"}`)
	f.Add(`{"memo":{"psn_no":"P9"},"psn_no":"P1"}`)
	f.Add(`{"a\"psn_no":"P9","psn_no":"P1"}`)
	f.Fuzz(func(t *testing.T, line string) {
		checkMemberKey(t, line)
	})
}

func BenchmarkMemberKey(b *testing.B) {
	lines := benchLines(64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := MemberKey(lines[i%len(lines)]); !ok {
			b.Fatal("no key")
		}
	}
}
