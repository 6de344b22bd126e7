package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/btcetl"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/store"
)

// Options configures an ingest.
type Options struct {
	Chain    chain.Info
	Progress io.Writer // nil: silent
	// Commit tunes the store commit (nil: defaults).
	Commit *store.CommitOptions
	// Issuance also records rewards, genesis allocations and withdrawals
	// (ethereum-etl; see ethetl.Options.Issuance).
	Issuance bool
}

// Result reports an ingest.
type Result struct {
	Chain   string
	Blocks  int // blocks parsed
	Commit  store.CommitStats
	Elapsed time.Duration
}

// EthereumETL ingests an ethereum-etl export directory into s.
func EthereumETL(s *store.Store, dir string, o Options) (Result, error) {
	start := time.Now()
	if o.Chain.Kind != chain.Account {
		return Result{}, inputerr.Usagef("chain %s is not an account chain; ethereum-etl needs one like eth", o.Chain.Name)
	}
	if err := checkExists(dir); err != nil {
		return Result{}, err
	}
	addrs, err := s.Addresses(o.Chain)
	if err != nil {
		return Result{}, err
	}
	tokens, err := s.Tokens(o.Chain)
	if err != nil {
		return Result{}, err
	}
	parts, cleanup, err := partitions(dir)
	if err != nil {
		return Result{}, inputerr.Wrap(dir, 0, err)
	}
	defer cleanup()
	eo := ethetl.Options{Chain: o.Chain, Addrs: addrs, Tokens: tokens, Issuance: o.Issuance}
	var res Result
	if parts == nil {
		res, err = ethFlat(s, dir, addrs, tokens, eo, o)
	} else {
		res, err = ethPartitioned(s, dir, parts, addrs, tokens, eo, o)
	}
	res.Elapsed = time.Since(start)
	return res, err
}

// ethFlat parses a flat export directory whole (its tables are joined by
// block, in no guaranteed order), then commits it.
func ethFlat(s *store.Store, dir string, addrs, tokens *store.Dict, eo ethetl.Options, o Options) (Result, error) {
	p := newProgress(o.Progress, "parse")
	eo.Progress = p.file
	blocks, err := ethetl.ParseDir(dir, eo)
	p.done()
	if err != nil {
		return Result{}, err
	}
	if err := firstErr(addrs.Err(), tokens.Err()); err != nil {
		return Result{}, err
	}
	res := Result{Chain: o.Chain.Name, Blocks: len(blocks)}
	collectBeforeCommit()
	res.Commit, err = s.CommitAccount(o.Chain, addrs, tokens, blocks, commitOptions(o, dir, len(blocks)))
	return res, err
}

// collectBeforeCommit runs a collection between parse and commit. The
// parse's scratch (rows with part-local IDs, their hash tables: about a
// third of the heap) is garbage then, and the commit is about to allocate
// as much again; left to its pace the collector would run only later, so
// the commit would take fresh pages from the kernel (each a page fault,
// some microseconds on a virtual machine) instead of reusing those. The
// collection itself takes a millisecond or two: the heap is large arrays
// without pointers. Measured: 135k → 103k page faults for 1M transfers.
func collectBeforeCommit() { runtime.GC() }

// spillChunk is the default commit step of a partitioned ingest: a commit
// step holds ≈ 0.5 KB per move in memory, so 1M moves keep the whole
// ingest near 1 GB at any export size.
const spillChunk = 1 << 20

// ethPartitioned parses the block ranges of an export_all tree one at a
// time into a spill file — every range is checked before anything is
// committed, and memory holds one range — then commits from the spill.
func ethPartitioned(s *store.Store, dir string, parts []string, addrs, tokens *store.Dict, eo ethetl.Options, o Options) (Result, error) {
	sp, err := s.NewAccountSpill()
	if err != nil {
		return Result{}, err
	}
	defer sp.Close()
	p := newProgress(o.Progress, "parse")
	eo.Progress = p.file
	for _, d := range parts {
		blocks, err := ethetl.ParseDir(d, eo)
		if err != nil {
			p.done()
			return Result{}, realPath(err)
		}
		if err := sp.Add(blocks); err != nil {
			p.done()
			return Result{}, inputerr.New(dir, 0, "%v", err)
		}
	}
	p.done()
	if err := firstErr(addrs.Err(), tokens.Err()); err != nil {
		return Result{}, err
	}
	res := Result{Chain: o.Chain.Name, Blocks: sp.Blocks()}
	co := commitOptions(o, dir, sp.Blocks())
	if co.ChunkMoves == 0 {
		co.ChunkMoves = spillChunk
	}
	res.Commit, err = s.CommitAccountSpill(o.Chain, addrs, tokens, sp, co)
	return res, err
}

// BitcoinETL ingests a bitcoin-etl JSON file or directory into s.
func BitcoinETL(s *store.Store, path string, o Options) (Result, error) {
	start := time.Now()
	if o.Chain.Kind != chain.UTXO {
		return Result{}, inputerr.Usagef("chain %s is not a UTXO chain; bitcoin-etl needs one like btc", o.Chain.Name)
	}
	if err := checkExists(path); err != nil {
		return Result{}, err
	}
	addrs, err := s.Addresses(o.Chain)
	if err != nil {
		return Result{}, err
	}
	p := newProgress(o.Progress, "parse")
	blocks, err := btcetl.ParsePath(path, btcetl.Options{Chain: o.Chain, Addrs: addrs, Progress: p.file})
	p.done()
	if err != nil {
		return Result{}, err
	}
	if err := addrs.Err(); err != nil {
		return Result{}, err
	}
	res := Result{Chain: o.Chain.Name, Blocks: len(blocks)}
	res.Commit, err = s.CommitUTXO(o.Chain, addrs, blocks, commitOptions(o, path, len(blocks)))
	res.Elapsed = time.Since(start)
	var ue *store.UnresolvedInputError
	if errors.As(err, &ue) {
		file, line := locate(path, ue.Tx.Hex())
		return res, inputerr.Wrap(file, line, ue)
	}
	return res, err
}

// realPath names the exported file instead of the link a partition's
// temporary directory holds.
func realPath(err error) error {
	var ie *inputerr.Error
	if errors.As(err, &ie) {
		if target, lerr := os.Readlink(ie.File); lerr == nil {
			return &inputerr.Error{File: target, Line: ie.Line, Err: ie.Err}
		}
	}
	return err
}

func commitOptions(o Options, source string, blocks int) *store.CommitOptions {
	co := &store.CommitOptions{}
	if o.Commit != nil {
		*co = *o.Commit
	}
	co.Source = source
	if co.Progress == nil && o.Progress != nil && blocks > 0 {
		p := newProgress(o.Progress, "commit")
		co.Progress = func(done, total int) { p.blocks(done, total) }
	}
	return co
}

func checkExists(path string) error {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return inputerr.New(path, 0, "no such file or directory")
		}
		return inputerr.Wrap(path, 0, err)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// locate finds the file and line that mention a transaction hash, for
// errors found after parsing. It returns path, 0 when nothing matches.
func locate(path, needle string) (string, int) {
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.json"))
		sort.Strings(files)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".gz") {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for line := 1; sc.Scan(); line++ {
			if bytes.Contains(sc.Bytes(), []byte(`"hash": "`+needle)) || bytes.Contains(sc.Bytes(), []byte(`"hash":"`+needle)) {
				fh.Close()
				return f, line
			}
		}
		fh.Close()
	}
	return path, 0
}
