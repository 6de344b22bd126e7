package trace

import (
	"math"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// Activity is what one address did with one asset in the indexed data:
// the value it received and sent, how many moves each way, and the first
// and last block of those moves. On UTXO chains a received move is an
// output paid to the address and a sent move an input spending one.
type Activity struct {
	Asset                 uint32
	Received, Sent        chain.Sum
	RecvCount, SentCount  uint64
	FirstBlock, LastBlock uint64
}

// Activity returns the activity of address id per asset, ascending by
// asset ID; nil when the address has no moves. It reads the address's
// rows of the graph index (its in and out lists), so it costs the
// address's degree, and it is what `vigil address` prints.
func (s *Session) Activity(id uint32) []Activity {
	if id == uint32(chain.NoAddr) {
		return nil
	}
	if s.ux != nil {
		s.extOnce.Do(s.indexExternal)
		return utxoActivity(s.ux, id, s.ext[id])
	}
	if s.x == nil {
		return nil
	}
	var out []Activity
	for _, seg := range s.x.Segs {
		for _, r := range seg.In(id) {
			a := activityOf(&out, seg.Asset[r])
			a.Received.Add(seg.Amount(r))
			a.RecvCount++
			a.touch(uint64(seg.Block[r]))
		}
		for _, r := range seg.Out(id) {
			a := activityOf(&out, seg.Asset[r])
			a.Sent.Add(seg.Amount(r))
			a.SentCount++
			a.touch(uint64(seg.Block[r]))
		}
	}
	return out
}

// extInput is an input of address's that spends an output outside the
// index: its value and block.
type extInput struct {
	value uint64
	block uint32
}

// indexExternal collects the inputs whose spent output is not indexed, by
// address (one pass over the input columns; none on a complete chain).
func (s *Session) indexExternal() {
	s.ext = map[uint32][]extInput{}
	for _, seg := range s.ux.Segs {
		t := 0
		for i, o := range seg.InSpends {
			if o != graph.NoRow || seg.InAddr[i] == uint32(chain.NoAddr) {
				continue
			}
			for t+1 < seg.NTx() && seg.TxIn[t+1] <= uint32(i) {
				t++
			}
			a := seg.InAddr[i]
			s.ext[a] = append(s.ext[a], extInput{seg.InValue[i], seg.TxBlock[t]})
		}
	}
}

// utxoActivity sums the outputs paid to id, the inputs spending them and
// ext, its inputs spending outputs outside the index.
func utxoActivity(x *graph.UTXOIndex, id uint32, ext []extInput) []Activity {
	outs := x.Outputs(id, nil)
	if len(outs) == 0 && len(ext) == 0 {
		return nil
	}
	a := Activity{FirstBlock: math.MaxUint64}
	for _, in := range ext {
		a.Sent.Add(chain.U64(in.value))
		a.SentCount++
		a.touch(uint64(in.block))
	}
	for _, o := range outs {
		_, v, _ := x.Output(o)
		a.Received.Add(chain.U64(v))
		a.RecvCount++
		if blk, ok := outputBlock(x, o); ok {
			a.touch(blk)
		}
		if t := x.SpentBy(o); t != graph.NoRow {
			a.Sent.Add(chain.U64(v))
			a.SentCount++
			if blk, _, ok := x.TxLoc(t); ok {
				a.touch(blk)
			}
		}
	}
	return []Activity{a}
}

// outputBlock returns the block of the transaction that created global
// output row o.
func outputBlock(x *graph.UTXOIndex, o uint32) (uint64, bool) {
	i, l := x.OutSeg(o)
	if i < 0 {
		return 0, false
	}
	seg := x.Segs[i]
	return uint64(seg.TxBlock[seg.TxOfOut(l)]), true
}

// activityOf returns the entry of asset in *list (kept ascending by asset),
// adding it when missing.
func activityOf(list *[]Activity, asset uint32) *Activity {
	l := *list
	i := 0
	for i < len(l) && l[i].Asset < asset {
		i++
	}
	if i < len(l) && l[i].Asset == asset {
		return &l[i]
	}
	l = append(l, Activity{})
	copy(l[i+1:], l[i:])
	l[i] = Activity{Asset: asset, FirstBlock: math.MaxUint64}
	*list = l
	return &l[i]
}

func (a *Activity) touch(block uint64) {
	a.FirstBlock = min(a.FirstBlock, block)
	a.LastBlock = max(a.LastBlock, block)
}
