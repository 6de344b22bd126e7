package ethrpc

import (
	"fmt"
	"strings"

	"github.com/vigil-project/vigil/internal/ingest/ethetl"
)

var erc20Transfer = ethetl.ERC20Transfer

// traceType maps a callTracer frame type to ethereum-etl's trace_type and
// call_type. CREATE2 is a create, as in trace_block exports.
func traceType(typ string) (traceType, callType string, ok bool) {
	switch t := strings.ToLower(typ); t {
	case "call", "callcode", "delegatecall", "staticcall":
		return "call", t, true
	case "create", "create2":
		return "create", "", true
	case "selfdestruct", "suicide":
		return "suicide", "", true
	}
	return "", "", false
}

// pending is a frame waiting in the depth-first walk.
type pending struct {
	f      *rpcFrame
	failed bool // an ancestor failed
	top    bool
}

// txTrace flattens the call frames of transaction i depth first, parent
// before children (ethereum-etl's trace_address order), and keeps the
// frames that move value. rows counts the block's trace rows.
func (b *block) txTrace(i int, tt *rpcTxTrace, rows *uint32) error {
	t := &b.txs[i]
	where := loc{"trace", i, 0}
	if tt.Error != "" || tt.Result == nil {
		msg := tt.Error
		if msg == "" {
			msg = "no result"
		}
		return blockErr(b.num, "trace %d: tracing failed: %.200s", i, msg)
	}
	if tt.TxHash != "" {
		if h, err := hash(tt.TxHash); err != nil || h != t.hash {
			return fieldErr(b.num, where, "txHash", fmt.Errorf("%.80q is not the block's transaction %d %s", tt.TxHash, i, t.hash))
		}
	}
	stack := []pending{{f: tt.Result, top: true}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		failed, err := b.frame(i, p, *rows)
		if err != nil {
			return err
		}
		*rows++
		if p.top && failed && !t.failed && !t.known {
			t.failed = true
		}
		for k := len(p.f.Calls) - 1; k >= 0; k-- {
			stack = append(stack, pending{f: &p.f.Calls[k], failed: failed})
		}
	}
	return nil
}

// frame checks one frame and records its move; it reports whether the
// frame failed (itself or an ancestor).
func (b *block) frame(i int, p pending, row uint32) (bool, error) {
	f, t := p.f, &b.txs[i]
	where := loc{"frame", i, int(row)}
	tt, ct, ok := traceType(f.Type)
	if !ok {
		return false, fieldErr(b.num, where, "type", fmt.Errorf("unknown frame type %.20q", f.Type))
	}
	kind, moves, err := ethetl.TraceRule(tt, ct, p.top)
	if err != nil {
		return false, fieldErr(b.num, where, "type", err)
	}
	m := move{tx: uint32(i), row: row, kind: kind}
	if m.from, m.hasFrom, err = optAddress(f.From); err != nil {
		return false, fieldErr(b.num, where, "from", err)
	}
	if m.to, m.hasTo, err = optAddress(f.To); err != nil {
		return false, fieldErr(b.num, where, "to", err)
	}
	if m.value, err = amount(f.Value); err != nil {
		return false, fieldErr(b.num, where, "value", err)
	}
	failed := p.failed || f.Error != ""
	if !failed && moves && !m.value.IsZero() && !t.failed {
		b.moves = append(b.moves, m)
	}
	return failed, nil
}
