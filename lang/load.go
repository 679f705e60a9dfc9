package lang

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mpl-lang/mpl/stdlib"
)

// Loader reads, parses and checks policy files. It remembers every file it
// read, so that diagnostics can print source lines (it implements Sources).
// A Loader is not safe for concurrent use; the Policy it returns is.
type Loader struct {
	// ReadFile reads a file by the path the user gave or the path an
	// `extends` resolved to (relative to the extending file's directory).
	// Nil reads the operating system's files with ReadPolicyFile.
	ReadFile func(name string) ([]byte, error)
	// ReadRoot, when not nil, reads the file Load is given, the one a
	// user named (which may be a pipe: <(git show HEAD:policy.mpl)),
	// where ReadFile reads the files it extends.
	ReadRoot func(name string) ([]byte, error)
	files    map[string][]byte
}

// ReadPolicyArg reads a policy a user named on the command line: as
// ReadPolicyFile, but a named pipe or a character device (/dev/stdin, the
// <(…) of a shell) is read too, through the same limit, since the user
// chose it. A directory, or anything else, is refused.
func ReadPolicyArg(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) == 0 {
		return readPolicy(osFS{}, name) // a regular file, or refused as readPolicy says
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAtMost(f, name, 0)
}

// readAtMost reads r, the policy file name, of size bytes (0 when not
// known, as of a pipe), refusing it once it passes MaxFileBytes: the
// limit is what is read, whatever the size said.
func readAtMost(r io.Reader, name string, size int64) ([]byte, error) {
	// Room for the whole file in one buffer, and to see that it grew.
	var buf bytes.Buffer
	buf.Grow(int(min(size, MaxFileBytes)) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxFileBytes+1)); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	b := buf.Bytes()
	if len(b) > MaxFileBytes {
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLargeError{}}
	}
	return b, nil
}

// NewFSLoader returns a Loader reading from fsys (paths slash-separated,
// relative to the root of fsys), as ReadPolicyFile does: regular files of
// at most MaxFileBytes. With a nil fsys every file is an error to read.
func NewFSLoader(fsys fs.FS) *Loader {
	return &Loader{ReadFile: func(name string) ([]byte, error) {
		if fsys == nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("no file system to read it from (a nil fs.FS)")}
		}
		return readPolicy(fsys, name)
	}}
}

// ReadPolicyFile reads a policy file of the operating system's. A policy
// is data from outside, and so may be anything that has a name: it reads
// only a regular file (not a named pipe, which would wait for a writer, nor
// a device such as /dev/zero, which never ends), and no more than
// MaxFileBytes (a larger file is an error before it is read).
func ReadPolicyFile(name string) ([]byte, error) {
	return readPolicy(osFS{}, name)
}

