package interp

import (
	"encoding/json"
	"fmt"
	"time"
)

// Claims give setl_time as a local time without a zone, which the claim
// reader holds in time.UTC. Written back as RFC 3339 it would read
// "2025-03-10T09:30:00Z", a time in UTC, eight hours from the one the
// hospital meant; so the ledger writes such a time as the claims do
// (2025-03-10 09:30:00, a day as 2025-03-10) and reads either form.
// A time in another zone, from a program that made it so, keeps its
// zone in RFC 3339.

// MarshalJSON writes setl_time as a claim gives it: YYYY-MM-DD HH:MM:SS.
func (s Settled) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		SetlID   string `json:"setl_id"`
		SetlTime string `json:"setl_time"`
	}{s.SetlID, localText(s.SetlTime, time.DateTime)})
}

// UnmarshalJSON reads what MarshalJSON writes, and RFC 3339 as ledgers
// before it wrote.
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

// localText writes t in layout when it is a claim's local time (held in
// UTC) that layout says whole, in RFC 3339 otherwise; the zero time as "".
func localText(t time.Time, layout string) string {
	switch {
	case t.IsZero():
		return ""
	case t.Location() == time.UTC && t.Equal(parseOrZero(layout, t.Format(layout))):
		return t.Format(layout)
	}
	return t.Format(time.RFC3339Nano)
}

func parseOrZero(layout, s string) time.Time {
	t, _ := time.Parse(layout, s)
	return t
}

// parseLocal reads a time written by localText: layout, or RFC 3339; ""
// is the zero time.
func parseLocal(field, s, layout string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(layout, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want %s or RFC 3339", field, s, layout)
	}
	return t, nil
}
