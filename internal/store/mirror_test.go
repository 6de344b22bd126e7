package store

import (
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestMirrorEncoding: a KindTx transfer equal to its transaction is
// stored as a flag; one that differs, and every other kind, keeps its
// columns. Both decoders give back the block exactly, the record is
// smaller, and a record of the first layout (no flags) still decodes.
func TestMirrorEncoding(t *testing.T) {
	b := sampleAccountBlock(9, 12)
	b.Transfers = append(b.Transfers,
		chain.AccountTransfer{Block: 9, TxIndex: 4, Pos: 2, Kind: chain.KindTx, From: 7, To: 8, Amount: chain.U64(3)},         // differs from tx 4
		chain.AccountTransfer{Block: 9, TxIndex: 40, Pos: 0, Kind: chain.KindTx, From: 1, To: 2, Amount: chain.U64(1)},        // no such tx
		chain.AccountTransfer{Block: 9, TxIndex: 5, Pos: 3, Kind: chain.KindInternal, From: 1, To: 2, Amount: b.Txs[5].Value}, // not a KindTx
	)
	rec := encodeAccount(&b, nil)
	got, err := decodeAccount(9, rec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Transfers, b.Transfers) || !reflect.DeepEqual(got.Txs, b.Txs) {
		t.Fatalf("round trip differs:\n%+v\n%+v", got.Transfers, b.Transfers)
	}
	moves, _, err := decodeMoves(9, rec, nil, nil)
	if err != nil || !reflect.DeepEqual(moves, b.Transfers) {
		t.Fatalf("decodeMoves: %v\n%+v", err, moves)
	}
	mirrored := 0
	for i := range b.Transfers {
		if mirrors(&b.Transfers[i], b.Txs) {
			mirrored++
		}
	}
	if mirrored != 11 { // the KindTx move of every transaction but the failed one
		t.Errorf("%d transfers mirrored, want 11", mirrored)
	}

	// The first layout: the same columns without flags, kind byte 1.
	plain := b
	plain.Transfers = append([]chain.AccountTransfer(nil), b.Transfers...)
	for i := range plain.Transfers {
		if plain.Transfers[i].Kind == chain.KindTx {
			plain.Transfers[i].Asset = chain.AssetID(1 << 20) // defeats mirroring in the encoder
		}
	}
	v1 := encodeAccount(&plain, nil)
	v1[0] = recAccountV1
	old, err := decodeAccount(9, v1)
	if err != nil || !reflect.DeepEqual(old.Transfers, plain.Transfers) {
		t.Fatalf("first-layout record: %v", err)
	}
	if len(rec) >= len(v1) {
		t.Errorf("mirrored record %d bytes, not smaller than %d", len(rec), len(v1))
	}
}

// TestMirrorCorrupt: a mirror flag on a move that cannot mirror (not a
// KindTx, or no such transaction) is a corrupt record, not a panic.
func TestMirrorCorrupt(t *testing.T) {
	b := chain.AccountBlock{Header: chain.BlockHeader{Number: 3},
		Txs:       []chain.AccountTx{{Block: 3, Index: 0, From: 1, To: 2, Value: chain.U64(5)}},
		Transfers: []chain.AccountTransfer{{Block: 3, TxIndex: 0, Kind: chain.KindTx, From: 1, To: 2, Amount: chain.U64(5)}}}
	rec := encodeAccount(&b, nil)
	kind := -1
	for i := range rec {
		if rec[i] == byte(chain.KindTx)|kindMirror {
			kind = i
		}
	}
	if kind < 0 {
		t.Fatal("no mirrored kind byte in the record")
	}
	for _, bad := range []byte{byte(chain.KindToken) | kindMirror} {
		mut := append([]byte(nil), rec...)
		mut[kind] = bad
		if _, err := decodeAccount(3, mut); err == nil {
			t.Errorf("kind byte %#x decoded", bad)
		}
	}
	b.Transfers[0].TxIndex = 0
	b.Txs[0].Index = 0
	noTx := encodeAccount(&chain.AccountBlock{Header: b.Header, Transfers: b.Transfers}, nil)
	if _, err := decodeAccount(3, noTx); err != nil {
		t.Errorf("a KindTx move without its transaction must be stored plainly: %v", err)
	}
}
