package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestInterrupt sends Ctrl-C (SIGINT) to a real `mpl run --stream
// --ledger` once it has written its first row: the run stops between
// chunks, every row written is whole, the exit status is 3, and standard
// error says how many rows were written and to run the batch again. (It
// was killed mid-row, the last line cut, with nothing said.)
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and interrupts the mpl command; skipped with -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send to a process on Windows")
	}
	dir, bin, policy := buildMPL(t)
	// Far more claims than are settled before the signal arrives: each is
	// a transaction of its own in the ledger file.
	const n = 20000
	claims, _ := crashBatch(rand.New(rand.NewPCG(20, 12)), n, 200)
	claimsFile := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claimsFile, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "-p", policy, "--stream", "--ledger", filepath.Join(dir, "l.db"), claimsFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	first, err := out.ReadString('\n') // the run is under way
	if err != nil {
		t.Fatalf("no first row: %v", err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("exit status %d, want 3; stderr:\n%s", code, stderr.String())
	}
	written := first + string(rest)
	if !strings.HasSuffix(written, "\n") {
		t.Fatalf("the output ends mid-row: …%q", written[max(0, len(written)-80):])
	}
	lines := strings.Split(strings.TrimSuffix(written, "\n"), "\n")
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("row %d is not whole: %q", i+1, l)
		}
	}
	if len(lines) >= n {
		t.Fatalf("all %d rows written: the run was not interrupted", len(lines))
	}
	m := regexp.MustCompile(`mpl run: interrupted: (\d+) rows written, each whole; run the batch again to finish it`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("stderr does not say the run was interrupted:\n%s", stderr.String())
	}
	if said, _ := strconv.Atoi(m[1]); said != len(lines) {
		t.Errorf("stderr says %d rows written, the output has %d", said, len(lines))
	}
}
