package btcetl

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

const benchTxs = 200_000

var benchData struct {
	once          sync.Once
	data          []byte
	txs, outs, in int
}

// synthetic returns ~200k realistic bitcoin-etl lines (1,000 txs a block,
// 1-3 inputs, 1-3 outputs, script_asm/script_hex and the exporter's other
// fields) and their counts.
func synthetic() ([]byte, int, int) {
	b := &benchData
	b.once.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		var buf bytes.Buffer
		hexOf := func(n int) string {
			p := make([]byte, n)
			for i := range p {
				p[i] = byte(r.Uint32())
			}
			return hex.EncodeToString(p)
		}
		addr := func() string {
			if r.IntN(3) == 0 {
				return "bc1q" + hexOf(19)[:38]
			}
			return "1" + hexOf(17)[:33]
		}
		var prev []string
		for i := 0; i < benchTxs; i++ {
			blk := 600000 + i/1000
			h := hexOf(32)
			fmt.Fprintf(&buf, `{"hash": "%s", "size": 225, "virtual_size": 144, "version": 2, "lock_time": 0, "block_number": %d, "block_hash": "%064x", "block_timestamp": %d, "is_coinbase": %v, "index": %d, "inputs": [`,
				h, blk, blk, 1560000000+blk, i%1000 == 0, i%1000)
			nin := 0
			if i%1000 != 0 {
				nin = 1 + r.IntN(3)
			}
			for k := 0; k < nin; k++ {
				if k > 0 {
					buf.WriteString(", ")
				}
				sp := h
				if len(prev) > 0 {
					sp = prev[r.IntN(len(prev))]
				}
				sig := hexOf(71)
				pub := hexOf(33)
				fmt.Fprintf(&buf, `{"index": %d, "spent_transaction_hash": "%s", "spent_output_index": %d, "script_asm": "%s[ALL] %s", "script_hex": "47%s0121%s", "sequence": 4294967295, "required_signatures": 1, "type": "pubkeyhash", "addresses": ["%s"], "value": %d}`,
					k, sp, r.IntN(3), sig, pub, sig, pub, addr(), r.Uint64N(1e12))
				b.in++
			}
			buf.WriteString(`], "outputs": [`)
			nout := 1 + r.IntN(3)
			for k := 0; k < nout; k++ {
				if k > 0 {
					buf.WriteString(", ")
				}
				pkh := hexOf(20)
				fmt.Fprintf(&buf, `{"index": %d, "script_asm": "OP_DUP OP_HASH160 %s OP_EQUALVERIFY OP_CHECKSIG", "script_hex": "76a914%s88ac", "required_signatures": 1, "type": "pubkeyhash", "addresses": ["%s"], "value": %d}`,
					k, pkh, pkh, addr(), r.Uint64N(1e12))
			}
			b.outs += nout
			fmt.Fprintf(&buf, `], "input_count": %d, "output_count": %d, "input_value": 0, "output_value": 0, "fee": 0}`+"\n", nin, nout)
			prev = append(prev, h)
			if len(prev) > 5000 {
				prev = prev[1000:]
			}
		}
		b.data, b.txs = buf.Bytes(), benchTxs
	})
	return b.data, b.txs, b.outs
}

func report(b *testing.B, data []byte, txs, outs int) {
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(txs)/sec, "txs/s")
	b.ReportMetric(float64(outs)/sec, "outputs/s")
	b.ReportMetric(float64(len(data))/sec/1e6, "MB/s")
}

func BenchmarkParse(b *testing.B) {
	data, txs, outs := synthetic()
	c, _ := chain.Lookup("btc")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		blocks, err := Parse(bytes.NewReader(data), "bench.json", Options{Chain: c, Addrs: &chain.MapInterner{}})
		if err != nil || len(blocks) != txs/1000 {
			b.Fatalf("%d blocks, %v", len(blocks), err)
		}
	}
	report(b, data, txs, outs)
}

// The baseline: encoding/json into structs, map interning, same grouping.
type baseTx struct {
	Hash        string    `json:"hash"`
	BlockNumber uint64    `json:"block_number"`
	BlockHash   *string   `json:"block_hash"`
	Timestamp   int64     `json:"block_timestamp"`
	IsCoinbase  bool      `json:"is_coinbase"`
	Index       *uint32   `json:"index"`
	Inputs      []baseIn  `json:"inputs"`
	Outputs     []baseOut `json:"outputs"`
}

type baseIn struct {
	SpentHash  *string  `json:"spent_transaction_hash"`
	SpentIndex *uint32  `json:"spent_output_index"`
	Addresses  []string `json:"addresses"`
	Value      *uint64  `json:"value"`
}

type baseOut struct {
	Index     uint32   `json:"index"`
	Addresses []string `json:"addresses"`
	Value     uint64   `json:"value"`
}

func BenchmarkBaselineEncodingJSON(b *testing.B) {
	data, txs, outs := synthetic()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := baseline(b, data); n != txs/1000 {
			b.Fatalf("%d blocks", n)
		}
	}
	report(b, data, txs, outs)
}

func baseline(b *testing.B, data []byte) int {
	ids := map[string]uint32{}
	intern := func(a []string) chain.AddrID {
		if len(a) == 0 {
			return 0
		}
		k := a[0]
		if len(a) > 1 {
			k = MultisigPrefix + fmt.Sprint(a)
		}
		id, ok := ids[k]
		if !ok {
			id = uint32(len(ids) + 1)
			ids[k] = id
		}
		return chain.AddrID(id)
	}
	blocks := map[uint64][]chain.UTXOTx{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var t baseTx
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			b.Fatal(err)
		}
		h, err := chain.ParseHash([]byte(t.Hash))
		if err != nil {
			b.Fatal(err)
		}
		tx := chain.UTXOTx{Hash: h, Coinbase: t.IsCoinbase, Index: *t.Index}
		for _, in := range t.Inputs {
			sh, _ := chain.ParseHash([]byte(*in.SpentHash))
			tx.Inputs = append(tx.Inputs, chain.UTXOInput{SpentTx: sh, SpentIndex: *in.SpentIndex,
				Addr: intern(in.Addresses), Value: *in.Value, HasValue: true})
		}
		for _, o := range t.Outputs {
			tx.Outputs = append(tx.Outputs, chain.UTXOOutput{Index: o.Index, Addr: intern(o.Addresses), Value: o.Value})
		}
		blocks[t.BlockNumber] = append(blocks[t.BlockNumber], tx)
	}
	return len(blocks)
}
