package ethetl

import (
	"bytes"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// transferTopic is topic0 of the ERC-20 (and ERC-721) Transfer event.
const transferTopic = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

// minTokenRow is about the shortest token_transfers.csv row in bytes
// (three addresses and a hash take 192).
const minTokenRow = 200

// tokenTransfers reads token_transfers.csv. This is the hot loop of a
// typical ingest: no allocation per row, hashes parsed once per
// transaction, addresses through the ID caches.
func (p *parser) tokenTransfers(t *table) error {
	cache := txCache{n: -1}
	if t.gz == nil { // reserve for the rows the file size suggests
		n := int(min(t.size/minTokenRow, 1<<28))
		p.tr = slices.Grow(p.tr, n)
		p.trSlot = slices.Grow(p.trSlot, n)
	}
	for {
		ok, err := t.next()
		if !ok {
			return err
		}
		num, slot, err := p.blockNum(t, ttBlock)
		if err != nil {
			return err
		}
		hs := t.get(ttTxHash)
		txi, pos, hit := cache.get(slot, hs, nil)
		if !hit {
			if txi, pos, err = p.tokenTx(t, slot, ttTxHash); err != nil {
				return err
			}
			cache.set(slot, hs, nil, txi, pos)
		}
		tr := chain.AccountTransfer{Block: num, TxIndex: txi, Kind: chain.KindToken}
		if err := p.tokenFields(t, &tr); err != nil {
			return err
		}
		if pos >= 0 && p.txs[pos].Failed {
			continue // a failed transaction moves nothing
		}
		p.addTransfer(&tr, slot)
	}
}

// tokenFields parses token, from, to, value and log index into tr.
func (p *parser) tokenFields(t *table, tr *chain.AccountTransfer) error {
	tok, err := parseAddr(t.get(ttToken))
	if err != nil {
		return t.bad(ttToken, err)
	}
	tr.Asset = chain.AssetID(p.tokens.id(&tok))
	if tr.From, err = p.field(t, ttFrom, false); err != nil {
		return err
	}
	if tr.To, err = p.field(t, ttTo, false); err != nil {
		return err
	}
	if tr.Amount, err = parseAmount(t.get(ttValue)); err != nil {
		return t.bad(ttValue, err)
	}
	if tr.Pos, err = parseUint32(t.get(ttLogIndex)); err != nil {
		return t.bad(ttLogIndex, err)
	}
	return nil
}

// logs reads logs.csv (used only without token_transfers.csv) and derives
// ERC-20 Transfers: topic0 Transfer, exactly 3 topics (ERC-721 has 4), and
// data one 32-byte word, the amount. Addresses are the low 20 bytes of the
// topics, as ethereum-etl's extractor takes them.
func (p *parser) logs(t *table) error {
	cache := txCache{n: -1}
	for {
		ok, err := t.next()
		if !ok {
			return err
		}
		num, slot, err := p.blockNum(t, lgBlock)
		if err != nil {
			return err
		}
		hs, is := t.get(lgTxHash), t.get(lgTxIndex)
		txi, pos, hit := cache.get(slot, hs, is)
		if !hit {
			if txi, pos, err = p.findTx(t, slot, lgTxHash, lgTxIndex); err != nil {
				return err
			}
			cache.set(slot, hs, is, txi, pos)
		}
		tr := chain.AccountTransfer{Block: num, TxIndex: txi, Kind: chain.KindToken}
		isTransfer, err := p.logFields(t, &tr)
		if err != nil {
			return err
		}
		if !isTransfer || (pos >= 0 && p.txs[pos].Failed) {
			continue
		}
		p.addTransfer(&tr, slot)
	}
}

// logFields validates a log row and, when it is an ERC-20 Transfer, fills
// tr from it.
func (p *parser) logFields(t *table, tr *chain.AccountTransfer) (bool, error) {
	var err error
	if tr.Pos, err = parseUint32(t.get(lgLogIndex)); err != nil {
		return false, t.bad(lgLogIndex, err)
	}
	tok, err := parseAddr(t.get(lgAddress))
	if err != nil {
		return false, t.bad(lgAddress, err)
	}
	var topics [3][32]byte
	n, err := parseTopics(t.get(lgTopics), &topics)
	if err != nil {
		return false, t.bad(lgTopics, err)
	}
	data := strip0x(t.get(lgData))
	if len(data)%2 != 0 || !validHex(data) {
		return false, t.bad(lgData, errHex)
	}
	if n != 3 || len(data) != 64 || !bytes.Equal(topics[0][:], transferSig[:]) {
		return false, nil
	}
	var word [32]byte
	decodeHex(word[:], data)
	tr.Asset = chain.AssetID(p.tokens.id(&tok))
	tr.From = p.wordAddr(&topics[1])
	tr.To = p.wordAddr(&topics[2])
	tr.Amount = wordU256(&word)
	return true, nil
}

// transferSig is transferTopic decoded.
var transferSig = func() (b [32]byte) {
	decodeHex(b[:], []byte(transferTopic))
	return b
}()

// parseTopics decodes up to 3 comma-separated topics into dst and returns
// how many there are (it validates all of them).
func parseTopics(s []byte, dst *[3][32]byte) (int, error) {
	if len(s) == 0 {
		return 0, nil
	}
	n := 0
	for len(s) > 0 || n == 0 {
		j := bytes.IndexByte(s, ',')
		var tp []byte
		if j < 0 {
			tp, s = s, nil
		} else {
			tp, s = s[:j], s[j+1:]
		}
		h, err := parseHash(bytes.TrimSpace(tp))
		if err != nil {
			return 0, err
		}
		if n < 3 {
			dst[n] = h
		}
		n++
		if j >= 0 && len(s) == 0 {
			return 0, errEmpty
		}
	}
	return n, nil
}

func validHex(s []byte) bool {
	for _, c := range s {
		if unhex[c] > 15 {
			return false
		}
	}
	return true
}

// wordAddr interns the low 20 bytes of a 32-byte word.
func (p *parser) wordAddr(w *[32]byte) chain.AddrID {
	var a chain.EVMAddress
	copy(a[:], w[12:])
	return chain.AddrID(p.addrs.id(&a))
}

// wordU256 converts a big-endian 32-byte word.
func wordU256(w *[32]byte) chain.U256 {
	var u chain.U256
	for i := 0; i < 4; i++ {
		for _, b := range w[24-8*i : 32-8*i] {
			u[i] = u[i]<<8 | uint64(b)
		}
	}
	return u
}
