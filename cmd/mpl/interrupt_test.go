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
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestInterrupt sends Ctrl-C (SIGINT) to a real `mpl run --stream
// --ledger` once it has written its first row: the run stops between
// chunks, every row written is whole, the exit status is 3, and standard
// error says how many rows were written and to run the batch again. (It
// was killed mid-row, the last line cut, with nothing said.)
func TestInterrupt(t *testing.T) {
	skipSignalTest(t)
	dir, bin, policy := buildMPL(t)
	// Far more claims than are settled before the signal arrives: each is
	// a transaction of its own in the ledger file.
	const n = 20000
	claims, _ := crashBatch(rand.New(rand.NewPCG(20, 12)), n, 200)
	claimsFile := writeClaims(t, dir, claims)
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

// TestInterruptWhileWaiting: a SIGTERM reaches a run whose claims come
// from a pipe that has gone quiet, with and without --stream. The run
// stops at once with exit status 3, and every row it says it wrote is in
// the output: with --stream the rows settled so far, without it none,
// the batch not yet read to its end. (It waited for the next line, and
// when the pipe then closed it finished with status 0, the signal lost;
// without --stream the signal killed it, status 143, without a word.)
func TestInterruptWhileWaiting(t *testing.T) {
	skipSignalTest(t)
	_, bin, policy := buildMPL(t)
	// More than a pipe's buffer (64 KiB on Linux), so that the write below
	// returns only once the run is reading, its signal handling set up.
	const n = 1000
	claims, _ := crashBatch(rand.New(rand.NewPCG(27, 2)), n, 50)
	if len(claims) < 2<<16 {
		t.Fatalf("the claims are %d bytes; the test needs more than a pipe holds", len(claims))
	}
	for _, tc := range []struct {
		name    string
		flags   []string
		written int
	}{
		{"stream", []string{"--stream"}, n},
		{"whole batch", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, append([]string{"run", "-p", policy}, tc.flags...)...)
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var stdout, stderr syncBuffer // read while the command writes
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(in, claims); err != nil {
				t.Fatal(err)
			}
			// The pipe stays open and quiet: the run waits for more. A
			// stream writes out what it read meanwhile.
			for deadline := time.Now().Add(10 * time.Second); strings.Count(stdout.String(), "\n") < tc.written; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no %d rows after 10 s; stderr:\n%s", tc.written, stderr.String())
				}
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case <-waited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 10 s after SIGTERM; stderr:\n%s", stderr.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != 3 {
				t.Fatalf("exit status %d (%v), want 3; stderr:\n%s", code, cmd.ProcessState, stderr.String())
			}
			want := "mpl run: interrupted: " + strconv.Itoa(tc.written) + " rows written"
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
			}
			if got := strings.Count(stdout.String(), "\n"); got != tc.written {
				t.Errorf("%d rows in the output, want %d", got, tc.written)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer that a test reads while a command writes
// to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// skipSignalTest skips a test that builds the mpl command and signals it
// (or has the system do so): with -short, and on Windows, which has no
// such signals.
func skipSignalTest(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the mpl command and signals it; skipped with -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT, SIGTERM or SIGPIPE on Windows")
	}
}

// writeClaims writes claims to claims.jsonl in dir and returns its path.
func writeClaims(t *testing.T, dir, claims string) string {
	t.Helper()
	path := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(path, []byte(claims), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
