package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mpl-lang/mpl/interp"
)

// policiesTable records the policies a ledger has been settled under, by
// the digest of their text: a table an older mpl, which never reads it,
// leaves alone, so it needs no new schema version.
const policiesTable = `CREATE TABLE IF NOT EXISTS policies (
			digest TEXT NOT NULL PRIMARY KEY,
			name TEXT NOT NULL,
			first_used TEXT NOT NULL,
			last_used TEXT NOT NULL
		)`

// usedLayout writes the times of policies' runs, in UTC: fixed width, so
// that their text sorts as the times do.
const usedLayout = "2006-01-02 15:04:05.000000000"

// PolicyUse is a policy a ledger has been settled under: its name, the
// digest of its text (see RecordPolicy) and the first and last runs that
// settled under it.
type PolicyUse struct {
	Name        string
	Digest      string
	First, Last time.Time
}

// ErrNotRecorded is RecordPolicy's and Policies' error for a store that
// Open did not make.
var ErrNotRecorded = errors.New("this store does not record policies")

// RecordPolicy records that a run settles into st, at at, under the policy
// named name whose text has the digest digest, and returns the policy the
// ledger's last run before this one settled under, or nil for a ledger
// never run. A ledger carries members' years from run to run: a deductible
// borne or a cap reached under one policy's rules counts under the next
// one's, which is right for a corrected policy and wrong for another
// region's, so the caller tells its user when the digest differs.
func RecordPolicy(st interp.Store, name, digest string, at time.Time) (*PolicyUse, error) {
	s, ok := st.(*sqlStore)
	if !ok {
		return nil, ErrNotRecorded
	}
	if s.readOnly {
		return nil, errReadOnly
	}
	var previous *PolicyUse
	err := s.retry(func() (bool, error) {
		ctx := context.Background()
		tx, err := s.d.begin(ctx, true)
		if err != nil {
			return s.d.retryable(err), err
		}
		defer tx.release()
		uses, err := policyUses(ctx, tx.q)
		if err == nil {
			previous = nil
			if len(uses) > 0 {
				previous = &uses[0]
			}
			when := at.UTC().Format(usedLayout)
			_, err = tx.q.ExecContext(ctx, `INSERT INTO policies (digest, name, first_used, last_used) VALUES ($1, $2, $3, $3)
				ON CONFLICT (digest) DO UPDATE SET name = excluded.name, last_used = excluded.last_used`, digest, name, when)
		}
		if err == nil {
			err = tx.commit()
		}
		if err != nil {
			tx.rollback()
			return s.d.retryable(err), fmt.Errorf("recording the policy: %w", err)
		}
		return false, nil
	})
	return previous, err
}

// Policies lists the policies the ledger st has been settled under, the
// most recent first.
func Policies(st interp.Store) ([]PolicyUse, error) {
	s, ok := st.(*sqlStore)
	if !ok {
		return nil, ErrNotRecorded
	}
	if s.noPolicies {
		return nil, nil // none recorded: no run of this mpl settled into it
	}
	uses, err := policyUses(context.Background(), s.db)
	if err != nil {
		return nil, fmt.Errorf("listing the policies: %w", err)
	}
	return uses, nil
}

// policyUses reads the policies recorded, the most recent first.
func policyUses(ctx context.Context, q querier) ([]PolicyUse, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT name, digest, first_used, last_used FROM policies ORDER BY last_used DESC, digest`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var uses []PolicyUse
	for rows.Next() {
		var u PolicyUse
		var first, last string
		if err := rows.Scan(&u.Name, &u.Digest, &first, &last); err != nil {
			return nil, err
		}
		if u.First, err = time.Parse(usedLayout, first); err != nil {
			return nil, err
		}
		if u.Last, err = time.Parse(usedLayout, last); err != nil {
			return nil, err
		}
		uses = append(uses, u)
	}
	return uses, rows.Err()
}