// osFS opens the operating system's files by the names the user gave,
// which fs.FS's rules on names (no "..", no leading "/") would refuse.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// Stat stats name without opening it (fs.Stat would open a file that has
// no Stat of its FS, and opening a named pipe waits for a writer).
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// readPolicy reads name from fsys as ReadPolicyFile says.
func readPolicy(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := regularPolicy(name, info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Stat again what was opened: the name may now be another file.
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regularPolicy(name, info); err != nil {
		return nil, err
	}
	return readAtMost(f, name, info.Size())
}

// regularPolicy refuses a file that is not a regular file, or one larger
// than MaxFileBytes.
func regularPolicy(name string, info fs.FileInfo) error {
	mode := info.Mode()
	if !mode.IsRegular() {
		what := "not a regular file"
		switch {
		case mode.IsDir():
			what = "a directory, not a policy file"
		case mode&fs.ModeNamedPipe != 0:
			what = "a named pipe, not a regular file"
		case mode&fs.ModeDevice != 0:
			what = "a device, not a regular file"
		case mode&fs.ModeSocket != 0:
			what = "a socket, not a regular file"
		}
		return &fs.PathError{Op: "read", Path: name, Err: errors.New(what)}
	}
	if info.Size() > MaxFileBytes {
		return &fs.PathError{Op: "read", Path: name, Err: tooLargeError{size: info.Size(), known: true}}
	}
	return nil
}

// tooLargeError is a file past MaxFileBytes (CodeLimit), of size bytes
// when known (a file that grew as it was read is only known to be larger).
type tooLargeError struct {
	size  int64
	known bool
}

func (e tooLargeError) Error() string {
	if !e.known {
		return fmt.Sprintf("the file is larger than the limit of %d bytes", MaxFileBytes)
	}
	return fmt.Sprintf("the file is %d bytes; the limit is %d", e.size, MaxFileBytes)
}

// Source returns the text of a file the loader read.
func (l *Loader) Source(name string) ([]byte, bool) {
	if name == stdlib.NationalFile {
		return stdlib.National, true
	}
	b, ok := l.files[name]
	return b, ok
}

// Load reads the policy at name and everything it extends, and checks it.
// The error, when not nil, is an ErrorList with every problem found, sorted
// by position; errors.As finds an *Error in it. A file that cannot be read
// is a CodeIO (or, extended, CodeExtends) diagnostic that wraps the file
// system's error: errors.Is(err, fs.ErrNotExist) holds for a missing one.
func (l *Loader) Load(name string) (*Policy, error) {
	if name == "" {
		return nil, ErrorList{{Code: CodeIO, Msg: "cannot read policy: no file named (the path is empty)", Err: fs.ErrNotExist}}
	}
	if l.files == nil {
		l.files = map[string][]byte{}
	}
	nat, err := national()
	if err != nil {
		return nil, err
	}
	c := &checker{national: nat}
	chain := l.chain(c, name, nil, Pos{})
	if len(c.errs) > 0 {
		c.errs.Sort()
		return nil, c.errs
	}
	if len(chain) == 1 && chain[0].Header.Kind == "library" {
		if err := checkLibrary(chain[0]); err != nil {
			return nil, err
		}
		return &Policy{Name: chain[0].Header.Name, Pos: position(chain[0].Header.Pos), Files: []string{name}, Library: true}, nil
	}
	p := c.check(chain)
	if len(c.errs) > 0 {
		c.noteReplaced(l.Source)
		c.errs.Sort()
		return nil, c.errs
	}
	p.checked = true
	return p, nil
}

// chain parses name and, first, the files it extends; it returns them base
// first. stack holds the files on the way to name, to find cycles.
func (l *Loader) chain(c *checker, name string, stack []string, from Pos) []*File {
	for i, s := range stack {
		if s == name {
			cycle := append(append([]string{}, stack[i:]...), name)
			c.errs.Add(from, CodeExtends, "extends cycle: %s", strings.Join(cycle, " → "))
			return nil
		}
	}
	src, err := l.read(name, !from.IsValid())
	if err != nil {
		var e *Error
		if from.IsValid() {
			e = c.errs.Add(from, CodeExtends, "cannot read %q: %v", name, unwrapPathError(err))
		} else {
			e = c.errs.Add(Pos{File: name}, CodeIO, "cannot read policy: %v", unwrapPathError(err))
		}
		e.Err = err
		if errors.As(err, new(tooLargeError)) {
			e.Code = CodeLimit
		}
		return nil
	}
	f, err := Parse(name, src)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			c.errs = append(c.errs, e)
		} else {
			c.errs.Add(Pos{File: name}, CodeParse, "%v", err)
		}
		return nil
	}
	for _, it := range f.Header.Items {
		if it.Extends != nil {
			root := name
			if len(stack) > 0 {
				root = stack[0]
			}
			parent, ok := extendsPath(c, root, name, *it.Extends, position(it.Pos))
			if !ok {
				return nil
			}
			base := l.chain(c, parent, append(stack, name), position(it.Pos))
			if base == nil {
				return nil
			}
			return append(base, f)
		}
	}
	return []*File{f}
}

// extendsPath is the file that `extends ext` in file name names: ext,
// relative to name's directory. It must be a .mpl file within the
// directory of root, the policy Load was given, or below it: a policy from
// outside must not reach the files around it. An absolute path, a path
// that does not end in .mpl, and a path that leaves root's directory are
// errors at pos, and not read.
func extendsPath(c *checker, root, name, ext string, pos Pos) (string, bool) {
	hint := `extends names a .mpl file beside the policy checked or below it, relative to this file: extends "employee-2025.mpl"`
	switch {
	case path.IsAbs(ext) || filepath.IsAbs(ext) || filepath.VolumeName(ext) != "":
		c.errs.Add(pos, CodeExtends, "extends names an absolute path, %q", ext).Hint = hint
		return "", false
	case !strings.HasSuffix(ext, ".mpl") || path.Base(ext) == ".mpl":
		c.errs.Add(pos, CodeExtends, "extends names %q, not a policy file (.mpl)", ext).Hint = hint
		return "", false
	}
	parent := path.Join(path.Dir(name), ext)
	if !within(path.Dir(root), parent) || !withinOnDisk(path.Dir(root), parent) {
		c.errs.Add(pos, CodeExtends, "extends %q leaves the directory of %s, the policy checked", ext, root).Hint = hint
		return "", false
	}
	return parent, true
}

