package lang

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A file that is not UTF-8 (saved as GBK, say) is refused at its first
// byte that is not, with the line and column of that byte counted in
// characters, and a hint.
func TestParseNotUTF8(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Pos
	}{
		{"first byte", "\xff", Pos{File: "p.mpl", Line: 1, Col: 1}},
		{"after Chinese on line 2", "policy \"p\" {\n    退休: \xc8\xcb\n}", Pos{File: "p.mpl", Line: 2, Col: 9}},
		{"a GBK file", "// \xc4\xcf\xbe\xa9\n", Pos{File: "p.mpl", Line: 1, Col: 4}},
		{"cut short at the end", "a\nb\xe4\xb8", Pos{File: "p.mpl", Line: 2, Col: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.mpl", []byte(tt.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if diff := cmp.Diff(tt.want, e.Pos); diff != "" {
				t.Errorf("position (-want +got):\n%s", diff)
			}
			if e.Code != CodeParse || e.Hint == "" {
				t.Errorf("code %s, hint %q; want %s and a hint", e.Code, e.Hint, CodeParse)
			}
		})
	}
}

// A byte order mark at the start of a file, as a Windows editor saves one,
// is read past: the file parses, at the same positions, to what it does
// without one, and formats to the same text.
func TestParseBOM(t *testing.T) {
	src := "policy \"p\" {\n    insutype 310\n    source \"s\"\n}\nbenefit c {\n    covers 普通住院\n    ratio 85%\n}\n"
	want, err := Parse("p.mpl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("p.mpl", []byte("\ufeff"+src))
	if err != nil {
		t.Fatalf("with a byte order mark: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-without +with):\n%s", diff)
	}
	wantText, err := Format("p.mpl", []byte(src), FormatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	formatted, err := Format("p.mpl", []byte("\ufeff"+src), FormatOptions{})
	if err != nil || string(formatted) != string(wantText) {
		t.Errorf("Format = %q, %v; want %q", formatted, err, wantText)
	}
}

// A name straight after a number is refused, where a keyword straight
// after one is Chinese written without spaces: the enum-code-glued golden
// has the message; these say which side of the line each case is on.
func TestGluedName(t *testing.T) {
	const head = "policy \"p\" {\n    insutype 310\n    source \"s\"\n}\n"
	tests := []struct {
		name, src string
		want      *Pos // nil: it parses
	}{
		{"letter O in a code", "enum psn_type {\n    退休 = 1201, 12O3\n}\n", &Pos{File: "p.mpl", Line: 6, Col: 18}},
		{"a label after a quoted code", "enum psn_type {\n    退休 = 1201, \"12\"O3\n}\n", nil},
		{"a label after a space", "enum psn_type {\n    退休 = 1201, 12 O3\n}\n", nil},
		{"a keyword after a ratio", "benefit c {\n    covers 普通住院\n    ratio 如果 age >= 60 则 90%否则 85%\n}\n", nil},
		{"an English keyword after an amount", "benefit c {\n    covers 普通住院\n    ratio 85%\n    cap ¥5000per year\n}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.mpl", []byte(head+tt.src))
			var got *Pos
			if e := (*Error)(nil); errors.As(err, &e) {
				got = &e.Pos
			} else if err != nil {
				t.Fatalf("got %v, want nil or an *Error", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error position (-want +got):\n%s", diff)
			}
		})
	}
}
