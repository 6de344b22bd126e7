package ethrpc

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live"
	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

var (
	h64   = strings.Repeat("aa", 32)
	a1    = strings.Repeat("01", 20)
	a2    = strings.Repeat("02", 20)
	a3    = strings.Repeat("03", 20)
	a4    = strings.Repeat("04", 20)
	word1 = strings.Repeat("0", 24) + a1
	word2 = strings.Repeat("0", 24) + a2
)

// A small valid block: one transaction paying 1 ETH to a contract that
// passes 1 wei on, with an ERC-20 Transfer log of 5 tokens.
var (
	okBlock = `{"number":"0x10","hash":"0x` + strings.Repeat("11", 32) + `","timestamp":"0x5f5e100","transactions":[
		{"hash":"0x` + h64 + `","transactionIndex":"0x0","from":"0x` + a1 + `","to":"0x` + a2 + `","value":"0xde0b6b3a7640000"}]}`
	okReceipts = `[{"transactionHash":"0x` + h64 + `","transactionIndex":"0x0","status":"0x1","contractAddress":null,"logs":[
		{"address":"0x` + a3 + `","topics":["0x` + gethtest.TransferSigHex + `","0x` + word1 + `","0x` + word2 + `"],"data":"0x` + strings.Repeat("0", 63) + `5","logIndex":"0x0"}]}]`
	okTraces = `[{"txHash":"0x` + h64 + `","result":{"type":"CALL","from":"0x` + a1 + `","to":"0x` + a2 + `","value":"0xde0b6b3a7640000","calls":[
		{"type":"CALL","from":"0x` + a2 + `","to":"0x` + a4 + `","value":"0x1"}]}}]`
)

func TestDecodeValid(t *testing.T) {
	b, err := decodeJSON(16, []byte(okBlock), []byte(okReceipts), []byte(okTraces), true)
	if err != nil {
		t.Fatal(err)
	}
	var addrs, tokens chain.MapInterner
	cb := convert([]*block{b}, &addrs, &tokens)[0]
	kinds := []chain.TransferKind{chain.KindTx, chain.KindInternal, chain.KindToken}
	if cb.Header.Time != 100000000 || len(cb.Transfers) != 3 || cb.Parts&chain.PartTraceNative == 0 {
		t.Fatalf("got %+v", cb)
	}
	for i, tr := range cb.Transfers {
		if tr.Kind != kinds[i] || tr.Pos != uint32(i) {
			t.Errorf("move %d: %+v", i, tr)
		}
	}
	if cb.Transfers[2].Amount != chain.U64(5) || cb.Transfers[2].Asset != 1 {
		t.Errorf("token move %+v", cb.Transfers[2])
	}
}

