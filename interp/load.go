package interp

import (
	"io/fs"

	"github.com/mpl-lang/mpl/lang"
)

// LoadFS loads, checks and compiles the policy at path in fsys (and the
// policies it extends). A policy error is a lang.ErrorList; print it with
// lang.Print and the returned loader as the source of lines.
func LoadFS(fsys fs.FS, path string) (*Program, *lang.Loader, error) {
	return load(lang.NewFSLoader(fsys), path)
}

// LoadFile is LoadFS for a path on the local file system.
func LoadFile(path string) (*Program, *lang.Loader, error) {
	return load(&lang.Loader{ReadFile: lang.ReadPolicyFile, ReadRoot: lang.ReadPolicyArg}, path)
}

func load(l *lang.Loader, path string) (*Program, *lang.Loader, error) {
	pol, err := l.Load(path)
	if err != nil {
		return nil, l, err
	}
	p, err := Compile(pol)
	return p, l, err
}
