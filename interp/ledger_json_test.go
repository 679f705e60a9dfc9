package interp_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
)

// TestAccountStateJSON checks how a ledger writes an account's times: a
// claim's setl_time (a local time the reader holds in UTC) as the claim
// gave it, not as UTC with a Z eight hours off; a gap's days as days. Each
// reads back to the same state; ledgers written before (RFC 3339
// throughout) still read; a time with an offset reads as its wall clock,
// as a claim of that hour would give it; a time with a zone is written as
// its wall clock.
func TestAccountStateJSON(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	beijing := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name  string
		state interp.AccountState
		want  string
	}{
		{"a claim's local time and a closed gap",
			interp.AccountState{Year: 2025,
				Gaps:   []interp.Gap{{From: day("2025-04-01"), To: day("2025-06-15")}},
				Latest: interp.Settled{SetlID: "C1", SetlTime: time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)}},
			`{"year":2025,"gaps":[{"from":"2025-04-01","to":"2025-06-15"}],"latest":{"setl_id":"C1","setl_time":"2025-03-10 09:30:00"}}`},
		{"an open gap, nothing settled",
			interp.AccountState{Gaps: []interp.Gap{{From: day("2025-04-01")}}},
			`{"gaps":[{"from":"2025-04-01"}]}`},
		{"a fraction of a second",
			interp.AccountState{Latest: interp.Settled{SetlID: "C2", SetlTime: time.Date(2025, 3, 10, 9, 30, 0, 5e8, time.UTC)}},
			`{"latest":{"setl_id":"C2","setl_time":"2025-03-10 09:30:00.5"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.state)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("written (-want +got):\n%s", diff)
			}
			var back interp.AccountState
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.state, back, cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Errorf("read back (-wrote +read):\n%s", diff)
			}
		})
	}

	old := `{"gaps":[{"from":"2025-04-01T00:00:00Z","to":"2025-06-15T00:00:00Z"}],"latest":{"setl_id":"C1","setl_time":"2025-03-10T09:30:00Z"}}`
	var got interp.AccountState
	if err := json.Unmarshal([]byte(old), &got); err != nil {
		t.Fatalf("a ledger written before: %v", err)
	}
	want := interp.AccountState{Gaps: []interp.Gap{{From: day("2025-04-01"), To: day("2025-06-15")}},
		Latest: interp.Settled{SetlID: "C1", SetlTime: time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a ledger written before (-want +got):\n%s", diff)
	}

	if err := json.Unmarshal([]byte(`{"latest":{"setl_id":"C1","setl_time":"2025-03-10T10:00:00+08:00"}}`), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC), got.Latest.SetlTime); diff != "" {
		t.Errorf("a time with an offset (-want +got):\n%s", diff)
	}
	zoned, err := json.Marshal(interp.Settled{SetlID: "C3", SetlTime: time.Date(2025, 3, 10, 10, 0, 0, 0, beijing)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"setl_id":"C3","setl_time":"2025-03-10 10:00:00"}`, string(zoned)); diff != "" {
		t.Errorf("a time with a zone (-want +got):\n%s", diff)
	}
	err = json.Unmarshal([]byte(`{"latest":{"setl_id":"C1","setl_time":"10/03/2025"}}`), &got)
	if diff := cmp.Diff(`setl_time "10/03/2025": want YYYY-MM-DD HH:MM:SS`, fmt.Sprint(err)); diff != "" {
		t.Errorf("a setl_time in neither form (-want +got):\n%s", diff)
	}
}
