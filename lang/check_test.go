package lang_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/lang"
)

// A chunk is one test case of an error script: one or more files, the first
// of which is loaded. Lines `-- name.mpl --` start a further file.
type chunk struct {
	line  int // line of the chunk in the script, for failure messages
	files []chunkFile
	multi bool // files are named by `-- name --` lines
}

type chunkFile struct {
	name string
	text string
}

// want is an expected error: a regexp that some error on file:line matches.
type want struct {
	file string
	line int
	re   *regexp.Regexp
}

var (
	chunkSep  = regexp.MustCompile(`^---\s*$`)
	fileSep   = regexp.MustCompile(`^-- (\S+) --\s*$`)
	expectRE  = regexp.MustCompile("### (\"(?:\\\\.|[^\"\\\\])*\"|`[^`]*`)\\s*$")
	mainChunk = "main.mpl"
)

// readChunks splits an error script into chunks by lines `---`.
func readChunks(t testing.TB, script string) []chunk {
	var chunks []chunk
	cur := chunk{line: 1, files: []chunkFile{{name: mainChunk}}}
	for i, line := range strings.Split(script, "\n") {
		switch {
		case chunkSep.MatchString(line):
			chunks = append(chunks, cur)
			cur = chunk{line: i + 2, files: []chunkFile{{name: mainChunk}}}
		case fileSep.MatchString(line):
			// Text before a chunk's first file marker is commentary.
			name := fileSep.FindStringSubmatch(line)[1]
			if !cur.multi {
				cur.files, cur.multi = nil, true
			}
			cur.files = append(cur.files, chunkFile{name: name})
		default:
			f := &cur.files[len(cur.files)-1]
			f.text += line + "\n"
		}
	}
	return append(chunks, cur)
}

// wants collects the `### "regexp"` comments of a chunk.
func (c chunk) wants(t testing.TB) []want {
	var ws []want
	for _, f := range c.files {
		for i, line := range strings.Split(f.text, "\n") {
			m := expectRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			pat, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("chunk at line %d: %s:%d: bad ### string %s: %v", c.line, f.name, i+1, m[1], err)
			}
			ws = append(ws, want{file: f.name, line: i + 1, re: regexp.MustCompile(pat)})
		}
	}
	return ws
}

func (c chunk) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range c.files {
		m[f.name] = &fstest.MapFile{Data: []byte(f.text)}
	}
	return m
}

// load loads the chunk's first file and returns its diagnostics.
func (c chunk) load(t testing.TB) lang.ErrorList {
	_, err := lang.NewFSLoader(c.fs()).Load(c.files[0].name)
	if err == nil {
		return nil
	}
	var list lang.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("chunk at line %d: Load returned %T (%v), want lang.ErrorList", c.line, err, err)
	}
	return list
}

// TestErrorScripts runs every testdata/errors/*.mpl script: each chunk must
// report exactly the errors its `###` comments expect, on their lines.
func TestErrorScripts(t *testing.T) {
	scripts, err := filepath.Glob("testdata/errors/*.mpl")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no error scripts: %v", err)
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			data, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range readChunks(t, string(data)) {
				checkChunk(t, script, c)
			}
		})
	}
}

func checkChunk(t *testing.T, script string, c chunk) {
	t.Helper()
	errs := c.load(t)
	ws := c.wants(t)
	matched := make([]bool, len(ws))
	for _, e := range errs {
		ok := false
		for i, w := range ws {
			if e.Pos.File == w.file && e.Pos.Line == w.line && w.re.MatchString(e.Msg) {
				matched[i], ok = true, true
			}
		}
		if !ok {
			t.Errorf("%s: chunk at line %d: unexpected error %s: %s [%s]", script, c.line, e.Pos, e.Msg, e.Code)
		}
	}
	for i, w := range ws {
		if !matched[i] {
			t.Errorf("%s: chunk at line %d: %s:%d: no error matching %q; got %v", script, c.line, w.file, w.line, w.re, errs)
		}
	}
}

