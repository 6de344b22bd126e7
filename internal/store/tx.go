package store

import (
	"encoding/binary"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
)

// TxView is one transaction as stored, with addresses resolved to strings.
type TxView struct {
	Hash     chain.Hash
	Block    uint64
	Index    uint32
	Time     int64
	Failed   bool
	From, To string       // account chains
	Value    chain.U256   // account chains: the tx's value field
	Moves    []MoveView   // account chains: the value moves it made
	Coinbase bool         // UTXO chains
	Inputs   []InputView  // UTXO chains
	Outputs  []OutputView // UTXO chains
}

// MoveView is one account-chain value move.
type MoveView struct {
	Kind     chain.TransferKind
	From, To string
	Asset    string
	Amount   chain.U256
}

// InputView is one UTXO input.
type InputView struct {
	SpentTx chain.Hash
	Vout    uint32
	Address string
	Value   uint64
}

// OutputView is one UTXO output.
type OutputView struct {
	Index   uint32
	Address string
	Value   uint64
}

// Tx returns the transaction with hash h, or ErrNotFound.
func (s *Store) Tx(c chain.Info, h chain.Hash) (TxView, error) {
	v, ok, err := s.get(keyTx(c.ID, h))
	if err != nil {
		return TxView{}, err
	}
	if !ok {
		return TxView{}, ErrNotFound
	}
	blk, k := binary.Uvarint(v)
	pos, k2 := binary.Uvarint(v[max(k, 0):])
	if k <= 0 || k2 <= 0 {
		return TxView{}, errCorrupt
	}
	rec, ok, err := s.get(keyBlock(c.ID, blk))
	if err != nil {
		return TxView{}, err
	}
	if !ok {
		return TxView{}, errCorrupt
	}
	addrs, err := s.Addresses(c)
	if err != nil {
		return TxView{}, err
	}
	if c.Kind == chain.Account {
		return s.accountTx(c, addrs, blk, int(pos), rec)
	}
	return s.utxoTx(c, addrs, blk, int(pos), rec)
}

func name(c chain.Info, d *Dict, id chain.AddrID) (string, error) {
	if id == chain.NoAddr {
		return "", nil
	}
	k, err := d.Key(uint32(id))
	if err != nil {
		return "", err
	}
	return displayAddr(c, k), nil
}

func (s *Store) accountTx(c chain.Info, addrs *Dict, blk uint64, pos int, rec []byte) (TxView, error) {
	b, err := decodeAccount(blk, rec)
	if err != nil || pos >= len(b.Txs) {
		return TxView{}, errCorrupt
	}
	tokens, err := s.Tokens(c)
	if err != nil {
		return TxView{}, err
	}
	tx := b.Txs[pos]
	v := TxView{Hash: tx.Hash, Block: blk, Index: tx.Index, Time: b.Header.Time, Failed: tx.Failed, Value: tx.Value}
	if v.From, err = name(c, addrs, tx.From); err != nil {
		return v, err
	}
	if v.To, err = name(c, addrs, tx.To); err != nil {
		return v, err
	}
	for _, t := range b.Transfers {
		if t.TxIndex != tx.Index {
			continue
		}
		m := MoveView{Kind: t.Kind, Amount: t.Amount}
		if m.From, err = name(c, addrs, t.From); err != nil {
			return v, err
		}
		if m.To, err = name(c, addrs, t.To); err != nil {
			return v, err
		}
		if m.Asset, err = assetName(c, tokens, uint32(t.Asset)); err != nil {
			return v, err
		}
		v.Moves = append(v.Moves, m)
	}
	return v, nil
}

func (s *Store) utxoTx(c chain.Info, addrs *Dict, blk uint64, pos int, rec []byte) (TxView, error) {
	b, err := decodeUTXO(blk, rec)
	if err != nil || pos >= len(b.Txs) {
		return TxView{}, errCorrupt
	}
	tx := b.Txs[pos]
	v := TxView{Hash: tx.Hash, Block: blk, Index: tx.Index, Time: b.Header.Time, Coinbase: tx.Coinbase}
	r := &resolver{s: s, c: c, decoded: map[uint64]*utxoBlock{blk: &b}}
	for j, in := range tx.Inputs {
		ref := b.refs[pos][j]
		iv := InputView{SpentTx: ref.Hash, Vout: ref.Vout, Value: in.Value}
		if !ref.External {
			sb, err := r.block(ref.Block)
			if err != nil {
				return v, err
			}
			i := sort.Search(len(sb.Txs), func(i int) bool { return sb.Txs[i].Index >= ref.TxIndex })
			if i == len(sb.Txs) {
				return v, errCorrupt
			}
			iv.SpentTx = sb.Txs[i].Hash
		}
		if iv.Address, err = name(c, addrs, in.Addr); err != nil {
			return v, err
		}
		v.Inputs = append(v.Inputs, iv)
	}
	for _, o := range tx.Outputs {
		ov := OutputView{Index: o.Index, Value: o.Value}
		if ov.Address, err = name(c, addrs, o.Addr); err != nil {
			return v, err
		}
		v.Outputs = append(v.Outputs, ov)
	}
	return v, nil
}
