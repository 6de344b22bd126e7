package graph

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"unsafe"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

var btc, _ = chain.Lookup("btc")

func utxoHash(i int) chain.Hash {
	var h chain.Hash
	h[0], h[1], h[31] = byte(i), byte(i>>8), 0xbb
	return h
}

// tinyUTXO: block 1 mints 50 to A; block 2 mints 50 to B and spends A's
// coin to C 30 + A 19; block 3 mints 50 to C and spends C 30, A 19 and an
// external 5 to D 40 + E 13.
func tinyUTXO(d *store.Dict) []chain.UTXOBlock {
	id := func(s string) chain.AddrID { return chain.AddrID(d.Intern([]byte(s))) }
	a, b, c, dd, e := id("1Aaa"), id("1Bbb"), id("1Ccc"), id("1Ddd"), id("1Eee")
	in := func(tx, vout int) chain.UTXOInput {
		return chain.UTXOInput{SpentTx: utxoHash(tx), SpentIndex: uint32(vout)}
	}
	out := func(i int, to chain.AddrID, v uint64) chain.UTXOOutput {
		return chain.UTXOOutput{Index: uint32(i), Addr: to, Value: v}
	}
	ext := chain.UTXOInput{SpentTx: utxoHash(999), Addr: e, Value: 5, HasValue: true}
	return []chain.UTXOBlock{
		{Header: chain.BlockHeader{Number: 1}, Txs: []chain.UTXOTx{
			{Hash: utxoHash(1), Coinbase: true, Outputs: []chain.UTXOOutput{out(0, a, 50)}}}},
		{Header: chain.BlockHeader{Number: 2}, Txs: []chain.UTXOTx{
			{Hash: utxoHash(2), Coinbase: true, Outputs: []chain.UTXOOutput{out(0, b, 50)}},
			{Hash: utxoHash(3), Index: 1, Inputs: []chain.UTXOInput{in(1, 0)},
				Outputs: []chain.UTXOOutput{out(0, c, 30), out(1, a, 19)}}}},
		{Header: chain.BlockHeader{Number: 3}, Txs: []chain.UTXOTx{
			{Hash: utxoHash(4), Coinbase: true, Outputs: []chain.UTXOOutput{out(0, c, 50)}},
			{Hash: utxoHash(5), Index: 1, Inputs: []chain.UTXOInput{in(3, 0), in(3, 1), ext},
				Outputs: []chain.UTXOOutput{out(0, dd, 40), out(1, e, 13)}}}},
	}
}

