package lang

import (
	"errors"
	"io/fs"
	"path"
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
	ReadFile func(name string) ([]byte, error)
	files    map[string][]byte
}

// NewFSLoader returns a Loader reading from fsys (paths slash-separated,
// relative to the root of fsys).
func NewFSLoader(fsys fs.FS) *Loader {
	return &Loader{ReadFile: func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }}
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
// by position.
func (l *Loader) Load(name string) (*Policy, error) {
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
	src, err := l.read(name)
	if err != nil {
		if from.IsValid() {
			c.errs.Add(from, CodeExtends, "cannot read %q: %v", name, unwrapPathError(err))
		} else {
			c.errs.Add(Pos{File: name}, CodeIO, "cannot read policy: %v", unwrapPathError(err))
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
			parent := path.Join(path.Dir(name), *it.Extends)
			base := l.chain(c, parent, append(stack, name), position(it.Pos))
			if base == nil {
				return nil
			}
			return append(base, f)
		}
	}
	return []*File{f}
}

func (l *Loader) read(name string) ([]byte, error) {
	if b, ok := l.files[name]; ok {
		return b, nil
	}
	b, err := l.ReadFile(name)
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
