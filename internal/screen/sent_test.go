package screen_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/store"
)

// move is one value move of a hand-built chain: in block blk, transaction
// tx, from address number from to address number to, of token tok (0 =
// eth), amount amt.
type move struct {
	blk      uint64
	tx       uint32
	from, to int
	tok      int
	amt      uint64
}

func numAddr(i int) string { return fmt.Sprintf("0x%040x", i) }

// TestSentShareAcrossSwaps screens address 1 on hand-built chains where
// what it sent reaches sanctioned address S (10) through swaps (pools 7
// and 8, labeled dex; 9 an exchange). The sent entry is in the address's
// own asset (eth), amount = the eth of its own the value reaching S
// accounts for, total = all the eth it sent: an exact share.
func TestSentShareAcrossSwaps(t *testing.T) {
	cases := []struct {
		name  string
		moves []move
		want  string // asset amount/total share
	}{
		{
			// 10 eth → A (2) → swapped to 20,000 tokens → S: all 10.
			name:  "swap",
			moves: []move{{1, 0, 1, 2, 0, 10}, {2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 20000}, {3, 0, 2, 10, 1, 20000}},
			want:  "eth 10/10 1.0000",
		},
		{
			// A holds 5 clean eth, gets 10: B=15, T=10. It swaps 6 eth
			// (taint ⌊6·10/15⌋ = 4, own 4) for 12,000 tokens (taint 8000,
			// own 4) and sends 9000 to S: taint ⌊9000·8000/12000⌋ = 6000,
			// own ⌊4·6000/8000⌋ = 3 eth. Its other 9 eth (own 6) go to the
			// exchange (not risky). Sent share to S: 3/10.
			name: "partial swap",
			moves: []move{{1, 0, 9, 2, 0, 5}, {1, 1, 1, 2, 0, 10}, {2, 0, 2, 7, 0, 6}, {2, 0, 7, 2, 1, 12000},
				{3, 0, 2, 10, 1, 9000}, {4, 0, 2, 9, 0, 9}},
			want: "eth 3/10 0.3000",
		},
		{
			// Two swaps: A swaps the 10 eth for 100 of token 1 (own 10),
			// sends them to B (3), which holds 100 clean ones (T=100 of
			// 200). B swaps 50: taint ⌊50·100/200⌋ = 25, own ⌊10·25/100⌋ =
			// 2; the 300 of token 2 it gets (taint 150, own 2) go to S.
			name: "two swaps",
			moves: []move{{1, 0, 1, 2, 0, 10}, {1, 1, 4, 3, 1, 100}, {2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 100},
				{3, 0, 2, 3, 1, 100}, {4, 0, 3, 8, 1, 50}, {4, 0, 8, 3, 2, 300}, {5, 0, 3, 10, 2, 300}},
			want: "eth 2/10 0.2000",
		},
		{
			// Mixed: 4 eth straight to S; 6 eth to A, which swaps 3 of
			// them (own 3) for 6000 tokens and sends them to S, and sends
			// its other 3 eth (own 3) to the exchange. S: 4 + 3 = 7 of 10,
			// one entry in eth (before own amounts: eth 0.4000 and a
			// token entry capped at 1.0000).
			name: "mixed",
			moves: []move{{1, 0, 1, 10, 0, 4}, {1, 1, 1, 2, 0, 6}, {2, 0, 2, 7, 0, 3}, {2, 0, 7, 2, 1, 6000},
				{3, 0, 2, 10, 1, 6000}, {4, 0, 2, 9, 0, 3}},
			want: "eth 7/10 0.7000",
		},
		{
			// A swap into two assets at once is not converted back: the
			// 100 tokens reaching S count in tokens, which the address
			// never sent (total 0): the one case still capped at 1.
			name: "two assets back",
			moves: []move{{1, 0, 1, 2, 0, 10}, {2, 0, 2, 7, 0, 10}, {2, 0, 7, 2, 1, 100}, {2, 0, 7, 2, 2, 50},
				{3, 0, 2, 10, 1, 100}},
			want: "tok1 100/0 1.0000",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := screenHand(t, c.moves)
			var got []string
			for _, x := range r.Indirect {
				if x.Direction == "sent" {
					got = append(got, fmt.Sprintf("%s %s/%s %s", shortAsset(x.Asset), x.Amount, x.Total, x.Share))
					if x.Entity != "S" || x.Category != "sanctioned" {
						t.Errorf("entry %+v", x)
					}
				}
			}
			if strings.Join(got, "|") != c.want || r.Risk != screen.High {
				t.Errorf("sent %q (risk %s), want %q (high)", got, r.Risk, c.want)
			}
		})
	}
}

// screenHand commits moves to a new store and screens address 1.
func screenHand(t *testing.T, moves []move) screen.Result {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	commitMoves(t, st, moves)
	lab := func(a int, entity string, c intel.Category) intel.Label {
		return intel.Label{Chain: "eth", Address: numAddr(a), Entity: entity, Category: c, Source: "test", Importer: "csv", Confidence: 90}
	}
	labels := intel.NewIndex([]intel.Label{lab(7, "Pool", intel.DEX), lab(8, "Pool2", intel.DEX),
		lab(9, "Ex", intel.Exchange), lab(10, "S", intel.Sanctioned)})
	s := screen.New(st, labels, nil)
	defer s.Close()
	r, err := s.Screen(eth, numAddr(1), screen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// commitMoves writes moves as blocks (one transaction per (blk, tx)).
func commitMoves(t *testing.T, st *store.Store, moves []move) {
	t.Helper()
	addrs, _ := st.Addresses(eth)
	tokens, _ := st.Tokens(eth)
	id := func(i int) chain.AddrID {
		key, _ := store.AddressKey(eth, numAddr(i))
		return chain.AddrID(addrs.Intern(key))
	}
	var blocks []chain.AccountBlock
	for _, m := range moves {
		if n := len(blocks); n == 0 || blocks[n-1].Header.Number != m.blk {
			blocks = append(blocks, chain.AccountBlock{Header: chain.BlockHeader{Number: m.blk, Time: 1700000000 + int64(m.blk)},
				Parts: chain.PartTxs | chain.PartTraceNative | chain.PartTokens})
		}
		b := &blocks[len(blocks)-1]
		if n := len(b.Txs); n == 0 || b.Txs[n-1].Index != m.tx {
			h := chain.Hash{byte(m.blk), byte(m.tx), 31: 0x55}
			b.Txs = append(b.Txs, chain.AccountTx{Block: m.blk, Index: m.tx, Hash: h, From: id(m.from), To: id(m.to)})
			b.TxCount++
		}
		tr := chain.AccountTransfer{Block: m.blk, TxIndex: m.tx, Kind: chain.KindInternal, From: id(m.from), To: id(m.to),
			Amount: chain.U64(m.amt), Pos: uint32(len(b.Transfers))}
		if m.tok != 0 {
			key, _ := store.AddressKey(eth, fmt.Sprintf("0xee%038x", m.tok))
			tr.Kind, tr.Asset = chain.KindToken, chain.AssetID(tokens.Intern(key))
		}
		b.Transfers = append(b.Transfers, tr)
	}
	if _, err := st.CommitAccount(eth, addrs, tokens, blocks, nil); err != nil {
		t.Fatal(err)
	}
}

func shortAsset(s string) string {
	if s == "eth" {
		return s
	}
	return "tok" + strings.TrimLeft(s[len("eth:0xee"):], "0")
}
