package ethetl

import (
	"errors"

	"github.com/vigil-project/vigil/internal/chain"
)

var errStatus = errors.New("must be 0, 1 or empty")

// parseStatus reads a receipt status: known reports whether it was given.
func parseStatus(s []byte) (failed, known bool, err error) {
	switch string(s) {
	case "":
		return false, false, nil
	case "1":
		return false, true, nil
	case "0":
		return true, true, nil
	}
	return false, false, errStatus
}

// transactions reads transactions.csv: every row is a transaction. A
// large plain file is parsed on all cores (txs_merge.go).
func (p *parser) transactions(t *table) error {
	if done, err := p.transactionsParallel(t); done || err != nil {
		return err
	}
	return t.each(p.txRow)
}

func (p *parser) txRow(t *table) error {
	h, err := parseHash(t.get(txHash))
	if err != nil {
		return t.bad(txHash, err)
	}
	num, slot, err := p.blockNum(t, txBlock)
	if err != nil {
		return err
	}
	idx, err := parseUint32(t.get(txIndex))
	if err != nil {
		return t.bad(txIndex, err)
	}
	from, err := p.field(t, txFrom, false)
	if err != nil {
		return err
	}
	to, err := p.field(t, txTo, true)
	if err != nil {
		return err
	}
	val, err := parseAmount(t.get(txValue))
	if err != nil {
		return t.bad(txValue, err)
	}
	failed, known, err := parseStatus(t.get(txReceiptStatus))
	if err != nil {
		return t.bad(txReceiptStatus, err)
	}
	if pos, dup := p.hashPos(&h); dup {
		return t.badf("duplicate transaction %s (first at line %d)", hashStr(h), p.txLine[pos])
	}
	if err := p.txTime(t, slot); err != nil {
		return err
	}
	var flags uint8
	if known {
		flags |= txStatus
	}
	if to == chain.NoAddr {
		flags |= txCreate
	}
	tx := chain.AccountTx{Block: num, Index: idx, Hash: h, From: from, To: to, Value: val, Failed: failed}
	pos := p.addTx(tx, slot, t.line(), flags)
	p.blocks[slot].txRows++
	if to == chain.NoAddr {
		c, err := p.field(t, txReceiptContract, true)
		if err != nil {
			return err
		}
		if c != chain.NoAddr {
			p.creates[pos] = c
		}
	}
	return nil
}

// txTime takes the block time from block_timestamp when blocks.csv has not
// given it.
func (p *parser) txTime(t *table, slot int32) error {
	b := &p.blocks[slot]
	s := t.get(txTimestamp)
	if b.timed || len(s) == 0 {
		return nil
	}
	ts, err := parseUint(s)
	if err != nil || ts > 1<<62 {
		if err == nil {
			err = errTooLarge
		}
		return t.bad(txTimestamp, err)
	}
	b.b.Header.Time, b.timed = int64(ts), true
	return nil
}

// receipts reads receipts.csv: status and created contract by tx hash. A
// large plain file is parsed on all cores when transactions.csv exists
// (txs_receipts.go).
func (p *parser) receipts(t *table) error {
	if done, err := p.receiptsParallel(t); done || err != nil {
		return err
	}
	return t.each(p.receiptRow)
}

func (p *parser) receiptRow(t *table) error {
	h, err := parseHash(t.get(rcHash))
	if err != nil {
		return t.bad(rcHash, err)
	}
	num, slot, err := p.blockNum(t, rcBlock)
	if err != nil {
		return err
	}
	idx, err := parseUint32(t.get(rcIndex))
	if err != nil {
		return t.bad(rcIndex, err)
	}
	failed, known, err := parseStatus(t.get(rcStatus))
	if err != nil {
		return t.bad(rcStatus, err)
	}
	contract, err := p.field(t, rcContract, true)
	if err != nil {
		return err
	}
	pos, found := p.hashPos(&h)
	if !found {
		if p.haveTxs {
			return p.errNotInTxs(t, "transaction "+hashStr(h))
		}
		var flags uint8
		if known {
			flags |= txStatus
		}
		pos = p.addTx(chain.AccountTx{Block: num, Index: idx, Hash: h, Failed: failed}, slot, t.line(), flags|fileReceipts<<txFileShift)
	} else if err := p.checkTx(t, pos, slot, idx, true); err != nil {
		return err
	}
	p.applyReceipt(pos, failed, known, contract)
	return nil
}
