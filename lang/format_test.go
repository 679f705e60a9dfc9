package lang_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mpl-lang/mpl/lang"
)

// sameMeaning fails the test when two sources do not parse to the same
// tree, positions (and the tokens kept for their positions) aside. The
// Chinese keywords lex to their English tokens, so a file and its --lang
// conversion must give the same tree too.
func sameMeaning(t *testing.T, name string, a, b []byte) {
	t.Helper()
	fa, err := lang.Parse(name, a)
	if err != nil {
		t.Fatalf("%s: original does not parse: %v", name, err)
	}
	fb, err := lang.Parse(name, b)
	if err != nil {
		t.Fatalf("%s: formatted text does not parse: %v\n%s", name, err, b)
	}
	if diff := cmp.Diff(fa, fb, cmpopts.IgnoreTypes(lexer.Position{}, []lexer.Token{})); diff != "" {
		t.Errorf("%s: formatting changed the meaning (-original +formatted):\n%s", name, diff)
	}
}

// comments returns the text of every `//` comment in src, in order.
func comments(src []byte) []string {
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		// A comment starts at the first // outside a string.
		inString := false
		for i := 0; i < len(line); i++ {
			switch {
			case line[i] == '\\' && inString:
				i++
			case line[i] == '"':
				inString = !inString
			case !inString && strings.HasPrefix(line[i:], "//"):
				out = append(out, strings.TrimRight(line[i:], " \t\r"))
				i = len(line)
			}
		}
	}
	return out
}

// checkFormat formats src in language lng and checks the three promises of
// mpl fmt: same meaning, every comment kept, and formatting again changes
// nothing. It returns the formatted text.
func checkFormat(t *testing.T, name string, src []byte, lng string) []byte {
	t.Helper()
	out, lost, err := lang.FormatLost(name, src, lang.FormatOptions{Lang: lng})
	if err != nil {
		t.Fatalf("%s: Format: %v", name, err)
	}
	if lost {
		t.Errorf("%s: the printer lost its place in the source (lang %q)", name, lng)
	}
	sameMeaning(t, name, src, out)
	if diff := cmp.Diff(comments(src), comments(out)); diff != "" {
		t.Errorf("%s: comments not kept (-original +formatted):\n%s", name, diff)
	}
	again, err := lang.Format(name, out, lang.FormatOptions{Lang: lng})
	if err != nil {
		t.Fatalf("%s: formatting the formatted text: %v", name, err)
	}
	if diff := cmp.Diff(string(out), string(again)); diff != "" {
		t.Errorf("%s: formatting is not idempotent (-first +second):\n%s", name, diff)
	}
	return out
}

// commentPlace says where a comment was written: after which of the code
// tokens (their count before it, commas aside, as the formatter adds and
// drops a row's comma, and `per year` one, as 按年 is), and whether at the
// end of that token's line or on a line of its own.
type commentPlace struct {
	Text     string
	After    int
	Trailing bool
}

// commentPlaces lexes src for its comments' places, and returns its code
// tokens' values too.
func commentPlaces(t *testing.T, src []byte) ([]commentPlace, []string) {
	t.Helper()
	toks, err := lang.Tokens(src)
	if err != nil {
		t.Fatal(err)
	}
	var places []commentPlace
	var code []string
	n, prevLine := 0, 0
	for _, tok := range toks {
		switch {
		case lang.IsComment(tok):
			places = append(places, commentPlace{strings.TrimRight(tok.Value, " \t\r"), n, tok.Pos.Line == prevLine})
		case tok.Value != ",":
			if len(code) == 0 || code[len(code)-1] != "per" {
				n++
			}
			code = append(code, tok.Value)
			prevLine = tok.Pos.Line
		default:
			prevLine = tok.Pos.Line
		}
	}
	return places, code
}

// checkCommentPlaces fails the test when a comment of src is not, in out,
// beside what it was written beside: at the end of the line of the token it
// followed, or on a line of its own before the token it preceded. Outputs
// that print other tokens (a several-key match becomes a table by) are not
// compared.
func checkCommentPlaces(t *testing.T, name string, src, out []byte) {
	t.Helper()
	want, wantCode := commentPlaces(t, src)
	got, gotCode := commentPlaces(t, out)
	if !cmp.Equal(wantCode, gotCode) {
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: comments moved (-written +formatted):\n%s\n%s", name, diff, out)
	}
}

// TestFormatGolden formats testdata/format/NAME.mpl in its own language
// (NAME.mpl.formatted) and in each of the two (NAME.mpl.en, NAME.mpl.zh).
// MPL_UPDATE=1 rewrites the goldens.
func TestFormatGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/format/*.mpl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no format inputs: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, lng := range []string{"", "en", "zh"} {
			golden := file + ".formatted"
			if lng != "" {
				golden = file + "." + lng
			}
			t.Run(filepath.Base(golden), func(t *testing.T) {
				got := checkFormat(t, file, src, lng)
				checkCommentPlaces(t, file, src, got)
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (MPL_UPDATE=1 writes it)", err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("Format(%s, lang %q) (-want +got):\n%s", file, lng, diff)
				}
			})
		}
	}
}

// TestFormatShipped holds every shipped policy and library to the canonical
// layout, and proves the round trip en → zh → en over each: the meaning is
// the same in both languages and converting back gives the file again.
func TestFormatShipped(t *testing.T) {
	var files []string
	for _, root := range []string{"../policies", "../stdlib"} {
		found, err := filepath.Glob(root + "/*.mpl")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
		deeper, err := filepath.Glob(root + "/*/*/*.mpl")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, deeper...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d shipped files: %v", len(files), files)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := checkFormat(t, file, src, "")
			checkCommentPlaces(t, file, src, got)
			if !bytes.Equal(got, src) {
				t.Errorf("%s is not in the canonical layout; run: mpl fmt -w %s", file, file)
			}
			zh := checkFormat(t, file, src, "zh")
			back := checkFormat(t, file, zh, "en")
			if diff := cmp.Diff(string(src), string(back)); diff != "" {
				t.Errorf("en → zh → en changed the file (-original +round trip):\n%s", diff)
			}
		})
	}
}

// FuzzFormat formats every input that parses and checks mpl fmt's promises
// in both languages, each comment's place among them.
func FuzzFormat(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, err := lang.Parse("fuzz.mpl", src); err != nil {
			return
		}
		for _, lng := range []string{"", "zh", "en"} {
			out := checkFormat(t, "fuzz.mpl", src, lng)
			checkCommentPlaces(t, "fuzz.mpl", src, out)
		}
	})
}
