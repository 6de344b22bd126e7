package ethetl

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// Options controls parsing. Progress may be nil.
type Options struct {
	Chain    chain.Info                                                 // the account chain (eth)
	Addrs    chain.Interner                                             // interns 20-byte EVM addresses -> chain.AddrID (uint32 IDs, never 0)
	Tokens   chain.Interner                                             // interns 20-byte token contract addresses -> chain.AssetID (never 0; 0 is native)
	Progress func(file string, bytesDone, bytesTotal int64, rows int64) // called every ~64K rows and at file end
	// Issuance also records value that no one sent: block and uncle
	// rewards, genesis allocations, the DAO-fork state change (trace rows)
	// and beacon withdrawals (blocks.csv), as moves from NoAddr. Off by
	// default: CONTRACT.md counts only transactions and call/create/suicide
	// trace rows as value moves. The rows are validated either way.
	Issuance bool
}

// File kinds of an ethereum-etl export directory, in processing order.
const (
	fileTransactions = iota
	fileReceipts
	fileBlocks
	fileTraces
	fileTokenTransfers
	fileLogs
	numFiles
)

// fileNames are the base names (without .csv / .csv.gz) of the file kinds.
var fileNames = [numFiles]string{"transactions", "receipts", "blocks", "traces", "token_transfers", "logs"}

