package btcrpc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/btcetl"
)

// rpcBlock is the part of a getblock (verbosity 2 or 3) result vigil reads.
type rpcBlock struct {
	Hash   string  `json:"hash"`
	Height *uint64 `json:"height"`
	Time   int64   `json:"time"`
	Prev   string  `json:"previousblockhash"`
	Tx     []rpcTx `json:"tx"`
	RawTx  []rpcTx `json:"rawtx"` // btcd names the full transactions so
}

type rpcTx struct {
	Txid string    `json:"txid"`
	Vin  []rpcVin  `json:"vin"`
	Vout []rpcVout `json:"vout"`
}

type rpcVin struct {
	MWEB     bool        `json:"ismweb"` // Litecoin: an MWEB input (output_id only)
	Coinbase *string     `json:"coinbase"`
	Txid     string      `json:"txid"`
	Vout     *uint32     `json:"vout"`
	Prevout  *rpcPrevout `json:"prevout"`
}

type rpcPrevout struct {
	Value        json.Number `json:"value"`
	ScriptPubKey rpcScript   `json:"scriptPubKey"`
}

type rpcVout struct {
	MWEB         bool        `json:"ismweb"` // Litecoin: an MWEB output (no value)
	Value        json.Number `json:"value"`
	N            *uint32     `json:"n"`
	ScriptPubKey rpcScript   `json:"scriptPubKey"`
}

type rpcScript struct {
	Hex       string   `json:"hex"`
	Address   string   `json:"address"`
	Addresses []string `json:"addresses"`
}

// converter turns decoded getblock results into chain blocks, interning
// addresses in addrs in order of appearance.
type converter struct {
	addrs chain.Interner
	buf   []byte
}

// block converts b, expected to be block n.
func (cv *converter) block(n uint64, b *rpcBlock) (chain.UTXOBlock, error) {
	out := chain.UTXOBlock{Header: chain.BlockHeader{Number: n, Time: b.Time}}
	h, err := chain.ParseHash([]byte(b.Hash))
	if err != nil {
		return out, fmt.Errorf("block %d: hash %q: %v", n, b.Hash, err)
	}
	out.Header.Hash = h
	if b.Height == nil || *b.Height != n {
		return out, fmt.Errorf("block %d: the node returned height %s", n, fmtHeight(b.Height))
	}
	txs := b.Tx
	if len(txs) == 0 {
		txs = b.RawTx
	}
	if len(txs) == 0 {
		return out, fmt.Errorf("block %d: no transactions", n)
	}
	out.Txs = make([]chain.UTXOTx, len(txs))
	for i := range txs {
		if err := cv.tx(&txs[i], uint32(i), &out.Txs[i]); err != nil {
			return out, fmt.Errorf("block %d tx %d: %w", n, i, err)
		}
	}
	return out, nil
}

func fmtHeight(h *uint64) string {
	if h == nil {
		return "none"
	}
	return fmt.Sprint(*h)
}

// tx converts one transaction.
func (cv *converter) tx(t *rpcTx, idx uint32, out *chain.UTXOTx) error {
	h, err := chain.ParseHash([]byte(t.Txid))
	if err != nil {
		return fmt.Errorf("txid %q: %v", t.Txid, err)
	}
	*out = chain.UTXOTx{Hash: h, Index: idx}
	for j := range t.Vin {
		in := &t.Vin[j]
		if in.MWEB {
			continue // hidden in MWEB: no canonical output is spent
		}
		if in.Coinbase != nil {
			out.Coinbase = true
			continue
		}
		ci, err := cv.input(in)
		if err != nil {
			return fmt.Errorf("input %d: %w", j, err)
		}
		out.Inputs = append(out.Inputs, ci)
	}
	out.Outputs = make([]chain.UTXOOutput, 0, len(t.Vout))
	for j := range t.Vout {
		o := &t.Vout[j]
		if o.MWEB {
			continue // a commitment: no value or address to follow
		}
		if o.N == nil {
			return fmt.Errorf("output %d: no n", j)
		}
		v, err := satoshi(o.Value)
		if err != nil {
			return fmt.Errorf("output %d: %w", j, err)
		}
		a, err := cv.address(&o.ScriptPubKey)
		if err != nil {
			return fmt.Errorf("output %d: %w", j, err)
		}
		out.Outputs = append(out.Outputs, chain.UTXOOutput{Index: *o.N, Addr: a, Value: v})
	}
	return nil
}

// input converts a non-coinbase input; with a prevout (Bitcoin Core 25+,
// verbosity 3) its value and address come from the node.
func (cv *converter) input(in *rpcVin) (chain.UTXOInput, error) {
	if in.Vout == nil {
		return chain.UTXOInput{}, errors.New("no vout")
	}
	h, err := chain.ParseHash([]byte(in.Txid))
	if err != nil {
		return chain.UTXOInput{}, fmt.Errorf("txid %q: %v", in.Txid, err)
	}
	ci := chain.UTXOInput{SpentTx: h, SpentIndex: *in.Vout}
	if in.Prevout == nil {
		return ci, nil
	}
	if ci.Value, err = satoshi(in.Prevout.Value); err != nil {
		return ci, fmt.Errorf("prevout: %w", err)
	}
	if ci.Addr, err = cv.address(&in.Prevout.ScriptPubKey); err != nil {
		return ci, fmt.Errorf("prevout: %w", err)
	}
	ci.HasValue = true
	return ci, nil
}

// address interns the address of a script as bitcoin-etl names it.
func (cv *converter) address(s *rpcScript) (chain.AddrID, error) {
	list := s.Addresses
	if len(list) == 0 && s.Address != "" {
		list = []string{s.Address}
	}
	key, err := addressKey(list, s.Hex, cv.buf[:0])
	if err != nil {
		return 0, err
	}
	cv.buf = key
	id := cv.addrs.Intern(key)
	if id == 0 {
		return 0, errors.New("address interner returned 0")
	}
	return chain.AddrID(id), nil
}

// addressKey is the interned form of a script's addresses: the address,
// "multisig:" + addresses joined by ",", or, without any, bitcoin-etl's
// "nonstandard" + the first 40 hex digits of SHA-256 of the script.
func addressKey(list []string, scriptHex string, buf []byte) ([]byte, error) {
	if len(list) == 0 {
		script, err := hex.DecodeString(scriptHex)
		if err != nil {
			return nil, fmt.Errorf("script hex: %v", err)
		}
		sum := sha256.Sum256(script)
		buf = append(buf, "nonstandard"...)
		return hex.AppendEncode(buf, sum[:20]), nil
	}
	if len(list) > 1 {
		buf = append(buf, btcetl.MultisigPrefix...)
	}
	for i, a := range list {
		if err := chain.CheckUTXOAddress([]byte(a)); err != nil || strings.HasPrefix(a, btcetl.MultisigPrefix) {
			return nil, fmt.Errorf("address %q: not a valid address", a)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, a...)
	}
	return buf, nil
}
