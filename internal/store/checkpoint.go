package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Checkpoint writes a consistent copy of the store as it is now to dir
// (which must not exist), hard-linking the immutable table files: it is
// cheap in time and space while the copy and the store share files. The
// copy opens like any store, and the copy's reader does not hold this
// store's lock (vigil serve serves from one so that ingest can go on).
// The store must be open for writing (Pebble writes the copy's OPTIONS
// file from the open database's own).
// The graph indexes under graph/ and the cluster builds under cluster/
// are hard-linked too: their files are only ever replaced by rename,
// never written in place.
func (s *Store) Checkpoint(dir string) error {
	if err := s.db.Checkpoint(dir); err != nil {
		return fmt.Errorf("store: checkpoint to %s: %w", dir, err)
	}
	for _, sub := range derivedDirs {
		if err := linkTree(filepath.Join(s.dir, sub), filepath.Join(dir, sub)); err != nil {
			return fmt.Errorf("store: checkpoint of %s/: %w", sub, err)
		}
	}
	return nil
}

// derivedDirs are the directories of derived structures kept beside the
// store (graph indexes, cluster builds); their files are only ever
// replaced by rename, so a checkpoint may hard-link them.
var derivedDirs = []string{"graph", "cluster"}

// linkTree hard-links every regular file under src to the same place
// under dst (temporary files excepted); a missing src is empty.
func linkTree(src, dst string) error {
	if _, err := os.Stat(src); os.IsNotExist(err) {
		return nil
	}
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case !d.Type().IsRegular() || strings.Contains(filepath.Base(p), ".tmp"):
			return nil // temporary files being written (*.tmp, *.tmp-*)
		}
		if err := os.Link(p, to); err != nil && !os.IsNotExist(err) {
			return err // a file replaced meanwhile is not part of the copy
		}
		return nil
	})
}