// ParseDir reads DIR (files blocks, transactions, token_transfers, traces,
// receipts, logs; each .csv or .csv.gz) and returns the blocks it found,
// sorted by number, each with Parts set for the data supplied. Bad input is
// reported as *inputerr.Error naming the file and line.
func ParseDir(dir string, opts Options) ([]chain.AccountBlock, error) {
	if opts.Addrs == nil || opts.Tokens == nil {
		return nil, errors.New("ethereum-etl: Options.Addrs and Options.Tokens are required")
	}
	if opts.Chain.Name != "" && opts.Chain.Kind != chain.Account {
		return nil, inputerr.Usagef("ethereum-etl: chain %s is not an account chain", opts.Chain.Name)
	}
	files, err := findFiles(dir)
	if err != nil {
		return nil, err
	}
	p := newParser(opts, files)
	steps := [numFiles]func(*table) error{
		fileTransactions:   p.transactions,
		fileReceipts:       p.receipts,
		fileBlocks:         p.blocksFile,
		fileTraces:         p.traces,
		fileTokenTransfers: p.tokenTransfers,
		fileLogs:           p.logs,
	}
	for kind, path := range files {
		if path == "" || (kind == fileLogs && files[fileTokenTransfers] != "") {
			continue // logs only stand in for a missing token_transfers
		}
		if kind == fileTokenTransfers {
			if done, err := p.tokenTransfersParallel(path); done || err != nil {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		if err := p.run(path, fileColumns[kind], steps[kind]); err != nil {
			return nil, err
		}
	}
	return p.assemble()
}

// findFiles locates the known files of dir.
func findFiles(dir string) ([numFiles]string, error) {
	var files [numFiles]string
	st, err := os.Stat(dir)
	if err != nil {
		return files, inputerr.Wrap(dir, 0, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return files, inputerr.New(dir, 0, "not a directory")
	}
	found := false
	for kind, name := range fileNames {
		for _, ext := range []string{".csv", ".csv.gz"} {
			path := filepath.Join(dir, name+ext)
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				if files[kind] != "" {
					return files, inputerr.New(dir, 0, "both %s.csv and %s.csv.gz present", name, name)
				}
				files[kind], found = path, true
			}
		}
	}
	if !found {
		return files, inputerr.New(dir, 0, "no ethereum-etl files (blocks, transactions, traces, token_transfers, receipts, logs as .csv or .csv.gz)")
	}
	return files, nil
}

// run opens one file and feeds it to step.
func (p *parser) run(path string, cols []column, step func(*table) error) error {
	t, err := openTable(path, cols, p.opts.Progress)
	if err != nil || t == nil {
		return err
	}
	defer t.close()
	return step(t)
}

// blockAcc accumulates one block while the files are read.
type blockAcc struct {
	b         chain.AccountBlock
	header    bool   // from blocks.csv
	timed     bool   // Header.Time set
	txRows    int    // rows in transactions.csv
	traceRows int    // rows in traces.csv
	txTraces  int    // trace rows that belong to a transaction
	nextIdx   uint32 // one past the highest known tx index (for synthetic ones)
}

// parser is the state of one ParseDir call.
type parser struct {
	opts    Options
	files   [numFiles]string
	addrs   *idCache
	tokens  *idCache
	scratch chain.EVMAddress // field's argument to addrs.id

	blocks   []blockAcc
	slotOf   map[uint64]int32
	lastNum  uint64
	lastSlot int32

	txs     []chain.AccountTx // transactions.csv rows, or stubs without it
	txSlot  []int32
	txLine  []int32 // line in transactions.csv (0 for stubs)
	txFlags []uint8
	creates map[int32]chain.AddrID // contract address of creations, by tx position
	byHash  hashIndex              // txs[:indexed] by hash
	byIdx   map[uint64]int32       // slot<<32 | index -> tx position; built on demand
	indexed int                    // txs in byHash (and byIdx once built)
	haveTxs bool                   // transactions.csv present (authoritative)
	tr      []chain.AccountTransfer
	trSlot  []int32
}

// Flags of txFlags.
const (
	txStatus    uint8 = 1 << iota // Failed is known (not just defaulted)
	txCreate                      // to_address was empty
	txFileShift = 4               // flags>>txFileShift is the file kind the tx came from
)

func newParser(opts Options, files [numFiles]string) *parser {
	return &parser{
		opts:     opts,
		files:    files,
		addrs:    &idCache{in: opts.Addrs},
		tokens:   &idCache{in: opts.Tokens},
		slotOf:   make(map[uint64]int32),
		lastSlot: -1,
		creates:  make(map[int32]chain.AddrID),
		byHash:   newHashIndex(),
		haveTxs:  files[fileTransactions] != "",
	}
}

// slot returns the accumulator index of block num, adding it when new.
func (p *parser) slot(num uint64) int32 {
	if p.lastSlot >= 0 && num == p.lastNum {
		return p.lastSlot
	}
	s, ok := p.slotOf[num]
	if !ok {
		s = int32(len(p.blocks))
		p.blocks = append(p.blocks, blockAcc{b: chain.AccountBlock{Header: chain.BlockHeader{Number: num}}})
		p.slotOf[num] = s
	}
	p.lastNum, p.lastSlot = num, s
	return s
}

// blockNum parses the block number column of t and returns its slot.
func (p *parser) blockNum(t *table, col int) (uint64, int32, error) {
	num, err := parseUint(t.get(col))
	if err != nil {
		return 0, 0, t.bad(col, err)
	}
	return num, p.slot(num), nil
}

// addTx appends a transaction (row or stub) and indexes it.
func (p *parser) addTx(tx chain.AccountTx, slot int32, line int, flags uint8) int32 {
	pos := p.appendTx(tx, slot, line, flags)
	p.indexTxs()
	return pos
}

// appendTx appends a transaction without indexing it: the indexes catch
// up (indexTxs) before their next use.
func (p *parser) appendTx(tx chain.AccountTx, slot int32, line int, flags uint8) int32 {
	pos := int32(len(p.txs))
	p.txs = append(grow(p.txs), tx)
	p.txSlot = append(grow(p.txSlot), slot)
	p.txLine = append(grow(p.txLine), int32(line))
	p.txFlags = append(grow(p.txFlags), flags)
	if b := &p.blocks[slot]; tx.Index >= b.nextIdx {
		b.nextIdx = tx.Index + 1
	}
	return pos
}

// indexTxs adds the transactions appended since the last call to byHash
// (and byIdx once built).
func (p *parser) indexTxs() {
	for ; p.indexed < len(p.txs); p.indexed++ {
		pos := int32(p.indexed)
		p.byHash.put(&p.txs[pos].Hash, pos)
		if p.byIdx != nil {
			p.byIdx[uint64(p.txSlot[pos])<<32|uint64(p.txs[pos].Index)] = pos
		}
	}
}

// hashPos returns the position of the transaction with hash h.
func (p *parser) hashPos(h *chain.Hash) (int32, bool) {
	p.indexTxs()
	return p.byHash.get(h, p.txs)
}

// txAt returns the position of the transaction with the given index in a
// block, or -1.
func (p *parser) txAt(slot int32, index uint32) int32 {
	p.indexTxs()
	if p.byIdx == nil {
		p.byIdx = make(map[uint64]int32, len(p.txs))
		for i := range p.txs {
			p.byIdx[uint64(p.txSlot[i])<<32|uint64(p.txs[i].Index)] = int32(i)
		}
	}
	if pos, ok := p.byIdx[uint64(slot)<<32|uint64(index)]; ok {
		return pos
	}
	return -1
}

// checkTx verifies that the known transaction at pos is in block slot (and
// has index idx when hasIdx).
func (p *parser) checkTx(t *table, pos, slot int32, idx uint32, hasIdx bool) error {
	tx := &p.txs[pos]
	if p.txSlot[pos] != slot {
		return t.badf("transaction %s is in block %d, row says block %d",
			hashStr(tx.Hash), tx.Block, p.blocks[slot].b.Header.Number)
	}
	if hasIdx && tx.Index != idx {
		return t.badf("transaction %s has index %d, row says %d", hashStr(tx.Hash), tx.Index, idx)
	}
	return nil
}

// errNotInTxs is the error for a row naming a transaction that
// transactions.csv does not have.
func (p *parser) errNotInTxs(t *table, what string) error {
	return t.badf("%s not found in %s", what, filepath.Base(p.files[fileTransactions]))
}
