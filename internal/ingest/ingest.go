package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
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
	p := newProgress(o.Progress, "parse")
	blocks, err := parseETL(dir, ethetl.Options{Chain: o.Chain, Addrs: addrs, Tokens: tokens, Progress: p.file, Issuance: o.Issuance})
	p.done()
	if err != nil {
		return Result{}, err
	}
	if err := firstErr(addrs.Err(), tokens.Err()); err != nil {
		return Result{}, err
	}
	res := Result{Chain: o.Chain.Name, Blocks: len(blocks)}
	co := commitOptions(o, dir, len(blocks))
	res.Commit, err = s.CommitAccount(o.Chain, addrs, tokens, blocks, co)
	res.Elapsed = time.Since(start)
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

// parseETL parses a flat export directory, or every block range of a
// partitioned one (export_all layout), all before anything is committed.
func parseETL(dir string, opts ethetl.Options) ([]chain.AccountBlock, error) {
	parts, cleanup, err := partitions(dir)
	if err != nil {
		return nil, inputerr.Wrap(dir, 0, err)
	}
	defer cleanup()
	if parts == nil {
		return ethetl.ParseDir(dir, opts)
	}
	var all []chain.AccountBlock
	for _, d := range parts {
		blocks, err := ethetl.ParseDir(d, opts)
		if err != nil {
			return nil, realPath(err)
		}
		all = append(all, blocks...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Header.Number < all[j].Header.Number })
	for i := 1; i < len(all); i++ {
		if all[i].Header.Number == all[i-1].Header.Number {
			return nil, inputerr.New(dir, 0, "block %d appears in two partitions", all[i].Header.Number)
		}
	}
	return all, nil
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
