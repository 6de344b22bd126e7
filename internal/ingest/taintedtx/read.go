package taintedtx

import (
	"io"
	"math"

	"github.com/vigil-project/vigil/internal/chain"
)

// readHashes loads tx_hash.csv; tx_index must be dense and ascending.
func (g *graph) readHashes() error {
	t, err := readTable(g.dir, "tx_hash.csv", "tx_index", "tx_hash")
	if err != nil {
		return err
	}
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		idx, err := t.uint(rec, 0, "tx_index", math.MaxInt64)
		if err != nil {
			return err
		}
		if len(g.txs) == 0 {
			g.base = idx
		} else if idx != g.base+uint64(len(g.txs)) {
			return t.errf("tx_index %d, want %d (dense, ascending)", idx, g.base+uint64(len(g.txs)))
		}
		h := rec[1]
		if len(h) == 63 {
			h += "b" // see the package doc: the exporter dropped a final "b"
			g.st.RestoredHashes++
		}
		hash, err := chain.ParseHash([]byte(h))
		if err != nil {
			return t.errf("tx_hash %q: %v", rec[1], err)
		}
		g.txs = append(g.txs, tx{hash: hash})
	}
	if len(g.txs) == 0 {
		return t.errf("no transactions")
	}
	return nil
}

// readHeights loads tx_height.csv and numbers transactions in blocks.
func (g *graph) readHeights() error {
	t, err := readTable(g.dir, "tx_height.csv", "tx_index", "block_index")
	if err != nil {
		return err
	}
	n := 0
	for ; ; n++ {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		idx, err := t.uint(rec, 0, "tx_index", math.MaxInt64)
		if err != nil {
			return err
		}
		if idx != g.base+uint64(n) || n >= len(g.txs) {
			return t.errf("tx_index %d does not match row %d of tx_hash.csv", idx, n+1)
		}
		h, err := t.uint(rec, 1, "block_index", math.MaxUint32)
		if err != nil {
			return err
		}
		g.txs[n].height = h
		if n > 0 {
			prev := &g.txs[n-1]
			switch {
			case h < prev.height:
				return t.errf("block_index %d after %d: not in chain order", h, prev.height)
			case h == prev.height:
				g.txs[n].pos = prev.pos + 1
			default:
				g.st.Blocks++
			}
		} else {
			g.st.Blocks++
		}
	}
	if n != len(g.txs) {
		return t.errf("%d rows, tx_hash.csv has %d", n, len(g.txs))
	}
	return nil
}

// readAddrs loads adr_hash.csv.
func (g *graph) readAddrs() error {
	t, err := readTable(g.dir, "adr_hash.csv", "adr_index", "adr_hash")
	if err != nil {
		return err
	}
	g.byRef = make(map[uint64]int32)
	for {
		rec, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		ref, err := t.uint(rec, 0, "adr_index", math.MaxUint64)
		if err != nil {
			return err
		}
		if _, dup := g.byRef[ref]; dup {
			return t.errf("adr_index %d listed twice", ref)
		}
		if err := chain.CheckUTXOAddress([]byte(rec[1])); err != nil {
			return t.errf("adr_hash %q: %v", rec[1], err)
		}
		g.byRef[ref] = int32(len(g.addrs))
		g.addrs = append(g.addrs, rec[1])
	}
}

// Script types of BlockSci's address index.
const (
	typeNonstandard = 0
	typePubkey      = 1
	typePubkeyHash  = 2
	typeNullData    = 5
)

// typeNames are bitcoin-etl's names for the script types.
var typeNames = map[uint8]string{
	typeNonstandard: "nonstandard", typePubkey: "pubkey", typePubkeyHash: "pubkeyhash", typeNullData: "nulldata",
}

// lookupAddr resolves an adr_index column to an address (-1: none).
func (g *graph) lookupAddr(t *table, s string) (int32, uint8, error) {
	num, typ, err := t.addrRef(s)
	if err != nil {
		return 0, 0, err
	}
	switch typ {
	case typeNonstandard, typeNullData:
		return -1, typ, nil
	case typePubkey, typePubkeyHash:
		if a, ok := g.byRef[num*10+typePubkey]; ok {
			return a, typ, nil
		}
		if a, ok := g.byRef[num*10+typePubkeyHash]; ok {
			return a, typ, nil
		}
		return 0, 0, t.errf("adr_index %s: address %d not in adr_hash.csv", s, num)
	}
	return 0, 0, t.errf("adr_index %s: script type %d not supported", s, typ)
}