// policyWith wraps benefit lines into a minimal valid policy.
func policyWith(decls string) string {
	return `policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
` + decls
}

func loadString(src string) error {
	_, err := lang.NewFSLoader(fstest.MapFS{"p.mpl": {Data: []byte(src)}}).Load("p.mpl")
	return err
}

// TestErrorCodes checks the stable codes of diagnostics, which tools match.
func TestErrorCodes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		code lang.Code
	}{
		{"parse", `policy "p" { insutype }`, lang.CodeParse},
		{"unknown name", policyWith("param a: money = 住院起付\nbenefit b { covers 普通住院\n ratio 85% }"), lang.CodeName},
		{"money plus ratio", policyWith("param a = ¥5 + 5%\nbenefit b { covers 普通住院\n ratio 85% }"), lang.CodeType},
		{"missing combination", policyWith("benefit b { covers 普通住院\n ratio match psn_type { 在职: 85% } }"), lang.CodeTable},
		{"band gap", policyWith("fund f { code 310200\n ratio bands { 0..10: 10%, 20..: 20% } }\nbenefit b { covers 普通住院\n ratio 85% }"), lang.CodeBands},
		{"ratio over one", policyWith("benefit b { covers 普通住院\n ratio 120% }"), lang.CodeValue},
		{"no source", "policy \"p\" { insutype 310 }\nbenefit b { covers 普通住院\n ratio 85% }", lang.CodeRule},
		{"two caps on one total", policyWith("benefit b { covers 普通住院\n ratio 85%\n cap ¥100 per year\n cap ¥50 per year }"), lang.CodeRule},
		{"limit per visit", policyWith("benefit b { covers 普通住院\n ratio 85%\n cap ¥100 per visit limit l }"), lang.CodeRule},
		{"limit named after a benefit", policyWith("benefit b { covers 普通住院\n ratio 85%\n cap ¥100 per year }\nfund f { code 390200\n ratio 50%\n cap ¥100 per year limit b }"), lang.CodeName},
		{"nesting", "policy \"p\" {" + strings.Repeat("(", lang.MaxDepth+1) + "}", lang.CodeLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := loadString(tt.src)
			if !errors.Is(err, tt.code) {
				t.Fatalf("Load: %v; want an error with code %s", err, tt.code)
			}
		})
	}
}

func TestExtendsCycleCode(t *testing.T) {
	fsys := fstest.MapFS{
		"a.mpl": {Data: []byte("policy \"a\" { extends \"b.mpl\" }\n")},
		"b.mpl": {Data: []byte("policy \"b\" { extends \"a.mpl\" }\n")},
	}
	_, err := lang.NewFSLoader(fsys).Load("a.mpl")
	if !errors.Is(err, lang.CodeExtends) {
		t.Fatalf("Load: %v; want %s", err, lang.CodeExtends)
	}
	if !strings.Contains(err.Error(), "a.mpl → b.mpl → a.mpl") {
		t.Errorf("Load: %v; want the cycle spelled out", err)
	}
}

