package ethetl

import (
	"bytes"

	"github.com/vigil-project/vigil/internal/chain"
)

// txCache remembers the transaction of the previous row: rows of one
// transaction are consecutive, so most rows skip hash parsing and lookup.
type txCache struct {
	key  [160]byte
	n    int // -1: empty
	slot int32
	idx  uint32
	pos  int32
}

// get returns the cached (index, position) when slot and the raw key
// fields match the previous row.
func (c *txCache) get(slot int32, a, b []byte) (uint32, int32, bool) {
	if c.n < 0 || slot != c.slot || len(a)+len(b)+1 != c.n {
		return 0, 0, false
	}
	k := c.key[:c.n]
	if !bytes.Equal(k[:len(a)], a) || k[len(a)] != ',' || !bytes.Equal(k[len(a)+1:], b) {
		return 0, 0, false
	}
	return c.idx, c.pos, true
}

// hasHash reports whether the cached key starts with hash field a (the
// previous row named the same transaction, whatever its index field).
func (c *txCache) hasHash(a []byte) bool {
	return c.n > len(a) && c.key[len(a)] == ',' && bytes.Equal(c.key[:len(a)], a)
}

// set stores the result for the row's key fields (skipped when too long).
func (c *txCache) set(slot int32, a, b []byte, idx uint32, pos int32) {
	c.n = -1
	if len(a)+len(b)+1 > len(c.key) {
		return
	}
	n := copy(c.key[:], a)
	c.key[n] = ','
	n++
	n += copy(c.key[n:], b)
	c.n, c.slot, c.idx, c.pos = n, slot, idx, pos
}

// findTx resolves the transaction of a trace or log row from its hash
// and/or index column (either may be empty, not both). It returns the tx
// index and the position in p.txs (-1 when unknown). Without
// transactions.csv, a row with hash and index adds a stub.
func (p *parser) findTx(t *table, slot int32, hashCol, idxCol int) (uint32, int32, error) {
	hs, idx, hasIdx, err := txCols(t, hashCol, idxCol)
	if err != nil {
		return 0, 0, err
	}
	if len(hs) == 0 {
		pos := p.txAt(slot, idx)
		if pos < 0 && p.haveTxs {
			return 0, 0, p.errNotInTxs(t, "transaction with index "+uitoa(uint64(idx))+
				" of block "+uitoa(p.blocks[slot].b.Header.Number))
		}
		return idx, pos, nil
	}
	h, err := parseHash(hs)
	if err != nil {
		return 0, 0, t.bad(hashCol, err)
	}
	if pos, ok := p.hashPos(&h); ok {
		if err := p.checkTx(t, pos, slot, idx, hasIdx); err != nil {
			return 0, 0, err
		}
		return p.txs[pos].Index, pos, nil
	}
	if p.haveTxs {
		return 0, 0, p.errNotInTxs(t, "transaction "+hashStr(h))
	}
	if !hasIdx {
		return 0, 0, t.bad(idxCol, errEmpty)
	}
	tx := chain.AccountTx{Block: p.blocks[slot].b.Header.Number, Index: idx, Hash: h}
	return idx, p.addTx(tx, slot, t.line(), uint8(p.kindOf(t))<<txFileShift), nil
}

// txCols reads the transaction hash and index columns of a row: the hash
// unparsed, the index parsed when present. They may not both be empty.
func txCols(t *table, hashCol, idxCol int) (hs []byte, idx uint32, hasIdx bool, err error) {
	hs, is := t.get(hashCol), t.get(idxCol)
	if hasIdx = len(is) > 0; hasIdx {
		if idx, err = parseUint32(is); err != nil {
			return nil, 0, false, t.bad(idxCol, err)
		}
	} else if len(hs) == 0 {
		return nil, 0, false, t.badf("column %s and column %s both empty", t.cols[hashCol].name, t.cols[idxCol].name)
	}
	return hs, idx, hasIdx, nil
}

// tokenTx resolves the transaction of a token_transfers row, which names
// it by hash only. Without transactions.csv (or receipts/traces that gave
// the index) it adds a stub with the next unused index of the block, so
// transactions keep the order of first appearance.
func (p *parser) tokenTx(t *table, slot int32, hashCol int) (uint32, int32, error) {
	h, err := parseHash(t.get(hashCol))
	if err != nil {
		return 0, 0, t.bad(hashCol, err)
	}
	return p.tokenTxHash(t, slot, &h)
}

// tokenTxHash is tokenTx for a parsed hash.
func (p *parser) tokenTxHash(t *table, slot int32, h *chain.Hash) (uint32, int32, error) {
	pos, found := p.hashPos(h)
	idx, pos, err := p.tokenTxFound(t, slot, h, pos, found)
	p.indexTxs()
	return idx, pos, err
}

// tokenTxFound is tokenTx once the hash is looked up: found at pos, or
// else a stub appended (not indexed). Errors name t's current line.
func (p *parser) tokenTxFound(t *table, slot int32, h *chain.Hash, pos int32, found bool) (uint32, int32, error) {
	if found {
		if err := p.checkTx(t, pos, slot, 0, false); err != nil {
			return 0, 0, err
		}
		return p.txs[pos].Index, pos, nil
	}
	if p.haveTxs {
		return 0, 0, p.errNotInTxs(t, "transaction "+hashStr(*h))
	}
	b := &p.blocks[slot]
	if b.nextIdx == chain.NoTx {
		return 0, 0, t.badf("too many transactions in block %d", b.b.Header.Number)
	}
	idx := b.nextIdx
	tx := chain.AccountTx{Block: b.b.Header.Number, Index: idx, Hash: *h}
	return idx, p.appendTx(tx, slot, t.line(), fileTokenTransfers<<txFileShift), nil
}

// kindOf returns the file kind of t.
func (p *parser) kindOf(t *table) int {
	for k, f := range p.files {
		if f == t.path {
			return k
		}
	}
	return fileTransactions
}

func uitoa(v uint64) string { return chain.U64(v).String() }
