package lang_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/lang"
)

// printed loads src as p.mpl and returns what Print writes of its errors.
func printed(src string) string {
	l := lang.NewFSLoader(fstest.MapFS{"p.mpl": {Data: []byte(src)}})
	_, err := l.Load("p.mpl")
	if err == nil {
		return "no error"
	}
	var out strings.Builder
	lang.Print(&out, err, l, "")
	return out.String()
}

// TestTextChecks checks what the checker says of text a terminal would act
// on, or that is not a policy's UTF-8 text with LF or CRLF line ends:
// control characters outside comments (printed raw, ESC set colours and
// window titles), a file whose lines end in CR alone (one long line: "1:2645:
// unexpected end of file", the whole file echoed), UTF-16 (told to
// convert from GBK), and characters that reorder how text shows, even in
// comments. Print shows control characters visibly, the caret
// still under its column.
func TestTextChecks(t *testing.T) {
	const hintControl = "    hint: a terminal acts on control characters (ESC starts colours and window titles): delete it\n"
	const hintBidi = "    hint: it makes an editor show the text around it in another order than mpl reads it: delete it\n"
	const hintUTF16 = "    hint: MPL files are UTF-8 and this one looks like UTF-16 (a UTF-16 byte order mark, or a zero byte beside each ASCII character); convert it (iconv -f UTF-16 -t UTF-8)\n"
	tests := []struct {
		name, src, want string
	}{
		{"ESC in a string", "policy \"a\x1b[31mb\" { insutype 310 }\n",
			"p.mpl:1:10: control character \\x1b: a policy holds none outside comments\n" +
				"    policy \"a\\x1b[31mb\" { insutype 310 }\n" +
				"             ^\n" + hintControl},
		{"an escape that is ESC", "policy \"p\" {\n    source \"a\\x1b]0;t\\x07\"\n}\n",
			"p.mpl:2:14: the escape \\x1b in this string is a control character\n" +
				"        source \"a\\x1b]0;t\\x07\"\n" +
				"                 ^\n" + hintControl},
		{"an octal escape", "policy \"p\" { note \"\\033[2J\" }\n",
			"p.mpl:1:20: the escape \\x1b in this string is a control character\n" +
				"    policy \"p\" { note \"\\033[2J\" }\n" +
				"                       ^\n" + hintControl},
		{"C1 in a string", "policy \"p\" { note \"a\u009bb\" }\n",
			"p.mpl:1:21: control character \\u009b: a policy holds none outside comments\n" +
				"    policy \"p\" { note \"a\\u009bb\" }\n" +
				"                        ^\n" + hintControl},
		// In a comment a control character is no error, but an error on
		// its line shows it visibly, the caret under the column still.
		{"ESC in a comment", "policy \"p\" {\n  insutype } // \x1b[31m\x1b[0m\n",
			"p.mpl:2:12: expected a scheme code after \"insutype\", found \"}\"\n" +
				"      insutype } // \\x1b[31m\\x1b[0m\n" +
				"               ^\n" +
				"    hint: write: insutype 310\n"},
		{"a CR within a line", "policy \"p\" { // a\rb\n}\n",
			"p.mpl:1:18: a carriage return (CR) that does not end the line: MPL lines end in LF or CRLF\n" +
				"    policy \"p\" { // a\\x0db\n" +
				"                     ^\n" +
				"    hint: delete it\n"},
		{"CR line ends", "policy \"p\" {\r    insutype 310\r" + strings.Repeat("// a comment\r", 200) + "}\r",
			"p.mpl:1:13: the lines of this file end in a carriage return (CR) alone, as classic Mac OS wrote them; MPL lines end in LF or CRLF\n" +
				"    policy \"p\" {\\x0d    insutype 310\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d// a comment\\x0d…\n" +
				"                ^\n" +
				"    hint: convert the line ends: tr '\\r' '\\n' < old.mpl > new.mpl\n"},
		// Trojan Source: a right-to-left override in a comment makes an
		// editor show the code around it in another order than mpl reads it.
		{"RLO in a comment", "policy \"p\" {\n  insutype 310 // \u202e } \u2066\n}\n",
			"p.mpl:2:19: bidirectional control character \\u202e: a policy holds none, comments included\n" +
				"      insutype 310 // \\u202e } \\u2066\n" +
				"                      ^\n" + hintBidi},
		{"an isolate in a string", "policy \"p\" { note \"a\u2067b\" }\n",
			"p.mpl:1:21: bidirectional control character \\u2067: a policy holds none, comments included\n" +
				"    policy \"p\" { note \"a\\u2067b\" }\n" +
				"                        ^\n" + hintBidi},
		{"an escape that is a bidirectional control", "policy \"p\" { note \"\\u202d\" }\n",
			"p.mpl:1:20: the escape \\u202d in this string is a bidirectional control character\n" +
				"    policy \"p\" { note \"\\u202d\" }\n" +
				"                       ^\n" + hintBidi},
		// Characters beyond the BMP take two cells as their BMP kin do:
		// the caret stands under the name after them.
		{"a CJK extension B name before the error", "policy \"p\" {\n    source \"𠀀𠀀\" 𠀀x\n}\n",
			"p.mpl:2:17: unexpected \"𠀀x\"\n" +
				"        source \"𠀀𠀀\" 𠀀x\n" +
				"                      ^\n"},
		{"UTF-16 with a byte order mark", "\xff\xfep\x00o\x00l\x00\n\x00",
			"p.mpl:1:1: the file is not valid UTF-8 here\n" +
				"    \ufffd\ufffdp\\x00o\\x00l\\x00\n" +
				"    ^\n" + hintUTF16},
		{"UTF-16 without one", "\x00p\x00o\x00l\x00\n",
			"p.mpl:1:1: NUL byte (\\x00): a policy holds none\n" +
				"    \\x00p\\x00o\\x00l\\x00\n" +
				"    ^\n" + hintUTF16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, printed(tt.src)); diff != "" {
				t.Errorf("Print (-want +got):\n%s", diff)
			}
		})
	}
	// A tab in a string, and a CRLF line end, are fine.
	src := policyWith("param s = \"a\tb\"\r\nbenefit b { covers 普通住院\r\n ratio 85% }\r\n")
	if got := printed(src); got != "no error" {
		t.Errorf("Print:\n%s\nwant no error", got)
	}
}
