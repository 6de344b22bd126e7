package sim

import (
	"errors"
	"path/filepath"
	"strconv"
)

// Headers of the ethereum-etl files, exactly as the public exporter writes
// them (see ../shared/data/ethereum-etl-fixtures).
const (
	HeaderBlocks         = "number,hash,parent_hash,nonce,sha3_uncles,logs_bloom,transactions_root,state_root,receipts_root,miner,difficulty,total_difficulty,size,extra_data,gas_limit,gas_used,timestamp,transaction_count,base_fee_per_gas,withdrawals_root,withdrawals"
	HeaderTransactions   = "hash,nonce,block_hash,block_number,transaction_index,from_address,to_address,value,gas,gas_price,input,block_timestamp,max_fee_per_gas,max_priority_fee_per_gas,transaction_type"
	HeaderReceipts       = "transaction_hash,transaction_index,block_hash,block_number,cumulative_gas_used,gas_used,contract_address,root,status,effective_gas_price,l1_fee,l1_gas_used,l1_gas_price,l1_fee_scalar"
	HeaderTraces         = "block_number,transaction_hash,transaction_index,from_address,to_address,value,input,output,trace_type,call_type,reward_type,gas,gas_used,subtraces,trace_address,error,status,trace_id"
	HeaderTokenTransfers = "token_address,from_address,to_address,value,transaction_hash,log_index,block_number"
)

// EthFiles are the ethereum-etl files Eth writes, in the order of files.
var EthFiles = []string{"blocks.csv", "transactions.csv", "receipts.csv", "traces.csv", "token_transfers.csv"}

const (
	fBlocks = iota
	fTxs
	fReceipts
	fTraces
	fTokens
)

// Block header constants of a post-merge block.
const (
	genesisTime     = 1438269973 // block 0; 12 s per block after
	totalDifficulty = "58750003716598352816469"
	sha3Uncles      = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"
	extraData       = "0x7669676c2d73696d" // "vigl-sim"
	gasLimit        = 30000000
	gwei            = 1000000000
)

var zeroBloom = "0x" + zeros(512)

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// writer formats rows into the five files.
type writer struct {
	ids    ids
	files  [5]*asyncFile
	buf    []byte
	txSeq  uint64
	logIdx uint64
	txHex  []byte // 0x-hex of the current transaction's hash
	bhHex  []byte // 0x-hex of the current block's hash
	parent hash

	blocks, txs, transfers int
}

func newWriter(dir string, d ids) (*writer, error) {
	w := &writer{ids: d, buf: make([]byte, 0, 4096)}
	heads := []string{HeaderBlocks, HeaderTransactions, HeaderReceipts, HeaderTraces, HeaderTokenTransfers}
	for i, name := range EthFiles {
		f, err := createAsync(filepath.Join(dir, name))
		if err != nil {
			w.close()
			return nil, err
		}
		w.files[i] = f
		f.write([]byte(heads[i] + "\n"))
	}
	return w, nil
}

// close flushes and closes every file and returns the first error.
func (w *writer) close() error {
	var errs []error
	for i, f := range w.files {
		if f == nil {
			continue
		}
		errs = append(errs, f.close())
		w.files[i] = nil
	}
	return errors.Join(errs...)
}

// emit writes w.buf to file i and clears it.
func (w *writer) emit(i int) {
	w.files[i].write(w.buf)
	w.buf = w.buf[:0]
}

func (w *writer) comma() { w.buf = append(w.buf, ',') }

func (w *writer) hex(b []byte) { w.buf = appendHex(w.buf, b) }

func (w *writer) uint(v uint64) { w.buf = strconv.AppendUint(w.buf, v, 10) }

func (w *writer) str(s string) { w.buf = append(w.buf, s...) }

// writeBlock writes block num with the transactions of b, setting their
// hashes.
func (w *writer) writeBlock(num uint64, b *block) {
	bh := w.ids.hash(tagBlock, num)
	ts := uint64(genesisTime) + 12*num
	w.bhHex = appendHex(w.bhHex[:0], bh[:])
	w.logIdx = 0
	base := (10 + w.ids.word(tagBlock, num, 9)%30) * gwei
	tip := uint64(gwei)
	var cum uint64
	for i := 0; i < b.n; i++ {
		t := &b.txs[i]
		w.txSeq++
		t.hash = w.ids.hash(tagTx, w.txSeq)
		w.txHex = appendHex(w.txHex[:0], t.hash[:])
		used := t.gasUsed()
		cum += used
		w.txRow(t, num, uint64(i), bh, ts, base, tip, used)
		w.receiptRow(t, num, uint64(i), bh, cum, used, base+tip)
		w.traceRows(t, num, uint64(i), used)
		w.tokenRows(t, num)
		w.txs++
		w.transfers += t.moves()
	}
	w.blockRow(num, bh, ts, base, cum, uint64(b.n))
	w.parent = bh
	w.blocks++
}