// TestReplacedNoted checks that an error at a line of an extended file
// names, in its note, the parameter an extending file replaced that the
// error is about, and only that one.
func TestReplacedNoted(t *testing.T) {
	parent := policyWith(`param 住院起付线 = ¥1500
param 住院 = 90%
param 年度限额 = ¥460000
benefit 住院b { covers 普通住院
 deductible 住院起付线 per year
 ratio 住院
 cap 年度限额 per year }
`)
	child := func(decls string) string {
		return "policy \"c\" {\n    extends \"parent.mpl\"\n}\n" + decls
	}
	type got struct {
		File string
		Line int
		Note string
	}
	tests := []struct {
		name, child string
		want        []got
	}{
		{"a cap replaced", child("param 年度限额 = ¥1000\n"),
			[]got{{"parent.mpl", 15, "param 年度限额 is child.mpl's (line 4), in place of parent.mpl's (line 11)"}}},
		{"the deductible replaced", child("param 住院起付线 = ¥500000\n"),
			[]got{{"parent.mpl", 15, "param 住院起付线 is child.mpl's (line 4), in place of parent.mpl's (line 9)"}}},
		// 住院, replaced, is within the message's 住院起付线 only.
		{"another parameter replaced too", child("param 住院 = 80%\nparam 年度限额 = ¥1000\n"),
			[]got{{"parent.mpl", 15, "param 年度限额 is child.mpl's (line 5), in place of parent.mpl's (line 11)"}}},
		// An error at a use of the name, whatever its message says.
		{"a ratio replaced", child("param 住院 = 190%\n"),
			[]got{{"parent.mpl", 14, "param 住院 is child.mpl's (line 4), in place of parent.mpl's (line 10)"}}},
		{"an error in the child has no note", child("param 住院 = 80%\nparam 坏 = 住院 + ¥1\n"),
			[]got{{"child.mpl", 5, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"parent.mpl": {Data: []byte(parent)}, "child.mpl": {Data: []byte(tt.child)}}
			_, err := lang.NewFSLoader(fsys).Load("child.mpl")
			var list lang.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load: %v; want errors", err)
			}
			var gots []got
			for _, e := range list {
				gots = append(gots, got{e.Pos.File, e.Pos.Line, e.Note})
			}
			if diff := cmp.Diff(tt.want, gots); diff != "" {
				t.Errorf("errors (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
	// Down a chain of three files, the note names the file whose
	// declaration stands, and the first's.
	middle := "policy \"m\" {\n    extends \"parent.mpl\"\n}\nparam 年度限额 = ¥2000\n"
	last := "policy \"c\" {\n    extends \"middle.mpl\"\n}\nparam 年度限额 = ¥1000\n"
	fs3 := fstest.MapFS{"parent.mpl": {Data: []byte(parent)}, "middle.mpl": {Data: []byte(middle)}, "child.mpl": {Data: []byte(last)}}
	_, err3 := lang.NewFSLoader(fs3).Load("child.mpl")
	var list3 lang.ErrorList
	if !errors.As(err3, &list3) || len(list3) != 1 || list3[0].Note != "param 年度限额 is child.mpl's (line 4), in place of parent.mpl's (line 11)" {
		t.Errorf("three files: %v; want one error noting child.mpl's line 4 in place of parent.mpl's line 11", err3)
	}
	// Print shows the note between the source line and the hint.
	fsys := fstest.MapFS{"parent.mpl": {Data: []byte(parent)}, "child.mpl": {Data: []byte(child("param 年度限额 = ¥1000\n"))}}
	loader := lang.NewFSLoader(fsys)
	_, err := loader.Load("child.mpl")
	var out strings.Builder
	lang.Print(&out, err, loader, "")
	want := "    note: param 年度限额 is child.mpl's (line 4), in place of parent.mpl's (line 11)\n    hint: "
	if !strings.Contains(out.String(), want) {
		t.Errorf("Print:\n%s\nwant it to hold %q", out.String(), want)
	}
}

// TestHints checks the did-you-mean hints on unknown labels and names.
func TestHints(t *testing.T) {
	tests := []struct {
		name, src, hint string
	}{
		{"label in table", policyWith("benefit b { covers 普通住院\n ratio match psn_type { 在职: 85%\n 退修: 90%\n default: 80% } }"), `did you mean "退休"?`},
		{"kind of care", policyWith("benefit b { covers 普通注院\n ratio 85% }"), `did you mean "普通住院"?`},
		{"function", policyWith("param a = mim(¥1, ¥2)\nbenefit b { covers 普通住院\n ratio 85% }"), `did you mean "min"?`},
		{"a keyword misspelt", policyWith("benefit b { covers 普通住院\n deductable ¥100\n ratio 85% }"), `did you mean the keyword "deductible"?`},
		{"a Chinese keyword misspelt", policyWith("benefit b { covers 普通住院\n 报销比列 85% }"), `did you mean the keyword "报销比例"?`},
		{"no keyword for a comma", policyWith("benefit b { covers 普通住院\n ratio 85%, }"), ""},
		{"a keyword taken for a name", policyWith("benefit b { covers 普通住院\n deductible ratio\n ratio 85% }"), `"ratio" is a keyword, taken here for a name: is the value before it missing?`},
		{"= for ==", policyWith("benefit b { covers 普通住院\n ratio 85%\n adjust - 5% when psn_type = 在职 }"), `to compare two values, write == (= only replaces a ratio: adjust = 50%)`},
		{"full-width digits after ¥", policyWith("benefit b { covers 普通住院\n deductible ¥３００\n ratio 85% }"), `"３００" are full-width digits; write "300"`},
		{"full-width digits", policyWith("benefit b { covers 普通住院\n ratio ８５．５% }"), `"８５．５" are full-width digits; write "85.5"`},
		{"a minus sign after ¥", policyWith("param 减免 = ¥-500\nbenefit b { covers 普通住院\n ratio 85% }"), `the minus sign goes before the ¥: write -¥500`},
		{"a minus sign after ￥", policyWith("param 减免 = ￥ -12.5\nbenefit b { covers 普通住院\n ratio 85% }"), `the minus sign goes before the ￥: write -￥12.5`},
		// Hints that would drop what the author meant.
		{"非 glued to its name", policyWith("benefit b { covers 普通住院\n when 非cvlserv_flag\n ratio 85% }"), `"非cvlserv_flag" is one name to MPL; put a space after 非: 非 cvlserv_flag`},
		{"且 glued after a value", policyWith("benefit b { covers 普通住院\n when age>=60且psn_type==在职\n ratio 85% }"), `"且psn_type" is one name to MPL; put spaces around 且: 60 且 psn_type`},
		{"a plain number among ratios", policyWith("benefit b { covers 普通住院\n ratio match psn_type { 在职: 90%\n 退休: 92\n default: 85% } }"), `a ratio is written with %: 92%`},
		{"ratios after a plain number", policyWith("param r = match psn_type { 在职: 92\n default: 85% }\nbenefit b { covers 普通住院\n ratio 85% }"), `the rows above are plain numbers: if they are ratios, write them with % (92%)`},
		// A value of the wrong kind written as it should be, and where a
		// parameter's, at the line that declares it.
		{"a fraction as an adjustment", policyWith("param 加成 = 0.05\nbenefit b { covers 普通住院\n ratio 85%\n adjust + 加成 when psn_type == 在职 }"), `write a ratio as a percentage where param 加成 is declared (line 9): 5%`},
		{"an amount as an adjustment", policyWith("benefit b { covers 普通住院\n ratio 85%\n adjust + ¥10 when psn_type == 在职 }"), `write a ratio as a percentage: 10%`},
		{"a percentage as a deductible", policyWith("param 门诊起付线 = 600%\nbenefit b { covers 普通住院\n deductible 门诊起付线\n ratio 85% }"), `write money with ¥ or 元 where param 门诊起付线 is declared (line 9): ¥600`},
		{"a plain number as a cap", policyWith("benefit b { covers 普通住院\n ratio 85%\n cap 3000 per year }"), `write money with ¥ or 元: ¥3000`},
		{"a fraction in a remote row", policyWith("benefit b { covers 普通住院\n ratio 85%\n remote by mdtrt_area { 省内异地: × 0.9\n default: × 100% } }"), `write a ratio as a percentage: × 90%`},
		{"a fraction in a schedule", policyWith("benefit b { covers 普通住院\n deductible ¥1000 per admission schedule [100%, 0.75]\n ratio 85% }"), `write a share of the deductible as a percentage: 75%`},
		{"a number over one in a schedule", policyWith("benefit b { covers 普通住院\n deductible ¥1000 per admission schedule [100%, 50]\n ratio 85% }"), `write 50% for a share of the deductible, ¥50 for an amount`},
		{"thousands in a schedule", policyWith("benefit b { covers 普通住院\n deductible ¥1500 per admission schedule [¥1,200, ¥900]\n ratio 85% }"), `amounts are written without thousands separators: write ¥1200`},
		{"thousands in a row", policyWith("param 药店限额 = match psn_type { 在职: ¥1,500, 退休: ¥1800 }\nbenefit b { covers 普通住院\n ratio 85% }"), `amounts are written without thousands separators: write ¥1500`},
		{"an unknown relation", policyWith("benefit b { covers 普通住院\n ratio 85% }\naccount {\n share 配偶, 儿子\n}"), `one of: 配偶, 父母, 子女, 兄弟姐妹, 祖父母, 外祖父母, 孙子女, 外孙子女`},
		// A limit capped at two amounts: the smaller gets a cap of its
		// own, whichever comes first; the other way round the larger
		// benefit would be capped at the smaller amount.
		{"a limit, the smaller cap first", policyWith("benefit 外伤 { covers 外伤住院\n ratio 80%\n cap ¥5000 per year limit 总 }\nbenefit 住院 { covers 普通住院\n ratio 85%\n cap ¥460000 per year limit 总 }"),
			"to give benefit 外伤 a ceiling of its own within the shared total, write two caps in it: `cap ¥460000 per year limit 总` and `cap ¥5000 per year`"},
		{"a limit, the larger cap first", policyWith("benefit 住院 { covers 普通住院\n ratio 85%\n cap ¥460000 per year limit 总 }\nbenefit 外伤 { covers 外伤住院\n ratio 80%\n cap ¥5000 per year limit 总 }"),
			"to give benefit 外伤 a ceiling of its own within the shared total, write two caps in it: `cap ¥460000 per year limit 总` and `cap ¥5000 per year`"},
		{"the letter x after adjust", policyWith("benefit b { covers 普通住院\n ratio 85%\n adjust x 90% when psn_type == 在职 }"), `to multiply, write × or *, not the letter x: × 90%`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var list lang.ErrorList
			if err := loadString(tt.src); !errors.As(err, &list) {
				t.Fatalf("Load: %v; want an ErrorList", err)
			}
			var hints []string
			for _, e := range list {
				hints = append(hints, e.Hint)
			}
			if diff := cmp.Diff([]string{tt.hint}, hints); diff != "" {
				t.Errorf("hints (-want +got):\n%s", diff)
			}
		})
	}
}

// TestErrorsSorted checks that diagnostics come out in source order even
// when the checker finds them out of order (benefits are checked after
// parameters, the header last of all).
func TestErrorsSorted(t *testing.T) {
	src := `policy "p" {
    insutype 310
    source "s"
    effective 2025-12-31 to 2025-01-01
}
benefit b {
    covers 普通住院
    ratio 120%
}
param a = ¥1 + 5%
param z = nope
`
	var list lang.ErrorList
	if err := loadString(src); !errors.As(err, &list) {
		t.Fatalf("Load: %v; want an ErrorList", err)
	}
	if len(list) < 4 {
		t.Fatalf("got %d errors, want at least 4: %v", len(list), list)
	}
	var lines []int
	for _, e := range list {
		lines = append(lines, e.Pos.Line)
	}
	if diff := cmp.Diff([]int{4, 8, 10, 11}, lines); diff != "" {
		t.Errorf("error lines (-want +got):\n%s", diff)
	}
}

var update = flag.Bool("update", os.Getenv("MPL_UPDATE") == "1", "rewrite golden files")

// TestPrintGolden checks the compiler-style output: file:line:col, the
// source line, a caret under the column (CJK counted as two cells) and the hint.
func TestPrintGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/print.mpl")
	if err != nil {
		t.Fatal(err)
	}
	l := lang.NewFSLoader(fstest.MapFS{"print.mpl": {Data: src}})
	_, err = l.Load("print.mpl")
	if err == nil {
		t.Fatal("Load: no error")
	}
	var buf bytes.Buffer
	lang.Print(&buf, err, l, "")
	golden := "testdata/print.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with MPL_UPDATE=1 to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("Print output (-want +got):\n%s", diff)
	}
}

// TestParseErrorsGolden checks the rendered parse errors of the bad
// policies in testdata/parse, one after another in one golden file: a
// keyword where a statement wants a name or a value, and a block left open.
func TestParseErrorsGolden(t *testing.T) {
	names, err := filepath.Glob("testdata/parse/*.mpl")
	if err != nil || len(names) == 0 {
		t.Fatalf("no bad policies: %v", err)
	}
	var buf bytes.Buffer
	for _, name := range names {
		l := lang.NewFSLoader(os.DirFS("testdata/parse"))
		_, err := l.Load(filepath.Base(name))
		if !errors.Is(err, lang.CodeParse) {
			t.Errorf("%s: Load: %v; want a parse error", name, err)
		}
		lang.Print(&buf, err, l, "")
	}
	golden := "testdata/parse/errors.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with MPL_UPDATE=1 to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("Print output (-want +got):\n%s", diff)
	}
}

