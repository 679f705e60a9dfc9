package interp_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// commandLine matches the command line's words: a flag (--ledger) or a
// command of mpl's (mpl ledger link).
var commandLine = regexp.MustCompile(`(^|[\s(])--[a-z]|\bmpl (run|ledger|check|test|fmt|explain|diff|policies)\b`)

// TestLibraryMessagesNameNoFlags: the packages an embedding program
// imports word their errors for a caller of theirs, who has no flags to
// give: an error row said "settle against a ledger (--ledger FILE)" and
// "without --stream" to a service settling through RunStream. No string
// of their code (tests aside) names a flag or an mpl command.
func TestLibraryMessagesNameNoFlags(t *testing.T) {
	for _, dir := range []string{".", "claim", "store", "../lang"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && commandLine.MatchString(s) {
					t.Errorf("%s: a message names the command line: %s", fset.Position(lit.Pos()), lit.Value)
				}
				return true
			})
		}
	}
}
