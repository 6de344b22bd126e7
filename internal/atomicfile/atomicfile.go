// Package atomicfile replaces files atomically: the new content is written
// under a temporary name of its own, synced, and renamed into place, so a
// reader (or a crash) sees the old file or the whole new one, never a
// part. Derived structures kept beside the store (graph indexes, cluster
// builds) are written this way, which is also what lets a store
// checkpoint hard-link them.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Write writes path through fill under a temporary name unique to this
// writer (path.tmp-<pid>-<nanotime>), syncs it, renames it into place and
// syncs the directory. On failure the temporary file is removed and path
// is untouched.
func Write(path string, fill func(f *os.File) error) error {
	tmp := fmt.Sprintf("%s.tmp-%d-%d", path, os.Getpid(), time.Now().UnixNano())
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = fill(f)
	if e := f.Sync(); err == nil {
		err = e
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename in dir durable (best effort: not every file
// system can sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