func (w *writer) txRow(t *tx, num, idx uint64, bh hash, ts, base, tip, used uint64) {
	w.buf = append(w.buf, w.txHex...)
	w.comma()
	w.uint(t.nonce)
	w.comma()
	w.buf = append(w.buf, w.bhHex...)
	w.comma()
	w.uint(num)
	w.comma()
	w.uint(idx)
	w.comma()
	w.hex(t.from[:])
	w.comma()
	w.hex(t.to[:])
	w.comma()
	w.buf = appendAmount(w.buf, t.value)
	w.comma()
	w.uint(used + used/2)
	w.comma()
	w.uint(base + tip)
	w.comma()
	w.input(t)
	w.comma()
	w.uint(ts)
	w.comma()
	w.uint(2*base + tip)
	w.comma()
	w.uint(tip)
	w.str(",2\n")
	w.emit(fTxs)
}

// input writes the calldata of t.
func (w *writer) input(t *tx) {
	switch t.kind {
	case kindToken:
		w.str("0xa9059cbb")
		m := &t.tokens[0]
		w.buf = appendWord(w.buf, m.to[:])
		w.buf = appendWord(w.buf, amountBytes(m.value))
	case kindSwap:
		w.str("0x7ff36ab5")
		if len(t.tokens) > 0 {
			w.buf = appendWord(w.buf, amountBytes(t.tokens[0].value))
		}
	case kindDisperse:
		w.str("0xe63d38ed")
	default:
		w.str("0x")
	}
}

func (w *writer) receiptRow(t *tx, num, idx uint64, bh hash, cum, used, price uint64) {
	w.buf = append(w.buf, w.txHex...)
	w.comma()
	w.uint(idx)
	w.comma()
	w.buf = append(w.buf, w.bhHex...)
	w.comma()
	w.uint(num)
	w.comma()
	w.uint(cum)
	w.comma()
	w.uint(used)
	w.str(",,,")
	if t.failed {
		w.str("0,")
	} else {
		w.str("1,")
	}
	w.uint(price)
	w.str(",,,,\n")
	w.emit(fReceipts)
}

// traceRows writes the top-level call of t and its internal calls.
func (w *writer) traceRows(t *tx, num, idx, used uint64) {
	subs := len(t.calls)
	if t.failed {
		subs = 0
	}
	w.traceRow(t, num, idx, t.from, t.to, t.value, used+used/2, used, subs, -1)
	if t.failed {
		return
	}
	for i := range t.calls {
		c := &t.calls[i]
		w.traceRow(t, num, idx, c.from, c.to, c.value, 2300, 0, 0, i)
	}
}

func (w *writer) traceRow(t *tx, num, idx uint64, from, to addr, value [4]uint64, gas, used uint64, subs, pos int) {
	w.uint(num)
	w.comma()
	w.buf = append(w.buf, w.txHex...)
	w.comma()
	w.uint(idx)
	w.comma()
	w.hex(from[:])
	w.comma()
	w.hex(to[:])
	w.comma()
	w.buf = appendAmount(w.buf, value)
	w.str(",0x,0x,call,call,,")
	w.uint(gas)
	w.comma()
	w.uint(used)
	w.comma()
	w.uint(uint64(subs))
	w.comma()
	if pos >= 0 {
		w.uint(uint64(pos))
	}
	if t.failed {
		w.str(",Reverted,0,call_")
	} else {
		w.str(",,1,call_")
	}
	w.buf = append(w.buf, w.txHex...)
	w.buf = append(w.buf, '_')
	if pos >= 0 {
		w.uint(uint64(pos))
	}
	w.buf = append(w.buf, '\n')
	w.emit(fTraces)
}

func (w *writer) tokenRows(t *tx, num uint64) {
	if t.failed {
		return
	}
	for i := range t.tokens {
		m := &t.tokens[i]
		w.hex(m.token[:])
		w.comma()
		w.hex(m.from[:])
		w.comma()
		w.hex(m.to[:])
		w.comma()
		w.buf = appendAmount(w.buf, m.value)
		w.comma()
		w.buf = append(w.buf, w.txHex...)
		w.comma()
		w.uint(w.logIdx) // one log per token move, numbered per block
		w.logIdx++
		w.comma()
		w.uint(num)
		w.buf = append(w.buf, '\n')
		w.emit(fTokens)
	}
}

func (w *writer) blockRow(num uint64, bh hash, ts, base, used, count uint64) {
	w.uint(num)
	w.comma()
	w.buf = append(w.buf, w.bhHex...)
	w.comma()
	w.hex(w.parent[:])
	w.str(",0x0000000000000000,")
	w.str(sha3Uncles)
	w.comma()
	w.str(zeroBloom)
	for k := uint64(1); k <= 3; k++ {
		r := w.ids.hash(tagRoot, num*4+k)
		w.comma()
		w.hex(r[:])
	}
	miner := w.ids.addr(tagService, 900+num%4)
	w.comma()
	w.hex(miner[:])
	w.str(",0,")
	w.str(totalDifficulty)
	w.comma()
	w.uint(600 + 110*count)
	w.comma()
	w.str(extraData)
	w.comma()
	w.uint(gasLimit)
	w.comma()
	w.uint(used)
	w.comma()
	w.uint(ts)
	w.comma()
	w.uint(count)
	w.comma()
	w.uint(base)
	r := w.ids.hash(tagRoot, num*4)
	w.comma()
	w.hex(r[:])
	w.str(",\n")
	w.emit(fBlocks)
}
