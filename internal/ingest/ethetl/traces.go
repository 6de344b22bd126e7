package ethetl

import (
	"bytes"
	"errors"

	"github.com/vigil-project/vigil/internal/chain"
)

var (
	errTraceType = errors.New("unknown trace type (want call, create, suicide, reward, genesis or daofork)")
	errCallType  = errors.New("unknown call type (want call, delegatecall, callcode or staticcall)")
)

// Trace types.
const (
	ttCall = iota
	ttCreate
	ttSuicide
	ttReward
	ttGenesis
	ttDAOFork
)

func traceType(s []byte) (int, error) {
	switch string(s) {
	case "call":
		return ttCall, nil
	case "create":
		return ttCreate, nil
	case "suicide":
		return ttSuicide, nil
	case "reward":
		return ttReward, nil
	case "genesis":
		return ttGenesis, nil
	case "daofork":
		return ttDAOFork, nil
	}
	return 0, errTraceType
}

// traceState follows the current transaction's failed calls: a call under
// a failed call (trace_address prefix) fails too.
type traceState struct {
	cache  txCache
	slot   int32
	txi    uint32
	failed [][]byte // failed trace_address prefixes (slices of arena)
	arena  []byte
}

func (s *traceState) reset(slot int32, txi uint32) {
	if s.slot != slot || s.txi != txi {
		s.slot, s.txi = slot, txi
		s.failed, s.arena = s.failed[:0], s.arena[:0]
	}
}

// under reports whether trace address ta is at or under a failed call.
func (s *traceState) under(ta []byte) bool {
	for _, f := range s.failed {
		if len(f) == 0 || bytes.Equal(ta, f) ||
			(len(ta) > len(f) && bytes.HasPrefix(ta, f) && ta[len(f)] == ',') {
			return true
		}
	}
	return false
}

func (s *traceState) fail(ta []byte) {
	if len(s.arena)+len(ta) > cap(s.arena) {
		// Earlier slices keep pointing into the old arena: still valid.
		s.arena = make([]byte, 0, 2*cap(s.arena)+len(ta)+64)
	}
	n := len(s.arena)
	s.arena = append(s.arena, ta...)
	s.failed = append(s.failed, s.arena[n:len(s.arena):len(s.arena)])
}

// traces reads traces.csv: internal calls, creates, selfdestructs, rewards.
// A large plain file is parsed on all cores when transactions.csv exists
// (traces_merge.go).
func (p *parser) traces(t *table) error {
	if done, err := p.tracesParallel(t); done || err != nil {
		return err
	}
	st := &traceState{slot: -1, cache: txCache{n: -1}}
	return t.each(func(t *table) error { return p.traceRow(t, st) })
}

func (p *parser) traceRow(t *table, st *traceState) error {
	num, slot, err := p.blockNum(t, trBlock)
	if err != nil {
		return err
	}
	f, err := p.traceFields(t)
	if err != nil {
		return err
	}
	b := &p.blocks[slot]
	b.traceRows++
	tr := chain.AccountTransfer{Block: num, TxIndex: chain.NoTx, Pos: uint32(t.rows), Amount: f.amount}
	moves := f.moves
	if k, ok := issuanceKind(f.typ); ok {
		tr.Kind, moves = k, moves && p.opts.Issuance
	} else {
		b.txTraces++
		tr.TxIndex, moves, err = p.traceInTx(t, st, slot, f.failed, moves)
		if err != nil {
			return err
		}
		tr.Kind = traceKind(f.typ, len(t.get(trAddress)) == 0)
	}
	if f.failed || !moves || f.amount.IsZero() {
		return nil
	}
	if tr.Kind != chain.KindReward {
		tr.From = p.intern(&f.from)
	}
	tr.To = p.intern(&f.to)
	p.addTransfer(&tr, slot)
	return nil
}

// traceFields are the columns of a traces.csv row after its block.
type traceFields struct {
	typ      int
	moves    bool // the type (and call type) can move value
	amount   chain.U256
	failed   bool // status 0 or an error
	from, to optAddr
}

