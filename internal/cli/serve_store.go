package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vigil-project/vigil/internal/store"
)

// snapshotsDir holds the checkpoints servers read from, one per server
// (named <pid>-<start ns>), inside the data directory so that hard links
// work.
const snapshotsDir = "serve-snapshots"

// serveStore opens what vigil serve reads. With snapshot, it checkpoints
// the store (a brief writable open: hard links, milliseconds), releases
// it and opens the checkpoint read-only, so ingest and imports can go on
// while the server answers from the data as it was at start. Without, it
// opens the store itself read-only and holds its lock until it stops.
// The returned function closes (and removes the checkpoint).
func serveStore(env *Env, dir string, snapshot bool) (*store.Store, func(), error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, usagef("no store at %s: ingest data or import labels first", dir)
	}
	if !snapshot {
		s, err := store.Open(dir, &store.Options{ReadOnly: true})
		if err != nil {
			return nil, nil, err
		}
		warmIndexes(env, s)
		return s, func() { s.Close() }, nil
	}
	removeStaleSnapshots(env, filepath.Join(dir, snapshotsDir))
	w, err := store.Open(dir, nil)
	if err != nil {
		return nil, nil, err
	}
	warmIndexes(env, w)
	snap := filepath.Join(dir, snapshotsDir, fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano()))
	err = os.MkdirAll(filepath.Dir(snap), 0o755)
	if err == nil {
		err = w.Checkpoint(snap)
	}
	err = errors.Join(err, w.Close())
	if err != nil {
		os.RemoveAll(snap)
		return nil, nil, err
	}
	s, err := store.Open(snap, &store.Options{ReadOnly: true})
	if err != nil {
		os.RemoveAll(snap)
		return nil, nil, err
	}
	return s, func() { s.Close(); os.RemoveAll(snap) }, nil
}

// removeStaleSnapshots deletes the checkpoints of servers that are no
// longer running (killed before they could remove theirs).
func removeStaleSnapshots(env *Env, dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		pidText, _, _ := strings.Cut(e.Name(), "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		if os.RemoveAll(filepath.Join(dir, e.Name())) == nil {
			fmt.Fprintf(env.Stderr, "vigil: removed the snapshot of a stopped server (%s)\n", e.Name())
		}
	}
}