func commitUTXO(t testing.TB, st *store.Store, blocks func(*store.Dict) []chain.UTXOBlock, lo, hi int) {
	t.Helper()
	d, err := st.Addresses(btc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CommitUTXO(btc, d, blocks(d)[lo:hi], nil); err != nil {
		t.Fatal(err)
	}
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openUTXO(t testing.TB, st *store.Store, built string) *UTXOIndex {
	t.Helper()
	x, err := OpenUTXO(st, btc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if x.Built != built {
		t.Errorf("built %q, want %q", x.Built, built)
	}
	return x
}

// checkTiny checks every column of the tiny chain through the index API.
func checkTiny(t *testing.T, x *UTXOIndex) {
	t.Helper()
	if x.Txs != 5 || x.Outs != 7 || x.Ins != 4 {
		t.Fatalf("totals %d txs %d outs %d ins", x.Txs, x.Outs, x.Ins)
	}
	wantLoc := [][2]uint64{{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}}
	for tx, w := range wantLoc {
		b, p, ok := x.TxLoc(uint32(tx))
		if !ok || b != w[0] || uint64(p) != w[1] {
			t.Errorf("tx %d at %d/%d, want %v", tx, b, p, w)
		}
	}
	wantOut := []struct {
		addr  uint32
		value uint64
		spent uint32
	}{{1, 50, 2}, {2, 50, NoRow}, {3, 30, 4}, {1, 19, 4}, {3, 50, NoRow}, {4, 40, NoRow}, {5, 13, NoRow}}
	for o, w := range wantOut {
		a, v, ok := x.Output(uint32(o))
		if !ok || a != w.addr || v != w.value || x.SpentBy(uint32(o)) != w.spent {
			t.Errorf("output %d: %d %d %d, want %+v", o, a, v, x.SpentBy(uint32(o)), w)
		}
	}
	if lo, hi := x.TxOutputs(4); lo != 5 || hi != 7 {
		t.Errorf("tx 4 outputs %d..%d", lo, hi)
	}
	var spends []uint32
	for _, s := range x.Segs {
		spends = append(spends, s.InSpends...)
	}
	if !reflect.DeepEqual(spends, []uint32{0, 2, 3, NoRow}) {
		t.Errorf("inputs spend %v", spends)
	}
	if got := x.Outputs(1, nil); !reflect.DeepEqual(got, []uint32{0, 3}) {
		t.Errorf("outputs of A %v", got)
	}
	if got := x.Outputs(3, nil); !reflect.DeepEqual(got, []uint32{2, 4}) {
		t.Errorf("outputs of C %v", got)
	}
	if got := x.Outputs(99, nil); len(got) != 0 || x.SpentBy(99) != NoRow {
		t.Errorf("unknown address or row answered %v", got)
	}
}

func TestUTXOBuild(t *testing.T) {
	st := openStore(t)
	commitUTXO(t, st, tinyUTXO, 0, 3)
	seg, err := BuildUTXO(st, btc, nil, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if seg.First != 1 || seg.Last != 3 || seg.NAddr != 6 || len(seg.OutVout) != 0 || len(seg.CrossOut) != 0 {
		t.Fatalf("segment %d..%d naddr %d vout %v cross %v", seg.First, seg.Last, seg.NAddr, seg.OutVout, seg.CrossOut)
	}
	if err := seg.check(); err != nil {
		t.Fatal(err)
	}
	x := &UTXOIndex{Chain: btc}
	x.add(seg)
	checkTiny(t, x)
}

// TestUTXOPersist: a first open builds, a second maps the files, new
// blocks add a segment (spends across segments resolved), a re-ingest of
// an old block rebuilds every segment from there on, and a damaged file
// or manifest is rebuilt from the store.
func TestUTXOPersist(t *testing.T) {
	st := openStore(t)
	commitUTXO(t, st, tinyUTXO, 0, 2)
	x := openUTXO(t, st, "appended") // to nothing: like the account index
	if x.Txs != 3 || x.SpentBy(2) != NoRow {
		t.Fatalf("first two blocks: %d txs", x.Txs)
	}
	x.Close()
	commitUTXO(t, st, tinyUTXO, 2, 3)
	x = openUTXO(t, st, "appended")
	if len(x.Segs) != 2 || len(x.Segs[1].CrossOut) != 2 {
		t.Fatalf("%d segments", len(x.Segs))
	}
	checkTiny(t, x)
	x.Close()
	x = openUTXO(t, st, "fresh")
	checkTiny(t, x)
	x.Close()

	changed := func(d *store.Dict) []chain.UTXOBlock {
		b := tinyUTXO(d)
		b[1].Txs[1].Outputs[1].Value = 18 // fee 2
		return b
	}
	commitUTXO(t, st, changed, 1, 2)
	x = openUTXO(t, st, "rebuilt")
	if _, v, _ := x.Output(3); v != 18 || len(x.Segs) != 1 || x.SpentBy(3) != 4 {
		t.Fatalf("after re-ingest: value %d, %d segments", v, len(x.Segs))
	}
	x.Close()

	dir := filepath.Join(st.Dir(), "graph", "btc")
	m, err := readUTXOManifest(dir)
	if err != nil || len(m.Segments) != 1 {
		t.Fatalf("manifest %+v %v", m, err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "utxo-*")); len(files) != 1 {
		t.Errorf("files left: %v", files)
	}
	p := filepath.Join(dir, m.Segments[0].File)
	b, _ := os.ReadFile(p)
	b[12] ^= 0xff // the output count
	os.WriteFile(p, b, 0o644)
	x = openUTXO(t, st, "rebuilt") // a damaged file is rebuilt from the store
	if _, v, _ := x.Output(3); v != 18 || x.Txs != 5 {
		t.Fatalf("after rebuilding a damaged segment: %d txs", x.Txs)
	}
	x.Close()
	os.WriteFile(filepath.Join(dir, utxoManifestName), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(dir, "utxo-0-0-0.vgu"), []byte("stray"), 0o644)
	x = openUTXO(t, st, "rebuilt")
	if x.Txs != 5 {
		t.Fatalf("after rebuilding a damaged manifest: %d txs", x.Txs)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "utxo-*")); len(files) != 1 {
		t.Errorf("files left: %v", files)
	}
}

// TestUTXOParts: a build read in parallel parts (one segment each, spends
// across parts resolved afterwards) answers like a single segment.
func TestUTXOParts(t *testing.T) {
	defer func(n uint64) { utxoMinPartBlocks = n }(utxoMinPartBlocks)
	utxoMinPartBlocks = 1
	st := openStore(t)
	commitUTXO(t, st, tinyUTXO, 0, 3)
	segs, err := buildUTXOParts(st, btc, nil, 0, 100, 3)
	if err != nil || len(segs) != 3 {
		t.Fatalf("%d parts, %v", len(segs), err)
	}
	x := &UTXOIndex{Chain: btc}
	for _, s := range segs {
		if err := s.check(); err != nil {
			t.Fatal(err)
		}
		x.add(s)
	}
	checkTiny(t, x)
	if !reflect.DeepEqual(segs[1].CrossOut, []uint32{0}) || !reflect.DeepEqual(segs[2].CrossOut, []uint32{2, 3}) {
		t.Errorf("cross spends %v %v", segs[1].CrossOut, segs[2].CrossOut)
	}
	x = openUTXO(t, st, "appended")
	if n := min(runtime.GOMAXPROCS(0), 3); len(x.Segs) != n {
		t.Errorf("%d segments, want %d", len(x.Segs), n)
	}
	checkTiny(t, x)
}

// TestUTXOMaxSegments: past MaxSegments appends, the index is rebuilt
// into one segment.
func TestUTXOMaxSegments(t *testing.T) {
	st := openStore(t)
	d, _ := st.Addresses(btc)
	a := chain.AddrID(d.Intern([]byte("1Aaa")))
	for i := 0; i <= MaxSegments; i++ {
		blk := chain.UTXOBlock{Header: chain.BlockHeader{Number: uint64(i)}, Txs: []chain.UTXOTx{
			{Hash: utxoHash(100 + i), Coinbase: true, Outputs: []chain.UTXOOutput{{Addr: a, Value: 1}}}}}
		if i > 0 {
			blk.Txs = append(blk.Txs, chain.UTXOTx{Hash: utxoHash(500 + i), Index: 1,
				Inputs:  []chain.UTXOInput{{SpentTx: utxoHash(100 + i - 1)}},
				Outputs: []chain.UTXOOutput{{Addr: a, Value: 1}}})
		}
		if _, err := st.CommitUTXO(btc, d, []chain.UTXOBlock{blk}, nil); err != nil {
			t.Fatal(err)
		}
		x, err := OpenUTXO(st, btc)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(i+1, MaxSegments); len(x.Segs) != want && i < MaxSegments || i == MaxSegments && len(x.Segs) != 1 {
			t.Fatalf("after block %d: %d segments", i, len(x.Segs))
		}
		prevCoinbase := uint32(max(x.Outs-4, 0))
		if i > 0 && x.SpentBy(prevCoinbase) != uint32(x.Txs-1) {
			t.Fatalf("after block %d: spend across segments lost", i)
		}
		x.Close()
	}
}

// FuzzUTXOSegment: no file content makes parsing, checking or reading a
// segment panic.
func FuzzUTXOSegment(f *testing.F) {
	st := openStore(f)
	commitUTXO(f, st, tinyUTXO, 0, 3)
	seg, err := BuildUTXO(st, btc, nil, 0, 100)
	if err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(f.TempDir(), "seg.vgu")
	if err := writeUTXOFile(path, seg); err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:headerSize])
	f.Fuzz(func(t *testing.T, data []byte) {
		words := make([]uint64, (len(data)+7)/8+1)
		buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(data))
		copy(buf, data)
		s, err := parseUTXOSegment(buf)
		if err != nil || s.check() != nil {
			return
		}
		x := &UTXOIndex{Chain: btc}
		x.add(s)
		for a := uint32(0); a < 8; a++ {
			for _, o := range x.Outputs(a, nil) {
				x.Output(o)
				x.SpentBy(o)
			}
		}
		for tx := uint32(0); tx < uint32(x.Txs)+2; tx++ {
			x.TxOutputs(tx)
			x.TxLoc(tx)
			s.OutRow(tx, 1)
		}
		s.FindTx(2, 1)
		s.crossSpender(3)
	})
}
