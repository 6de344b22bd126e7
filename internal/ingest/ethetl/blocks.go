package ethetl

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// blocksFile reads blocks.csv: headers and withdrawals.
func (p *parser) blocksFile(t *table) error {
	return t.each(p.blockRow)
}

func (p *parser) blockRow(t *table) error {
	num, slot, err := p.blockNum(t, bkNumber)
	if err != nil {
		return err
	}
	h, err := parseHash(t.get(bkHash))
	if err != nil {
		return t.bad(bkHash, err)
	}
	ts, err := parseUint(t.get(bkTimestamp))
	if err == nil && ts > 1<<62 {
		err = errTooLarge
	}
	if err != nil {
		return t.bad(bkTimestamp, err)
	}
	b := &p.blocks[slot]
	if b.header {
		return t.badf("duplicate block %d", num)
	}
	b.header, b.timed = true, true
	b.b.Header.Hash, b.b.Header.Time = h, int64(ts)
	ws, err := parseWithdrawals(t.get(bkWithdrawals))
	if err != nil {
		return t.bad(bkWithdrawals, err)
	}
	for i, w := range ws {
		if w.amount.IsZero() || !p.opts.Issuance {
			continue
		}
		a := w.addr
		p.addTransfer(&chain.AccountTransfer{
			Block: num, TxIndex: chain.NoTx, Pos: uint32(i), Kind: chain.KindWithdrawal,
			From: chain.NoAddr, To: chain.AddrID(p.addrs.id(&a)), Amount: w.amount,
		}, slot)
	}
	return nil
}

// withdrawal is one parsed beacon-chain withdrawal (amount in wei).
type withdrawal struct {
	addr   chain.EVMAddress
	amount chain.U256
}

// parseWithdrawals parses the withdrawals column: JSON objects with address
// and amount (Gwei), written by ethereum-etl either as a JSON list or as
// objects joined by commas without brackets.
func parseWithdrawals(s []byte) ([]withdrawal, error) {
	s = bytes.TrimSpace(s)
	if len(s) == 0 || string(s) == "[]" {
		return nil, nil
	}
	if s[0] != '[' {
		s = append(append([]byte{'['}, s...), ']')
	}
	var raw []struct {
		Address string          `json:"address"`
		Amount  json.RawMessage `json:"amount"`
	}
	if err := json.Unmarshal(s, &raw); err != nil {
		return nil, fmt.Errorf("not a list of withdrawals: %v", err)
	}
	out := make([]withdrawal, len(raw))
	for i, r := range raw {
		a, err := parseAddr([]byte(r.Address))
		if err != nil {
			return nil, fmt.Errorf("withdrawal %d: address: %w", i, err)
		}
		g, err := parseJSONAmount(r.Amount)
		if err != nil {
			return nil, fmt.Errorf("withdrawal %d: amount: %w", i, err)
		}
		wei, err := mulGwei(g)
		if err != nil {
			return nil, fmt.Errorf("withdrawal %d: amount: %w", i, err)
		}
		out[i] = withdrawal{a, wei}
	}
	return out, nil
}

// parseJSONAmount reads a JSON integer, or a string holding a decimal or
// 0x-hex integer.
func parseJSONAmount(m json.RawMessage) (chain.U256, error) {
	if len(m) == 0 || string(m) == "null" {
		return chain.U256{}, errEmpty
	}
	if m[0] == '"' {
		var s string
		if err := json.Unmarshal(m, &s); err != nil {
			return chain.U256{}, err
		}
		if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
			return chain.ParseHexWord([]byte(s))
		}
		m = []byte(s)
	}
	u, err := chain.ParseDecimal(m)
	if err != nil {
		return u, fmt.Errorf("%.40q: %w", m, err)
	}
	return u, nil
}
