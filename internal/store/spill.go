package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/chain"
)

// spillPrefix names spill files in the store directory; a crash may leave
// one behind, which the next spill removes.
const spillPrefix = ".spill-"

// AccountSpill keeps parsed blocks of an account chain on disk, in the
// store's block encoding, between parsing and committing: an ingest of
// many block ranges (an ethereum-etl export_all tree) parses and checks
// every range first — so bad input still leaves the store untouched — but
// holds only one range in memory at a time.
type AccountSpill struct {
	f      *os.File
	w      *bufio.Writer
	buf    []byte
	blocks int
	moves  int
	last   uint64
}

// NewAccountSpill creates an empty spill file in the store's directory.
func (s *Store) NewAccountSpill() (*AccountSpill, error) {
	old, _ := filepath.Glob(filepath.Join(s.dir, spillPrefix+"*"))
	for _, f := range old {
		os.Remove(f)
	}
	f, err := os.CreateTemp(s.dir, spillPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("store: spill file: %w", err)
	}
	return &AccountSpill{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// Add appends blocks, which must be numbered above every block added
// before (in ascending order).
func (sp *AccountSpill) Add(blocks []chain.AccountBlock) error {
	for i := range blocks {
		b := &blocks[i]
		if sp.blocks > 0 && b.Header.Number <= sp.last {
			return fmt.Errorf("block %d comes after block %d (block ranges overlap)", b.Header.Number, sp.last)
		}
		sp.buf = encodeAccount(b, sp.buf[:0])
		var hdr [2 * binary.MaxVarintLen64]byte
		n := binary.PutUvarint(hdr[:], b.Header.Number)
		n += binary.PutUvarint(hdr[n:], uint64(len(sp.buf)))
		if _, err := sp.w.Write(hdr[:n]); err != nil {
			return fmt.Errorf("store: spill file: %w", err)
		}
		if _, err := sp.w.Write(sp.buf); err != nil {
			return fmt.Errorf("store: spill file: %w", err)
		}
		sp.blocks, sp.moves, sp.last = sp.blocks+1, sp.moves+len(b.Transfers), b.Header.Number
	}
	return nil
}

// Blocks returns how many blocks were added.
func (sp *AccountSpill) Blocks() int { return sp.blocks }

// Close removes the spill file.
func (sp *AccountSpill) Close() error {
	err := sp.f.Close()
	if rerr := os.Remove(sp.f.Name()); err == nil && !errors.Is(rerr, os.ErrNotExist) {
		err = rerr
	}
	return err
}

// CommitAccountSpill commits the blocks of sp as CommitAccount would,
// reading them back one at a time.
func (s *Store) CommitAccountSpill(c chain.Info, addrs, tokens *Dict, sp *AccountSpill, o *CommitOptions) (CommitStats, error) {
	if err := sp.w.Flush(); err != nil {
		return CommitStats{}, fmt.Errorf("store: spill file: %w", err)
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return CommitStats{}, fmt.Errorf("store: spill file: %w", err)
	}
	r := bufio.NewReaderSize(sp.f, 1<<20)
	next := func() (*chain.AccountBlock, error) {
		n, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return nil, nil
		}
		size, err2 := binary.ReadUvarint(r)
		if err != nil || err2 != nil || size > 1<<32 {
			return nil, fmt.Errorf("store: spill file: damaged record header")
		}
		rec := make([]byte, size)
		if _, err := io.ReadFull(r, rec); err != nil {
			return nil, fmt.Errorf("store: spill file: %w", err)
		}
		b, err := decodeAccount(n, rec)
		if err != nil {
			return nil, fmt.Errorf("store: spill file: block %d: %w", n, err)
		}
		return &b, nil
	}
	return s.commitAccountFrom(c, addrs, tokens, next, sp.blocks, sp.moves, o)
}
