package interp

import (
	"github.com/mpl-lang/mpl/interp/claim"
)

// A member's year is a sum of settlements each worked out against the ones
// before it, so settling a claim after a later-dated one of the same member
// gives other figures than settling them in setl_time order (a deductible
// met by the wrong claim). Within one batch the claims are sorted, and a
// stream checks its rows' order itself (orderCheck); across runs into one
// ledger only the ledger knows. So a ledger that keeps settlements records
// each member's latest that stands (AccountState.Latest), each settlement
// the one it came after (Entry.After), and Settle refuses a claim or a
// reversal dated before the member's latest. A reversal of the latest sets
// Latest back to the one before it that stands, so that a late claim can be
// settled once the later ones are reversed, and they can be sent again
// after it under new setl_ids.

// keepsOrder reports whether Settle records and checks each member's
// latest settlement in l: in every ledger but a what-if ledger's, which
// keeps no settlements to go back to and is settled in setl_time order
// already (a batch sorted, a stream checked).
func keepsOrder(l Ledger) bool {
	if r, ok := l.(readOnly); ok {
		l = r.Ledger
	}
	switch v := l.(type) {
	case *beforeLedger:
		return keepsOrder(v.Ledger)
	case fastView:
		return false
	case memoryUpdate:
		return !v.m.forget
	case memoryHeld:
		return !v.m.forget
	case *MemoryLedger:
		return !v.forget
	}
	return true
}

// lateClaim is the error of a claim (not a reversal) dated before its
// member's latest settlement that stands.
func lateClaim(c *claim.Claim, latest Settled) *claim.Error {
	return claimErr(c, "setl_time",
		"settled %s, before member %s's settlement %s of %s, which the ledger holds: a member's claims are settled in setl_time order"+
			" (to settle this claim, reverse the member's settlements dated after it first, then send it and them again under new setl_ids)",
		c.SetlTime.Format(timeLayout), c.PsnNo, latest.SetlID, latest.SetlTime.Format(timeLayout))
}

// lateReversal is the error of a reversal dated before its member's latest
// settlement that stands.
func lateReversal(c *claim.Claim, latest Settled) *claim.Error {
	return claimErr(c, "setl_time",
		"settled %s, before member %s's settlement %s of %s, which the ledger holds: a member's claims and reversals are settled in setl_time order"+
			" (a reversal is settled when it is made: send it with a setl_time no earlier than %s's)",
		c.SetlTime.Format(timeLayout), c.PsnNo, latest.SetlID, latest.SetlTime.Format(timeLayout), latest.SetlID)
}

// timeLayout is how an error writes a setl_time.
const timeLayout = "2006-01-02 15:04:05"

// standingFrom is the latest settlement that stands of the chain that
// starts at s and goes back through each one's After: s, or, when s was
// reversed, the one before it, and so on. It is zero when none stands, or
// when the ledger does not hold one it would go back through (a ledger
// started from an export, which holds no settlements).
func standingFrom(l Ledger, s Settled) (Settled, error) {
	for s.SetlID != "" {
		_, reversed, err := l.Reversed(s.SetlID)
		if err != nil || !reversed {
			return s, err
		}
		e, ok, err := l.Entry(s.SetlID)
		if err != nil || !ok {
			return Settled{}, err
		}
		s = e.After
	}
	return Settled{}, nil
}
