package main

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestClosedOutputPipe: `mpl run … | head -1` closes the output after the
// first row. The write that fails is an output failure, as --help and
// docs/ledger.md say: exit status 3 and a message naming it, with --ledger
// what the ledger holds. (The Go runtime ended the process by SIGPIPE,
// status 141, without a word, the ledger holding rows the output never got.)
func TestClosedOutputPipe(t *testing.T) {
	skipSignalTest(t)
	dir, bin, policy := buildMPL(t)
	// Rows enough to fill a pipe's buffer (64 KiB on Linux) many times
	// over: about 1 MB.
	claims, _ := crashBatch(rand.New(rand.NewPCG(27, 1)), 2000, 200)
	claimsFile := writeClaims(t, dir, claims)
	for _, tc := range []struct {
		name  string
		flags []string
		want  []string // in standard error
	}{
		{"whole batch", nil, []string{"mpl run: write /dev/stdout: broken pipe"}},
		{"stream", []string{"--stream"}, []string{"mpl run: write /dev/stdout: broken pipe"}},
		{"ledger", []string{"--ledger", filepath.Join(dir, "l.db")}, []string{"broken pipe", "have been settled against ledger", "run the batch again"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			args := append([]string{"run", "-p", policy}, tc.flags...)
			cmd := exec.Command(bin, append(args, claimsFile)...)
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = w, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close() // the child's now
			if _, err := bufio.NewReader(r).ReadString('\n'); err != nil {
				t.Fatalf("no first row: %v; stderr:\n%s", err, stderr.String())
			}
			r.Close() // as head -1 does
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 3 {
				t.Fatalf("exit status %d (%v), want 3; stderr:\n%s", code, cmd.ProcessState, stderr.String())
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("standard error has no %q:\n%s", want, stderr.String())
				}
			}
		})
	}
}
