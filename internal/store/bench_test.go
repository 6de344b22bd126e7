package store

import (
	"math/rand/v2"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// synthBlocks makes n token and native transfers in blocks of perBlock,
// over nAddr addresses with a skewed (hot wallets) distribution and wei
// amounts of realistic shape (many round, some not).
func synthBlocks(n, perBlock, nAddr int, seed uint64) []chain.AccountBlock {
	r := rand.New(rand.NewPCG(seed, 7))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(nAddr-1))
	var blocks []chain.AccountBlock
	for done := 0; done < n; {
		num := uint64(len(blocks) + 1)
		b := chain.AccountBlock{Header: chain.BlockHeader{Number: num, Hash: hashOf(int(num)), Time: int64(1.6e9) + int64(num)*12},
			Parts: chain.PartTxs | chain.PartTxNative | chain.PartTokens | chain.PartHeader}
		for i := 0; i < perBlock && done < n; i++ {
			from, to := chain.AddrID(1+zipf.Uint64()), chain.AddrID(1+r.IntN(nAddr))
			amt := chain.U64(r.Uint64N(1000) * 1e15)
			if r.IntN(3) == 0 {
				amt = chain.U64(r.Uint64() >> 4)
			}
			b.Txs = append(b.Txs, chain.AccountTx{Block: num, Index: uint32(i), Hash: hashOf(int(num)<<10 | i), From: from, To: to, Value: amt})
			kind, asset := chain.KindTx, chain.AssetID(0)
			if i%2 == 1 {
				kind, asset = chain.KindToken, chain.AssetID(1+r.IntN(20))
			}
			b.Transfers = append(b.Transfers, chain.AccountTransfer{Block: num, TxIndex: uint32(i), Kind: kind, From: from, To: to, Asset: asset, Amount: amt})
			done++
		}
		blocks = append(blocks, b)
	}
	return blocks
}

func prepDicts(b *testing.B, s *Store, nAddr int) (*Dict, *Dict) {
	addrs, _ := s.Addresses(eth)
	tokens, _ := s.Tokens(eth)
	for i := 1; i <= nAddr; i++ {
		var a [20]byte
		a[16], a[17], a[18], a[19] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		addrs.Intern(a[:])
	}
	for i := 1; i <= 20; i++ {
		tokens.Intern([]byte{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
	}
	return addrs, tokens
}

// BenchmarkCommitAccount measures committing parsed blocks (1M transfers)
// and reports transfers/s and on-disk bytes per transfer after compaction,
// with and without the tx-hash index (32-byte hashes are excluded from the
// bytes-per-transfer goal).
func BenchmarkCommitAccount(b *testing.B) {
	const n, nAddr = 1 << 20, 200000
	blocks := synthBlocks(n, 200, nAddr, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		addrs, tokens := prepDicts(b, s, nAddr)
		b.StartTimer()
		if _, err := s.CommitAccount(eth, addrs, tokens, blocks, &CommitOptions{NoSync: true}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if i == 0 {
			reportSize(b, s, n)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "transfers/s")
}

func reportSize(b *testing.B, s *Store, n int) {
	if err := s.Compact(); err != nil {
		b.Fatal(err)
	}
	for _, u := range s.Usage() {
		b.ReportMetric(float64(u.Bytes)/float64(n), u.Name+"-B/transfer")
	}
}
