//go:build unix

package lang_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/lang"
)

// TestReadPolicyFile checks that a policy is read only from a regular
// file, and no more than the limit of it: a named pipe hung mpl check, and
// /dev/zero, or a large file, was read whole before the size was checked
// (out of memory).
func TestReadPolicyFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pipe := filepath.Join(dir, "pipe.mpl")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := write("big.mpl", []byte(strings.Repeat(" ", lang.MaxFileBytes+1)))
	extendsPipe := write("child.mpl", []byte("policy \"c\" {\n    extends \"pipe.mpl\"\n}\n"))
	if err := os.Mkdir(filepath.Join(dir, "d.mpl"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		want string
		code lang.Code
	}{
		{"a named pipe", pipe, pipe + ": cannot read policy: a named pipe, not a regular file", lang.CodeIO},
		{"a named pipe extended", extendsPipe, extendsPipe + `:2:5: cannot read "` + pipe + `": a named pipe, not a regular file`, lang.CodeExtends},
		{"a device", "/dev/zero", "/dev/zero: cannot read policy: a device, not a regular file", lang.CodeIO},
		{"a directory", filepath.Join(dir, "d.mpl"), filepath.Join(dir, "d.mpl") + ": cannot read policy: a directory, not a policy file", lang.CodeIO},
		{"too large", big, big + ": cannot read policy: the file is 1048577 bytes; the limit is 1048576", lang.CodeLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.file); err != nil {
				t.Skip(err)
			}
			// A Loader without ReadFile reads the file system with
			// ReadPolicyFile.
			_, err := (&lang.Loader{}).Load(tt.file)
			if err == nil {
				t.Fatal("Load: no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Load (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.code) {
				t.Errorf("Load: %v; want code %s", err, tt.code)
			}
		})
	}
	// A regular file is read.
	src := []byte("policy \"p\" { insutype 310 }\n")
	got, err := lang.ReadPolicyFile(write("ok.mpl", src))
	if err != nil || string(got) != string(src) {
		t.Errorf("ReadPolicyFile = %q, %v; want %q", got, err, src)
	}
}

// A policy named on the command line may be a pipe (<(git show …),
// /dev/stdin), read through the size limit; a device that never ends is
// refused at the limit, not read out of memory.
func TestReadPolicyArg(t *testing.T) {
	const text = "policy \"p\" {\n    insutype 310\n}\n"
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write([]byte(text))
		w.Close()
	}()
	got, err := lang.ReadPolicyArg(fmt.Sprintf("/dev/fd/%d", r.Fd()))
	if err != nil || string(got) != text {
		t.Errorf("ReadPolicyArg(a pipe) = %q, %v; want the text", got, err)
	}
	if _, err := lang.ReadPolicyArg("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than") && !strings.Contains(err.Error(), "too large") {
		t.Errorf("ReadPolicyArg(/dev/zero) = %v; want an error at the size limit", err)
	}
	if _, err := lang.ReadPolicyArg(t.TempDir()); err == nil {
		t.Error("ReadPolicyArg(a directory): no error")
	}
}

// An extended file that is a symbolic link out of the checked policy's
// directory is refused, not read: its name alone looked within it.
func TestExtendsSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.mpl")
	if err := os.WriteFile(outside, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "base.mpl")); err != nil {
		t.Fatal(err)
	}
	child := filepath.Join(dir, "child.mpl")
	if err := os.WriteFile(child, []byte("policy \"c\" {\n    extends \"base.mpl\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := &lang.Loader{ReadFile: lang.ReadPolicyFile}
	_, err := l.Load(child)
	if !errors.Is(err, lang.CodeExtends) || strings.Contains(err.Error(), "root:x") {
		t.Errorf("Load: %v; want an extends error, the file unread", err)
	}
}
