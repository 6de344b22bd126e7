package store

import (
	"bufio"

	"github.com/cockroachdb/pebble/v2/objstorage"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// tableFileBuffer is the write buffer of a bulk table file. Pebble's own
// file writer buffers 4 KiB, one write system call per data block: 13,000
// calls for the tables of 1M transfers, whose kernel side (the page-cache
// copy, the file system's per-call work) was a tenth of the commit's CPU.
const tableFileBuffer = 256 << 10

// tableFile is an objstorage.Writable over a file with a large buffer;
// Finish makes the file durable, as Pebble's does.
type tableFile struct {
	f  vfs.File
	bw *bufio.Writer
}

var _ objstorage.Writable = (*tableFile)(nil)

func newTableFile(f vfs.File) *tableFile {
	return &tableFile{f: f, bw: bufio.NewWriterSize(f, tableFileBuffer)}
}

// Write buffers p.
func (t *tableFile) Write(p []byte) error {
	_, err := t.bw.Write(p)
	return err
}

// Finish writes what is buffered, syncs and closes the file.
func (t *tableFile) Finish() error {
	err := t.bw.Flush()
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Abort closes the file without finishing it.
func (t *tableFile) Abort() { t.f.Close() }
