package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpl-lang/mpl/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mpl": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar. $REPO is the repository root,
// for scripts that check the shipped policies. MPL_UPDATE=1 rewrites the
// files that cmp compares with.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			return nil
		},
		UpdateScripts: os.Getenv("MPL_UPDATE") == "1",
	})
}
