//go:build unix

package lang_test

import (
	"errors"
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