// withinOnDisk reports whether p, with every symbolic link on its way
// followed, is in dir (likewise followed) or below it: a policy from
// outside may hold a link, base.mpl → /etc/passwd, that its names do not
// show. Paths that are no files of the operating system's (a Loader over
// another fs.FS) are judged by their names alone.
func withinOnDisk(dir, p string) bool {
	realDir, err1 := filepath.EvalSymlinks(filepath.FromSlash(dir))
	realP, err2 := filepath.EvalSymlinks(filepath.FromSlash(p))
	if err1 != nil || err2 != nil {
		return true // not on disk: the reading says what is missing
	}
	// A link may lead to an absolute path: compare absolute paths.
	absDir, err1 := filepath.Abs(realDir)
	absP, err2 := filepath.Abs(realP)
	if err1 != nil || err2 != nil {
		return false
	}
	return within(filepath.ToSlash(absDir), filepath.ToSlash(absP))
}

// within reports whether the clean path p is in dir or below it, judging
// by the names alone.
func within(dir, p string) bool {
	rel := p
	switch {
	case dir == ".":
	case dir == "/":
		rel = strings.TrimPrefix(p, "/")
	default:
		var ok bool
		if rel, ok = strings.CutPrefix(p, dir+"/"); !ok {
			return false
		}
	}
	return rel != ".." && !strings.HasPrefix(rel, "../")
}

func (l *Loader) read(name string, root bool) ([]byte, error) {
	if b, ok := l.files[name]; ok {
		return b, nil
	}
	readFile := l.ReadFile
	if readFile == nil {
		readFile = ReadPolicyFile
	}
	if root && l.ReadRoot != nil {
		readFile = l.ReadRoot
	}
	b, err := readFile(name)
	if err != nil {
		return nil, err
	}
	b = TrimBOM(b)
	l.files[name] = b
	return b, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var (
	nationalOnce  sync.Once
	nationalEnums map[string]*Enum
	nationalErr   error
)

// national parses and checks the stdlib's code tables once per process.
func national() (map[string]*Enum, error) {
	nationalOnce.Do(func() {
		f, err := Parse(stdlib.NationalFile, stdlib.National)
		if err != nil {
			nationalErr = err
			return
		}
		c := &checker{}
		nationalEnums = map[string]*Enum{}
		for _, d := range f.Decls {
			if d.Enum != nil {
				nationalEnums[d.Enum.Name] = c.enum(d.Enum, nil)
			}
		}
		nationalErr = c.errs.Err()
	})
	return nationalEnums, nationalErr
}

// checkLibrary checks a library file (`library "…" { … }`, like the
// stdlib's national code tables): its enums, each on its own; a library
// holds no benefits and labels no claim fields, so the policy rules do
// not apply.
func checkLibrary(f *File) error {
	c := &checker{}
	seen := map[string]Pos{}
	for _, d := range f.Decls {
		switch {
		case d.Enum != nil:
			if first, dup := seen[d.Enum.Name]; dup {
				c.errs.Add(position(d.Pos), CodeName, "enum %s is declared twice in this file (first at line %d)", d.Enum.Name, first.Line)
				continue
			}
			seen[d.Enum.Name] = position(d.Pos)
			c.enum(d.Enum, nil)
		default:
			c.errs.Add(position(d.Pos), CodeRule, "a library holds code tables (enum) only")
		}
	}
	c.errs.Sort()
	return c.errs.Err()
}

// NationalEnum returns a national code table by name (med_type,
// fund_pay_type, …), or nil.
func NationalEnum(name string) *Enum {
	n, err := national()
	if err != nil {
		return nil
	}
	return n[name]
}
