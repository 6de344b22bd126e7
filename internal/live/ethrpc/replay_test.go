package ethrpc

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/jsonrpc"
)

// replay serves recorded geth responses over JSON-RPC, with faults a real
// node shows: methods it lacks, batches whose response is too large.
type replay struct {
	recs         []recorded
	first        uint64
	noBlockRcpts bool // eth_getBlockReceipts is unknown (-32601)
	noDebug      bool // debug_* is unknown (-32601)
	maxCalls     int  // calls of a batch past this fail "response too large"
	timeoutCalls int  // calls of a batch past this fail "request timed out"
	batches      atomic.Int32
}

type rpcReq struct {
	ID     uint64            `json:"id"`
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

func (rp *replay) serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(body) == 0 || body[0] != '[' {
			var q rpcReq
			json.Unmarshal(body, &q)
			w.Write(rp.answer(q, 0))
			return
		}
		rp.batches.Add(1)
		var qs []rpcReq
		json.Unmarshal(body, &qs)
		out := make([]json.RawMessage, len(qs))
		for i, q := range qs {
			out[i] = rp.answer(q, i)
		}
		json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (rp *replay) answer(q rpcReq, i int) json.RawMessage {
	fail := func(code int, msg string) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": q.ID, "error": map[string]any{"code": code, "message": msg}})
		return b
	}
	if rp.maxCalls > 0 && i >= rp.maxCalls {
		return fail(-32003, "response too large")
	}
	if rp.timeoutCalls > 0 && i >= rp.timeoutCalls {
		return fail(-32002, "request timed out")
	}
	var result any
	var num string
	if len(q.Params) > 0 {
		json.Unmarshal(q.Params[0], &num)
	}
	rec := rp.block(num)
	switch q.Method {
	case "eth_blockNumber":
		result = hexQ(rp.first + uint64(len(rp.recs)) - 1)
	case "eth_getBlockByNumber":
		if rec != nil {
			result = rec.Block
		}
	case "eth_getBlockReceipts":
		if rp.noBlockRcpts {
			return fail(-32601, "the method eth_getBlockReceipts does not exist/is not available")
		}
		if rec != nil {
			result = rec.Receipts
		}
	case "debug_traceBlockByNumber":
		if rp.noDebug {
			return fail(-32601, "the method debug_traceBlockByNumber does not exist/is not available")
		}
		if rec != nil {
			result = rec.Traces
		}
	case "eth_getTransactionReceipt":
		for _, r := range rp.recs {
			for _, rc := range r.Receipts {
				if `"`+str(rc, "transactionHash")+`"` == string(q.Params[0]) {
					result = rc
				}
			}
		}
	default:
		return fail(-32601, "the method "+q.Method+" does not exist/is not available")
	}
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": q.ID, "result": result})
	return b
}

func (rp *replay) block(num string) *recorded {
	var n uint64
	if v, err := quantity(num); err == nil {
		n = v
	} else {
		return nil
	}
	if n < rp.first || n-rp.first >= uint64(len(rp.recs)) {
		return nil
	}
	return &rp.recs[n-rp.first]
}

func newReplay(t *testing.T) *replay {
	recs := loadRecorded(t, "testdata/geth_blocks.json")
	first, err := quantity(str(recs[0].Block, "number"))
	if err != nil {
		t.Fatal(err)
	}
	return &replay{recs: recs, first: first}
}

// TestReplayFaults: the fallbacks and errors of a node that lacks methods,
// limits responses, lacks blocks or is down.
func TestReplayFaults(t *testing.T) {
	ctx := context.Background()
	ref := newReplay(t)
	last := ref.first + uint64(len(ref.recs)) - 1
	n, _ := New(ref.serve(t).URL, Options{BatchBlocks: 4})
	var wa, wt chain.MapInterner
	want, err := n.AccountBlocks(ctx, ref.first, last, &wa, &wt)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("no eth_getBlockReceipts", func(t *testing.T) {
		rp := newReplay(t)
		rp.noBlockRcpts = true
		n, _ := New(rp.serve(t).URL, Options{BatchBlocks: 4})
		var a, tk chain.MapInterner
		got, err := n.AccountBlocks(ctx, rp.first, last, &a, &tk)
		if err != nil || !reflect.DeepEqual(got, want) || !n.noBlockReceipts.Load() {
			t.Fatalf("err %v, same %v, remembered %v", err, reflect.DeepEqual(got, want), n.noBlockReceipts.Load())
		}
	})
	t.Run("response too large halves the batch", func(t *testing.T) {
		rp := newReplay(t)
		rp.maxCalls = 6 // two blocks of three calls
		n, _ := New(rp.serve(t).URL, Options{BatchBlocks: 8, Concurrency: 1})
		var a, tk chain.MapInterner
		got, err := n.AccountBlocks(ctx, rp.first, last, &a, &tk)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("err %v, same %v", err, reflect.DeepEqual(got, want))
		}
		if rp.batches.Load() <= int32(len(rp.recs)/8) {
			t.Errorf("only %d batches", rp.batches.Load())
		}
	})
	t.Run("request timed out halves the batch", func(t *testing.T) {
		rp := newReplay(t)
		rp.timeoutCalls = 9
		n, _ := New(rp.serve(t).URL, Options{BatchBlocks: 8, Concurrency: 2})
		var a, tk chain.MapInterner
		got, err := n.AccountBlocks(ctx, rp.first, last, &a, &tk)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("err %v, same %v", err, reflect.DeepEqual(got, want))
		}
	})
	for _, tc := range []struct {
		name     string
		setup    func(*replay)
		from, to uint64
		want     string
	}{
		{"no debug API", func(rp *replay) { rp.noDebug = true }, ref.first, last, "enable the debug API"},
		{"block beyond the node", func(*replay) {}, last, last + 1, "block " + uitoa(last+1) + ": not found on the node"},
		{"empty range", func(*replay) {}, last, last - 1, "is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rp := newReplay(t)
			tc.setup(rp)
			n, _ := New(rp.serve(t).URL, Options{})
			var a, tk chain.MapInterner
			got, err := n.AccountBlocks(ctx, tc.from, tc.to, &a, &tk)
			if err == nil || got != nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %d blocks, %v; want error %q", len(got), err, tc.want)
			}
		})
	}
	t.Run("node down", func(t *testing.T) {
		srv := ref.serve(t)
		srv.Close()
		n, _ := New(srv.URL, Options{RPC: jsonrpc.Options{Retries: -1}})
		var a, tk chain.MapInterner
		if _, err := n.AccountBlocks(ctx, ref.first, last, &a, &tk); err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Fatalf("node down: %v", err)
		}
		if _, err := n.Tip(ctx); err == nil {
			t.Fatal("Tip of a down node")
		}
	})
	t.Run("canceled", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		var a, tk chain.MapInterner
		if _, err := n.AccountBlocks(c, ref.first, last, &a, &tk); err == nil {
			t.Fatal("canceled context accepted")
		}
	})
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }
