package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/cockroachdb/pebble/v2"
)

// SchemaVersion is the on-disk layout version written to new stores.
const SchemaVersion = 1

// ErrLocked is returned when another vigil process holds the store.
var ErrLocked = errors.New("store is in use by another vigil process")

// Options configures Open. A nil *Options means defaults.
type Options struct {
	// ReadOnly opens without taking the write path (no compactions); the
	// directory must already hold a store.
	ReadOnly bool
	// CacheBytes is Pebble's block cache size (default 64 MiB).
	CacheBytes int64
}

// Store is an open embedded store.
type Store struct {
	db   *pebble.DB
	opts *pebble.Options
	dir  string
}

// Open opens (creating when absent and not read-only) the store in dir.
func Open(dir string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	if opts.ReadOnly {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("opening store %s: no store there (ingest something first)", dir)
		}
	}
	cacheSize := opts.CacheBytes
	if cacheSize == 0 {
		cacheSize = 64 << 20
	}
	cache := pebble.NewCache(cacheSize)
	defer cache.Unref()
	po := &pebble.Options{
		Cache:                       cache,
		ReadOnly:                    opts.ReadOnly,
		Logger:                      quietLogger{},
		MemTableSize:                64 << 20,
		MemTableStopWritesThreshold: 4,
		L0CompactionThreshold:       4,
		FormatMajorVersion:          pebble.FormatNewest,
	}
	po.ApplyCompressionSettings(func() pebble.DBCompressionSettings { return pebble.DBCompressionGood })
	po.EnsureDefaults()
	db, err := pebble.Open(dir, po)
	if err != nil {
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK) || strings.Contains(err.Error(), "lock") {
			return nil, fmt.Errorf("opening store %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("opening store %s: %w", dir, err)
	}
	s := &Store{db: db, opts: po, dir: dir}
	if err := s.checkSchema(opts.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Dir returns the directory of the store.
func (s *Store) Dir() string { return s.dir }

// Close closes the store; closing again does nothing.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

func (s *Store) checkSchema(readOnly bool) error {
	v, ok, err := s.get(keyMeta("schema"))
	if err != nil {
		return err
	}
	if !ok {
		if readOnly {
			return nil
		}
		return s.db.Set(keyMeta("schema"), []byte{SchemaVersion}, pebble.Sync)
	}
	if len(v) != 1 || v[0] != SchemaVersion {
		return fmt.Errorf("store %s has schema version %v; this vigil reads version %d", s.dir, v, SchemaVersion)
	}
	if readOnly {
		return nil
	}
	return s.dropRetired()
}

// dropRetired deletes the per-address totals stores written before
// 2026-11-30 kept (vigil now derives them from the graph index); one
// range tombstone, and nothing when there are none.
func (s *Store) dropRetired() error {
	lo, hi := []byte{nsRetired}, []byte{nsRetired + 1}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return err
	}
	has := it.First()
	if err := it.Close(); err != nil || !has {
		return err
	}
	return s.db.DeleteRange(lo, hi, pebble.Sync)
}

// get returns a copy of the value of key, and whether it exists.
func (s *Store) get(key []byte) ([]byte, bool, error) {
	v, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	out := append([]byte(nil), v...)
	return out, true, closer.Close()
}

// Compact compacts the whole store (used before measuring its size).
func (s *Store) Compact() error {
	if err := s.db.Flush(); err != nil {
		return err
	}
	return s.db.Compact(context.Background(), []byte{0}, []byte{0xff, 0xff}, true)
}

// DiskUsage returns the bytes the store's files take on disk.
func (s *Store) DiskUsage() uint64 { return s.db.Metrics().DiskSpaceUsage() }

// quietLogger drops Pebble's informational messages; errors reach stderr.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}
func (quietLogger) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "vigil: store: "+format+"\n", args...)
}
func (quietLogger) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "vigil: store: "+format+"\n", args...)
	os.Exit(1)
}

var _ io.Closer = (*Store)(nil)