// TestFixedBugs keeps checker bugs found by review from coming back:
// money × money accepted, and a failed parameter reported at every use.
func TestFixedBugs(t *testing.T) {
	t.Run("money times money", func(t *testing.T) {
		err := loadString(policyWith("param a = ¥5 × ¥5\nbenefit b { covers 普通住院\n ratio 85% }"))
		if !errors.Is(err, lang.CodeType) {
			t.Errorf("Load: %v; want a type error for money × money", err)
		}
	})
	t.Run("error in a parameter reported once", func(t *testing.T) {
		err := loadString(policyWith("param a = nope\nparam b = a\nparam c = a\nbenefit b { covers 普通住院\n ratio 85% }"))
		var list lang.ErrorList
		if !errors.As(err, &list) || len(list) != 1 {
			t.Errorf("Load: %v; want exactly one error", err)
		}
	})
}

// TestValuePositions: an item's value that is wrong is pointed at, not
// the item's keyword: an effective period's dates (the end date stood at
// the start date's column), the scheme, rounding and account rule of a
// header, a fund's code and the benefit it applies to.
func TestValuePositions(t *testing.T) {
	src := "policy \"p\" {\n    insutype 999\n    source \"s\"\n    effective 2025-02-30 to 2025-13-01\n    rounding  half_upp\n    account   some\n}\n" +
		"benefit b {\n    covers 普通住院\n    ratio 85%\n}\nfund 大病 {\n    code    39020\n    applies b, bx\n    ratio   50%\n}\n"
	var list lang.ErrorList
	if err := loadString(src); !errors.As(err, &list) {
		t.Fatalf("Load: %v; want an ErrorList", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	want := []string{
		`p.mpl:2:14: unknown insutype "999"`,
		`p.mpl:4:15: "2025-02-30" is not a date`,
		`p.mpl:4:29: "2025-13-01" is not a date`,
		`p.mpl:5:15: unknown rounding "half_upp"`,
		`p.mpl:6:15: unknown account rule "some"`,
		`p.mpl:13:13: a fund code has six digits (390200), not "39020"`,
		`p.mpl:14:16: fund 大病 applies to unknown benefit "bx"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestPrintAndListOfNothing: Print of no error prints nothing (it printed
// "<nil>"), and a list holding a nil diagnostic prints, matches and words
// itself without a panic.
func TestPrintAndListOfNothing(t *testing.T) {
	var out strings.Builder
	lang.Print(&out, nil, nil, "")
	lang.Print(&out, lang.ErrorList{nil}, nil, "")
	if out.String() != "" {
		t.Errorf("Print of nothing wrote %q", out.String())
	}
	list := lang.ErrorList{nil}
	if got := list.Error(); got != "<nil>" {
		t.Errorf("ErrorList{nil}.Error() = %q, want <nil>", got)
	}
	if errors.Is(list, lang.CodeParse) {
		t.Error("a nil diagnostic matched CodeParse")
	}
}
