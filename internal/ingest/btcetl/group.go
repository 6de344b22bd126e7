package btcetl

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// blockAcc gathers the transactions of one block number.
type blockAcc struct {
	hdr      chain.BlockHeader
	hashAt   place // where block_hash was first given (file < 0: never)
	timeAt   place // where block_timestamp was first given
	txs      []txAcc
	explicit bool // some transaction gave an index
}

// place is a line of a file.
type place struct {
	file int
	line int
}

// txAcc is a transaction with the place it came from.
type txAcc struct {
	tx chain.UTXOTx
	at place
}

// add files rec, read at `at`, under its block.
func (p *parser) add(rec *record, at place) error {
	b := p.last
	if b == nil || b.hdr.Number != rec.block {
		b = p.blocks[rec.block]
		if b == nil {
			b = &blockAcc{hdr: chain.BlockHeader{Number: rec.block},
				hashAt: place{file: -1}, timeAt: place{file: -1}}
			p.blocks[rec.block] = b
		}
		p.last = b
	}
	if err := p.header(b, rec); err != nil {
		return err
	}
	if !rec.hasIndex {
		rec.tx.Index = uint32(len(b.txs))
	} else {
		b.explicit = true
	}
	b.txs = append(b.txs, txAcc{tx: rec.tx, at: at})
	p.txsTotal++
	return nil
}

// header merges the block fields of rec into b, rejecting disagreement.
func (p *parser) header(b *blockAcc, rec *record) error {
	at := place{file: len(p.files) - 1}
	if rec.hasHash {
		if b.hashAt.file < 0 {
			b.hdr.Hash, b.hashAt = rec.blockHash, at
		} else if b.hdr.Hash != rec.blockHash {
			return ferr(top("block_hash"), fmt.Errorf("%s differs from %s given for block %d in %s",
				rec.blockHash.Hex(), b.hdr.Hash.Hex(), b.hdr.Number, p.files[b.hashAt.file]))
		}
	}
	if rec.hasTime {
		if b.timeAt.file < 0 {
			b.hdr.Time, b.timeAt = rec.time, at
		} else if b.hdr.Time != rec.time {
			return ferr(top("block_timestamp"), fmt.Errorf("%d differs from %d given for block %d in %s",
				rec.time, b.hdr.Time, b.hdr.Number, p.files[b.timeAt.file]))
		}
	}
	return nil
}

// finish sorts blocks and transactions and checks for duplicates.
func (p *parser) finish() ([]chain.UTXOBlock, error) {
	nums := make([]uint64, 0, len(p.blocks))
	for n := range p.blocks {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	out := make([]chain.UTXOBlock, len(nums))
	var hashes []txRef
	for i, n := range nums {
		b := p.blocks[n]
		if err := p.sortBlock(b, &hashes); err != nil {
			return nil, err
		}
		txs := make([]chain.UTXOTx, len(b.txs))
		for j := range b.txs {
			txs[j] = b.txs[j].tx
		}
		out[i] = chain.UTXOBlock{Header: b.hdr, Txs: txs}
	}
	return out, nil
}

// txRef points at a transaction of a block for the duplicate-hash check.
type txRef struct {
	hash *chain.Hash
	pos  int
}

// sortBlock orders b.txs by index and rejects duplicate indexes and hashes.
func (p *parser) sortBlock(b *blockAcc, refs *[]txRef) error {
	txs := b.txs
	if b.explicit && !slices.IsSortedFunc(txs, byIndex) {
		slices.SortStableFunc(txs, byIndex) // stable: appearance order breaks ties
	}
	for j := 1; j < len(txs); j++ {
		if txs[j].tx.Index == txs[j-1].tx.Index {
			later := laterOf(txs[j].at, txs[j-1].at)
			return p.errAt(later, fmt.Errorf("index: duplicate transaction index %d in block %d",
				txs[j].tx.Index, b.hdr.Number))
		}
	}
	if len(txs) < 2 {
		return nil
	}
	r := (*refs)[:0]
	for j := range txs {
		r = append(r, txRef{&txs[j].tx.Hash, j})
	}
	*refs = r
	slices.SortFunc(r, func(x, y txRef) int { return bytes.Compare(x.hash[:], y.hash[:]) })
	for j := 1; j < len(r); j++ {
		if *r[j].hash == *r[j-1].hash {
			later := laterOf(txs[r[j].pos].at, txs[r[j-1].pos].at)
			return p.errAt(later, fmt.Errorf("hash: transaction %s appears twice in block %d",
				r[j].hash.Hex(), b.hdr.Number))
		}
	}
	return nil
}

func byIndex(a, b txAcc) int { return cmp.Compare(a.tx.Index, b.tx.Index) }

// laterOf returns the place read last.
func laterOf(a, b place) place {
	if a.file > b.file || a.file == b.file && a.line > b.line {
		return a
	}
	return b
}

func (p *parser) errAt(at place, err error) error {
	return &inputerr.Error{File: p.files[at.file], Line: at.line, Err: err}
}
