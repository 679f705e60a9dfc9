package store_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
)

// TestUpdateFailureIsStoreError: a transaction the store cannot begin (the
// store closed) is an *interp.StoreError from Update, which a caller tells
// from its own function's errors (an account operation's *InputError);
// it was the database's raw error.
func TestUpdateFailureIsStoreError(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	withdraw := func(reason string) error {
		return st.Update([]string{"P1"}, func(l interp.Ledger) error {
			_, err := interp.Withdraw(l, "P1", reason, day)
			return err
		})
	}
	var input *interp.InputError
	if err := withdraw("退休"); !errors.As(err, &input) {
		t.Errorf("a bad reason: %T %v, want the operation's *interp.InputError", err, err)
	}
	st.Close()
	var failed *interp.StoreError
	if err := withdraw("死亡"); !errors.As(err, &failed) {
		t.Errorf("a closed store: %T %v, want an *interp.StoreError", err, err)
	}
}
