package claim

import (
	"bytes"
	"strings"
	"testing"
)

// TestMisuseIsAnError: a Reader or Writer not made by its constructor, and
// the CSV-only methods on a JSON Lines Reader, return errors where they
// panicked.
func TestMisuseIsAnError(t *testing.T) {
	jsonl := func() *Reader { return NewReader(strings.NewReader(""), JSONL) }
	var nilReader *Reader
	var nilWriter *Writer
	for _, tc := range []struct {
		name, want string
		call       func() error
	}{
		{"zero Reader Next", "not made by NewReader", func() error { _, err := (&Reader{}).Next(); return err }},
		{"nil Reader Next", "not made by NewReader", func() error { _, err := nilReader.Next(); return err }},
		{"zero Reader NextFlat", "not made by NewReader", func() error { _, _, err := (&Reader{}).NextFlat(&Flat{}); return err }},
		{"zero Reader NextRecord", "not made by NewReader", func() error { return (&Reader{}).NextRecord(&Record{}) }},
		{"zero Reader RowParser", "not made by NewReader", func() error { _, err := (&Reader{}).RowParser(); return err }},
		{"JSON Lines Reader RowParser", "reads CSV rows", func() error { _, err := jsonl().RowParser(); return err }},
		{"JSON Lines Reader NextRecord", "reads CSV rows", func() error { return jsonl().NextRecord(&Record{}) }},
		{"zero Writer Ready", "not made by NewWriter", func() error { return (&Writer{}).Ready() }},
		{"nil Writer Ready", "not made by NewWriter", func() error { return nilWriter.Ready() }},
		{"zero Writer WriteSettlement", "not made by NewWriter", func() error { return (&Writer{}).WriteSettlement(&Settlement{}) }},
		{"zero Writer WriteError", "not made by NewWriter", func() error { return (&Writer{}).WriteError(&Error{}) }},
		{"zero Writer WriteRows", "not made by NewWriter", func() error { return (&Writer{}).WriteRows([]byte("{}\n")) }},
		{"zero Writer Flush", "not made by NewWriter", func() error { return (&Writer{}).Flush() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = tc.call()
			}()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
	if err := NewWriter(&bytes.Buffer{}, CSV).Ready(); err != nil {
		t.Errorf("NewWriter(…).Ready() = %v, want nil", err)
	}
}
