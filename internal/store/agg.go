package store

import (
	"math"
	"math/big"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
)

// Totals are what the store keeps per address and asset.
type Totals struct {
	Received, Sent        chain.Sum
	RecvCount, SentCount  uint64
	FirstBlock, LastBlock uint64
}

func encodeTotals(t *Totals, buf []byte) []byte {
	e := enc{b: buf[:0]}
	e.sum(t.Received)
	e.uvarint(t.RecvCount)
	e.sum(t.Sent)
	e.uvarint(t.SentCount)
	e.uvarint(t.FirstBlock)
	e.uvarint(t.LastBlock - t.FirstBlock)
	return e.b
}

func decodeTotals(v []byte) (Totals, error) {
	d := dec{b: v}
	var t Totals
	t.Received = d.sum()
	t.RecvCount = d.uvarint()
	t.Sent = d.sum()
	t.SentCount = d.uvarint()
	t.FirstBlock = d.uvarint()
	t.LastBlock = t.FirstBlock + d.uvarint()
	return t, d.err
}

type aggKey struct{ addr, asset uint32 }

// delta accumulates the change to one address-asset total in a commit.
type delta struct {
	recv, sent   chain.Sum
	recvN, sentN int64
	first, last  uint64
}

// removal holds the amounts a replaced block takes away from a total (rare).
type removal struct{ recv, sent chain.Sum }

// deltas collects changes to totals and counters during a commit. Deltas
// are found through a dense per-address head index (addresses have few
// assets each) when the address space is small enough, else a map.
type deltas struct {
	head []int32          // head[addr]: 1+index of the address's first delta, 0 none
	idx  map[aggKey]int32 // used when head is nil
	next []int32          // next[i]: 1+index of the next delta of the same address
	list []delta
	keys []aggKey
	subs map[int32]*removal // by delta index
	cnt  Counters           // signed changes, applied to the stored counters
}

// maxDenseAddrs bounds the dense head index (4 bytes per address).
const maxDenseAddrs = 64 << 20

// newDeltas sizes the index for addrs addresses and about hint deltas.
func newDeltas(addrs, hint int) *deltas {
	hint = min(hint, 8<<20)
	ds := &deltas{list: make([]delta, 0, hint), keys: make([]aggKey, 0, hint), next: make([]int32, 0, hint)}
	if addrs+1 <= maxDenseAddrs {
		ds.head = make([]int32, addrs+1)
	} else {
		ds.idx = make(map[aggKey]int32, 1<<12)
	}
	return ds
}

func (ds *deltas) get(addr chain.AddrID, asset chain.AssetID) *delta {
	return &ds.list[ds.index(addr, asset)]
}

func (ds *deltas) index(addr chain.AddrID, asset chain.AssetID) int32 {
	k := aggKey{uint32(addr), uint32(asset)}
	if ds.head != nil && int(addr) < len(ds.head) {
		for i := ds.head[addr]; i != 0; i = ds.next[i-1] {
			if ds.keys[i-1].asset == k.asset {
				return i - 1
			}
		}
		ds.add(k)
		ds.next[len(ds.next)-1] = ds.head[addr]
		ds.head[addr] = int32(len(ds.list))
		return int32(len(ds.list) - 1)
	}
	if ds.idx == nil {
		ds.idx = make(map[aggKey]int32)
	}
	i, ok := ds.idx[k]
	if !ok {
		ds.add(k)
		i = int32(len(ds.list) - 1)
		ds.idx[k] = i
	}
	return i
}

// order lists delta indexes by (address, asset), the store's key order, so
// a bulk commit need not sort them.
func (ds *deltas) order() []int {
	out := make([]int, 0, len(ds.list))
	if ds.head == nil {
		for i := range ds.list {
			out = append(out, i)
		}
		sort.Slice(out, func(a, b int) bool {
			ka, kb := ds.keys[out[a]], ds.keys[out[b]]
			return ka.addr < kb.addr || ka.addr == kb.addr && ka.asset < kb.asset
		})
		return out
	}
	for addr := range ds.head {
		first := len(out)
		for i := ds.head[addr]; i != 0; i = ds.next[i-1] {
			out = append(out, int(i-1))
		}
		run := out[first:]
		if len(run) < 2 {
			continue
		}
		sort.Slice(run, func(a, b int) bool { return ds.keys[run[a]].asset < ds.keys[run[b]].asset })
	}
	return out
}

func (ds *deltas) add(k aggKey) {
	ds.list = append(ds.list, delta{first: math.MaxUint64})
	ds.keys = append(ds.keys, k)
	ds.next = append(ds.next, 0)
}

// move records value moving from -> to at block; sign -1 removes a move of
// a replaced block.
func (ds *deltas) move(from, to chain.AddrID, asset chain.AssetID, amt chain.U256, block uint64, sign int64) {
	if from != chain.NoAddr {
		i := ds.index(from, asset)
		d := &ds.list[i]
		d.sentN += sign
		if sign > 0 {
			d.sent.Add(amt)
			d.touch(block)
		} else {
			ds.removal(i).sent.Add(amt)
		}
	}
	if to != chain.NoAddr {
		i := ds.index(to, asset)
		d := &ds.list[i]
		d.recvN += sign
		if sign > 0 {
			d.recv.Add(amt)
			d.touch(block)
		} else {
			ds.removal(i).recv.Add(amt)
		}
	}
}

func (ds *deltas) removal(i int32) *removal {
	if ds.subs == nil {
		ds.subs = map[int32]*removal{}
	}
	r := ds.subs[i]
	if r == nil {
		r = &removal{}
		ds.subs[i] = r
	}
	return r
}

func (d *delta) touch(block uint64) {
	d.first = min(d.first, block)
	d.last = max(d.last, block)
}

// apply returns the stored totals t changed by d and removal r (may be nil).
func (d *delta) apply(t Totals, existed bool, r *removal) Totals {
	t.Received.AddSum(d.recv)
	t.Sent.AddSum(d.sent)
	if r != nil {
		t.Received = subSum(t.Received, r.recv)
		t.Sent = subSum(t.Sent, r.sent)
	}
	t.RecvCount = uint64(int64(t.RecvCount) + d.recvN)
	t.SentCount = uint64(int64(t.SentCount) + d.sentN)
	if d.first != math.MaxUint64 {
		if !existed || d.first < t.FirstBlock {
			t.FirstBlock = d.first
		}
		t.LastBlock = max(t.LastBlock, d.last)
	}
	return t
}

func subSum(a, b chain.Sum) chain.Sum {
	r := new(big.Int).Sub(a.Big(), b.Big())
	if r.Sign() < 0 {
		return chain.Sum{}
	}
	s, _ := chain.SumFromBig(r)
	return s
}

// Counters are a chain's totals in the store.
type Counters struct {
	Blocks, Txs, Transfers int64
	FirstBlock, LastBlock  uint64
}

func encodeCounters(c Counters) []byte {
	var e enc
	e.uvarint(uint64(c.Blocks))
	e.uvarint(uint64(c.Txs))
	e.uvarint(uint64(c.Transfers))
	e.uvarint(c.FirstBlock)
	e.uvarint(c.LastBlock)
	return e.b
}

func decodeCounters(v []byte) (Counters, error) {
	d := dec{b: v}
	c := Counters{Blocks: int64(d.uvarint()), Txs: int64(d.uvarint()), Transfers: int64(d.uvarint())}
	c.FirstBlock = d.uvarint()
	c.LastBlock = d.uvarint()
	return c, d.err
}
