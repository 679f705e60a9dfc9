package tempfile

import "os"

// File is a temporary file. It is removed from its directory as soon as it
// is made, where the system lets an open file be removed, so that nothing
// it holds is left on disk even when the process is killed; elsewhere (on
// Windows) when it is closed.
type File struct {
	*os.File
	removed bool
}

// Create makes a temporary file in os.TempDir ($TMPDIR), readable and
// writable by its owner alone, named after pattern as os.CreateTemp names
// its files.
func Create(pattern string) (*File, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return nil, err
	}
	return &File{File: f, removed: os.Remove(f.Name()) == nil}, nil
}

// Close closes f, and removes it if it was not removed when made.
func (f *File) Close() error {
	err := f.File.Close()
	if !f.removed {
		if rerr := os.Remove(f.Name()); err == nil {
			err = rerr
		}
	}
	return err
}