// TestDecodeErrors: every malformed or inconsistent response is an error
// naming the block and the field.
func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, part, old, new, want string
	}{
		{"block number", "b", `"number":"0x10"`, `"number":"0x11"`, "block 16: node returned block 17"},
		{"number not hex", "b", `"number":"0x10"`, `"number":"16"`, "block 16: field number: missing 0x prefix"},
		{"block hash short", "b", `"hash":"0x11`, `"hash":"0x1`, "block 16: field hash: want 64 hex digits"},
		{"timestamp huge", "b", `"timestamp":"0x5f5e100"`, `"timestamp":"0xffffffffffffffffff"`, "field timestamp: too large"},
		{"tx index", "b", `"transactionIndex":"0x0","from"`, `"transactionIndex":"0x1","from"`, "transaction 0: field transactionIndex: is 1"},
		{"tx from", "b", `"from":"0x` + a1 + `","to":"0x` + a2 + `","value":"0xde0b6b3a7640000"}]}`, `"from":"0xzz` + a1[2:] + `","to":"0x` + a2 + `","value":"0xde0b6b3a7640000"}]}`, "transaction 0: field from: not hex"},
		{"tx value 257 bits", "b", `"value":"0xde0b6b3a7640000"}]}`, `"value":"0x1` + strings.Repeat("0", 64) + `"}]}`, "transaction 0: field value: too large"},
		{"tx value empty", "b", `"value":"0xde0b6b3a7640000"}]}`, `"value":"0x"}]}`, "transaction 0: field value: empty"},
		{"null block", "b", okBlock, `null`, "block 16: not found on the node"},
		{"receipt count", "r", okReceipts, `[]`, "0 receipts for 1 transactions"},
		{"receipt hash", "r", `"transactionHash":"0xaa`, `"transactionHash":"0xab`, "receipt 0: field transactionHash"},
		{"status", "r", `"status":"0x1"`, `"status":"0x2"`, "receipt 0: field status"},
		{"contract", "r", `"contractAddress":null`, `"contractAddress":"0x12"`, "field contractAddress"},
		{"topic", "r", `"0x` + word1 + `"`, `"0x` + word1[1:] + `"`, "receipt 0: log 0: field topics[1]"},
		{"log data odd", "r", `"data":"0x`, `"data":"0x0`, "log 0: field data: odd number"},
		{"log index", "r", `"logIndex":"0x0"`, `"logIndex":"0xffffffff"`, "log 0: field logIndex: too large"},
		{"log address", "r", `"address":"0x` + a3, `"address":"0x` + a3 + "00", "log 0: field address"},
		{"trace count", "t", okTraces, `[]`, "0 traces for 1 transactions"},
		{"tracing failed", "t", `"result":{"type":"CALL","from":"0x` + a1, `"error":"execution timeout","result":{"type":"CALL","from":"0x` + a1, "trace 0: tracing failed: execution timeout"},
		{"no result", "t", `"result":{`, `"resul":{`, "trace 0: tracing failed: no result"},
		{"trace tx hash", "t", `"txHash":"0xaa`, `"txHash":"0xab`, "trace 0: field txHash"},
		{"frame type", "t", `{"type":"CALL","from":"0x` + a2, `{"type":"JUMP","from":"0x` + a2, "trace 0: frame 1: field type: unknown frame type"},
		{"frame value", "t", `"value":"0x1"}`, `"value":"1"}`, "trace 0: frame 1: field value: missing 0x prefix"},
		{"frame to", "t", `"to":"0x` + a4, `"to":"0x` + a4 + "0", "trace 0: frame 1: field to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := map[string]string{"b": okBlock, "r": okReceipts, "t": okTraces}
			if !strings.Contains(parts[tc.part], tc.old) {
				t.Fatalf("test case does not apply: %q not found", tc.old)
			}
			parts[tc.part] = strings.Replace(parts[tc.part], tc.old, tc.new, 1)
			_, err := decodeJSON(16, []byte(parts["b"]), []byte(parts["r"]), []byte(parts["t"]), true)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "block 16") {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestReceiptOfAnotherBlock: a receipt of another block hash means the
// block was replaced while the batch was read: live.ErrChainMoved, which
// makes the follower read again.
func TestReceiptOfAnotherBlock(t *testing.T) {
	for _, tc := range []struct {
		hash  string
		moved bool
	}{{strings.Repeat("11", 32), false}, {strings.Repeat("12", 32), true}} {
		rcs := strings.Replace(okReceipts, `"status"`, `"blockHash":"0x`+tc.hash+`","status"`, 1)
		_, err := decodeJSON(16, []byte(okBlock), []byte(rcs), []byte(okTraces), true)
		if (err != nil) != tc.moved || tc.moved && !errors.Is(err, live.ErrChainMoved) {
			t.Errorf("block hash %s: %v", tc.hash[:4], err)
		}
	}
}

// TestFailureRules: a failed frame fails its calls; a failed top frame
// fails a transaction whose receipt has no status; a failed transaction
// moves no tokens.
func TestFailureRules(t *testing.T) {
	failedChild := strings.Replace(okTraces, `"value":"0x1"}`, `"value":"0x1","error":"out of gas","calls":[{"type":"CALL","from":"0x`+a4+`","to":"0x`+a1+`","value":"0x1"}]}`, 1)
	failedTop := strings.Replace(okTraces, `"result":{"type":"CALL",`, `"result":{"type":"CALL","error":"execution reverted",`, 1)
	noStatus := strings.Replace(okReceipts, `"status":"0x1",`, ``, 1)
	for _, tc := range []struct {
		name, r, t string
		moves      int
		failed     bool
	}{
		{"ok", okReceipts, okTraces, 3, false},
		{"failed child", okReceipts, failedChild, 2, false},
		{"failed top, status 1", okReceipts, failedTop, 1, false},
		{"failed top, no status", noStatus, failedTop, 0, true},
		{"receipt status 0", strings.Replace(okReceipts, `"status":"0x1"`, `"status":"0x0"`, 1), okTraces, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := decodeJSON(16, []byte(okBlock), []byte(tc.r), []byte(tc.t), true)
			if err != nil {
				t.Fatal(err)
			}
			var addrs, tokens chain.MapInterner
			cb := convert([]*block{b}, &addrs, &tokens)[0]
			if len(cb.Transfers) != tc.moves || cb.Txs[0].Failed != tc.failed {
				t.Fatalf("%d moves, failed %v: %+v", len(cb.Transfers), cb.Txs[0].Failed, cb.Transfers)
			}
			var r recorded
			mustJSON(t, okBlock, &r.Block)
			mustJSON(t, tc.r, &r.Receipts)
			mustJSON(t, tc.t, &r.Traces)
			sameAsETL(t, []recorded{r}, true)
			sameAsETL(t, []recorded{r}, false)
		})
	}
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatal(err)
	}
}
