package ethetl

import (
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// This file exports the rules of the parser for sources that are not
// ethereum-etl files but must convert exactly as ParseDir does: package
// live/ethrpc converts node responses with them.

// ERC20Transfer reports whether a log with these topics and data is an
// ERC-20 Transfer as ParseDir derives them from logs.csv (topic0 Transfer,
// exactly 3 topics, data exactly one 32-byte word), and if so returns the
// sender and recipient (low 20 bytes of topics 1 and 2) and the amount.
func ERC20Transfer(topics [][32]byte, data []byte) (from, to chain.EVMAddress, amount chain.U256, ok bool) {
	if len(topics) != 3 || len(data) != 32 || topics[0] != transferSig {
		return from, to, amount, false
	}
	copy(from[:], topics[1][12:])
	copy(to[:], topics[2][12:])
	var w [32]byte
	copy(w[:], data)
	return from, to, wordU256(&w), true
}

// TraceRule applies the traces.csv rules to a trace of type traceType
// ("call", "create", "suicide"; rewards are not accepted) and call type:
// it returns the kind of move the trace makes and whether its type can
// move value at all (delegatecall, callcode and staticcall cannot). top
// says the trace is the transaction's top-level call (empty trace_address).
func TraceRule(traceType, callType string, top bool) (chain.TransferKind, bool, error) {
	typ, err := traceType2(traceType)
	if err != nil {
		return 0, false, err
	}
	moves := true
	if typ == ttCall {
		switch callType {
		case "call":
		case "delegatecall", "callcode", "staticcall":
			moves = false
		default:
			return 0, false, errCallType
		}
	}
	return traceKind(typ, top), moves, nil
}

// traceType2 is traceType limited to the types of a transaction's traces.
func traceType2(s string) (int, error) {
	typ, err := traceType([]byte(s))
	if err == nil && typ != ttCall && typ != ttCreate && typ != ttSuicide {
		err = errTraceType
	}
	return typ, err
}

// OrderTransfers sorts one block's transfers as ParseDir does, by
// (TxIndex, natives before tokens, Pos) with equal keys kept in order,
// and renumbers Pos 0, 1, 2... inside each transaction. Pos must hold
// the trace row order for native moves and the log index for token moves.
func OrderTransfers(seg []chain.AccountTransfer) {
	if !slices.IsSortedFunc(seg, transferOrder) {
		slices.SortStableFunc(seg, transferOrder)
	}
	renumber(seg)
}
