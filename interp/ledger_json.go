package interp

import (
	"encoding/json"
	"fmt"
	"time"
)

// Claims give setl_time as a local time without a zone, which the claim
// reader holds in time.UTC. Written back as RFC 3339 it would read
// "2025-03-10T09:30:00Z", a time in UTC, eight hours from the one the
// hospital meant; so the ledger writes a time as the claims do
// (2025-03-10 09:30:00, a day as 2025-03-10), the wall clock of whatever
// zone it is in, and reads that or RFC 3339 (ledgers before wrote it),
// keeping the wall clock and dropping any offset: "10:00:00+08:00" is
// ten o'clock, as a claim of that hour would say, not 02:00 UTC.

// MarshalJSON writes setl_time as a claim gives it: YYYY-MM-DD HH:MM:SS.
func (s Settled) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SetlID   string `json:"setl_id"`
		SetlTime string `json:"setl_time"`
	}{s.SetlID, localText(s.SetlTime, time.DateTime)})
}

// UnmarshalJSON reads what MarshalJSON writes, and RFC 3339 as ledgers
// before it wrote, as a wall clock (see above).
func (s *Settled) UnmarshalJSON(b []byte) error {
	var j struct {
		SetlID   string `json:"setl_id"`
		SetlTime string `json:"setl_time"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	t, err := parseLocal("setl_time", j.SetlTime, time.DateTime)
	if err != nil {
		return err
	}
	*s = Settled{SetlID: j.SetlID, SetlTime: t}
	return nil
}

// MarshalJSON writes a gap's days as YYYY-MM-DD; an open gap has no "to".
func (g Gap) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		From string `json:"from"`
		To   string `json:"to,omitempty"`
	}{localText(g.From, time.DateOnly), localText(g.To, time.DateOnly)})
}

// UnmarshalJSON reads what MarshalJSON writes, and RFC 3339 as ledgers
// before it wrote.
func (g *Gap) UnmarshalJSON(b []byte) error {
	var j struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	from, err := parseLocal("from", j.From, time.DateOnly)
	if err != nil {
		return err
	}
	to, err := parseLocal("to", j.To, time.DateOnly)
	if err != nil {
		return err
	}
	*g = Gap{From: from, To: to}
	return nil
}

// localText writes t's wall clock in layout (fractions of a second only
// when it has them); the zero time as "".
func localText(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	if layout == time.DateTime {
		layout = "2006-01-02 15:04:05.999999999"
	}
	return t.Format(layout)
}

// parseLocal reads a time written by localText, or in RFC 3339, as its
// wall clock in time.UTC; "" is the zero time.
func parseLocal(field, s, layout string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			want := "YYYY-MM-DD HH:MM:SS"
			if layout == time.DateOnly {
				want = "YYYY-MM-DD"
			}
			return time.Time{}, fmt.Errorf("%s %q: want %s", field, s, want)
		}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
}