// traceFields checks the columns of a row after its block, in the order
// both the sequential and the part parse report them.
func (p *parser) traceFields(t *table) (traceFields, error) {
	var f traceFields
	var err error
	if f.typ, err = traceType(t.get(trType)); err != nil {
		return f, t.bad(trType, err)
	}
	if f.moves, err = callMoves(t, f.typ); err != nil {
		return f, err
	}
	if v := t.get(trValue); len(v) > 0 {
		if f.amount, err = parseAmount(v); err != nil {
			return f, t.bad(trValue, err)
		}
	}
	failed, _, err := parseStatus(t.get(trStatus))
	if err != nil {
		return f, t.bad(trStatus, err)
	}
	f.failed = failed || len(t.get(trError)) > 0
	f.from, f.to, err = p.traceAddrs(t)
	return f, err
}

// issuanceKind returns the kind of a row of type typ that belongs to no
// transaction (block rewards, genesis allocations, the DAO fork), or false
// for a row of a transaction. Such rows move value only with Issuance.
func issuanceKind(typ int) (chain.TransferKind, bool) {
	switch typ {
	case ttReward, ttGenesis:
		return chain.KindReward, true
	case ttDAOFork:
		return chain.KindInternal, true
	}
	return 0, false
}

// callMoves reports whether a row of type typ can move value, checking
// call_type.
func callMoves(t *table, typ int) (bool, error) {
	if typ != ttCall {
		return true, nil
	}
	switch string(t.get(trCallType)) {
	case "call":
		return true, nil
	case "delegatecall", "callcode", "staticcall":
		return false, nil
	}
	return false, t.bad(trCallType, errCallType)
}

func traceKind(typ int, top bool) chain.TransferKind {
	switch {
	case typ == ttSuicide:
		return chain.KindSelfdestruct
	case top:
		return chain.KindTx
	}
	return chain.KindInternal
}

// traceInTx resolves the row's transaction and applies failure: a failed
// call fails its subcalls, and a failed transaction moves nothing. A failed
// top-level call marks its transaction failed when no receipt said.
func (p *parser) traceInTx(t *table, st *traceState, slot int32, failed, moves bool) (uint32, bool, error) {
	hs, is := t.get(trTxHash), t.get(trTxIndex)
	txi, pos, ok := st.cache.get(slot, hs, is)
	if !ok {
		var err error
		if txi, pos, err = p.findTx(t, slot, trTxHash, trTxIndex); err != nil {
			return 0, false, err
		}
		st.cache.set(slot, hs, is, txi, pos)
	}
	st.reset(slot, txi)
	ta := t.get(trAddress)
	if failed {
		st.fail(ta)
		if len(ta) == 0 && pos >= 0 && p.txFlags[pos]&txStatus == 0 {
			p.txs[pos].Failed = true
			p.txFlags[pos] |= txStatus
		}
		return txi, false, nil
	}
	if st.under(ta) || (pos >= 0 && p.txs[pos].Failed) {
		return txi, false, nil
	}
	return txi, moves, nil
}

// optAddr is an address column that may be empty.
type optAddr struct {
	a  chain.EVMAddress
	ok bool
}

// intern returns the ID of a, or NoAddr when empty.
func (p *parser) intern(a *optAddr) chain.AddrID {
	if !a.ok {
		return chain.NoAddr
	}
	return chain.AddrID(p.addrs.id(&a.a))
}

// traceAddrs validates from_address and to_address (either may be empty).
func (p *parser) traceAddrs(t *table) (from, to optAddr, err error) {
	for _, c := range [2]struct {
		col int
		dst *optAddr
	}{{trFrom, &from}, {trTo, &to}} {
		if s := t.get(c.col); len(s) > 0 {
			if c.dst.a, err = parseAddr(s); err != nil {
				return from, to, t.bad(c.col, err)
			}
			c.dst.ok = true
		}
	}
	return from, to, nil
}
