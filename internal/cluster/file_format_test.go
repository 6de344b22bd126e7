package cluster

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// sampleArrays is a small build with every section filled: clusters of
// three and two, evidence, a deposit address and a key index.
func sampleArrays() *arrays {
	st := sampleState()
	a := &arrays{root: st.uf.Roots(), flags: st.flags, ev: st.ev.columns(), dep: st.dep, keys: st.keys}
	a.off, a.list = membersCSR(a.root)
	if err := a.keys.finish(len(a.root)); err != nil {
		panic(err)
	}
	return a
}

// sampleState is the state of sampleArrays, flattened, with the extra
// multi-input links asked.
func sampleState(extra ...[2]uint32) *state {
	st := newState(Manifest{}, 10)
	for _, l := range extra {
		st.link(l[0], l[1], MultiInput, 10, 0)
	}
	st.link(1, 2, MultiInput, 5, 0)
	st.link(2, 3, ChangeFresh, 6, 1)
	st.link(7, 8, Deposit, 9, 0)
	st.dep = deposits{Addr: []uint32{7}, Wallet: []uint32{8}, Share: []uint32{990}}
	st.keys = keyIndex{hash: []uint64{11, 22, 1 << 40, 1<<63 + 5}, id: []uint32{3, 1, 9, 7}}
	st.uf.Flatten()
	return st
}

// columnsOf is a's content without its release function, for comparing.
func columnsOf(a *arrays) arrays {
	c := *a
	c.unmap = nil
	return c
}

// TestReadV2File: a file of the previous version (no padding; written by
// the code before version 3, testdata/clusters-v2.bin) is still read, in
// both modes, into the same arrays.
func TestReadV2File(t *testing.T) {
	data, err := os.ReadFile("testdata/clusters-v2.bin")
	if err != nil {
		t.Fatal(err)
	}
	want := columnsOf(sampleArrays())
	for _, inPlace := range []bool{false, true} {
		a, err := parseArrays(data, inPlace)
		if err != nil {
			t.Fatalf("in place %v: %v", inPlace, err)
		}
		if a.unmap != nil {
			t.Errorf("in place %v: a version-2 file was used in place", inPlace)
		}
		if !reflect.DeepEqual(columnsOf(a), want) {
			t.Errorf("in place %v: version-2 file read as %+v, want %+v", inPlace, columnsOf(a), want)
		}
	}
}

// TestOpenMapped: a saved build opened mapped answers like the copy;
// Close releases it (twice is harmless) and leaves an empty build; a new
// build that replaces the file does not disturb a mapping still open.
func TestOpenMapped(t *testing.T) {
	dir := t.TempDir()
	if err := save(dir, sampleState()); err != nil {
		t.Fatal(err)
	}
	copied, err := openDir(dir, btcInfoForBench, false)
	if err != nil {
		t.Fatal(err)
	}
	mapped, err := openDir(dir, btcInfoForBench, true)
	if err != nil {
		t.Fatal(err)
	}
	if shared := mapped.a.unmap != nil; shared != (runtime.GOOS == "linux" || runtime.GOOS == "darwin") {
		t.Errorf("mapped in place: %v on %s", shared, runtime.GOOS)
	}
	if !reflect.DeepEqual(columnsOf(mapped.a), columnsOf(copied.a)) {
		t.Fatalf("mapped %+v\ncopied %+v", columnsOf(mapped.a), columnsOf(copied.a))
	}
	if err := save(dir, sampleState([2]uint32{4, 5})); err != nil {
		t.Fatal(err)
	}
	if old, _ := filepath.Glob(filepath.Join(dir, "clusters-*.bin")); len(old) != 1 {
		t.Fatalf("%d arrays files after the new build, want 1", len(old))
	}
	if r := mapped.Of(3); mapped.Size(r) != 3 || mapped.Of(4) == mapped.Of(5) {
		t.Errorf("the open mapping changed with the new build: size %d, 4 and 5 together %v", mapped.Size(r), mapped.Of(4) == mapped.Of(5))
	}
	for i := 0; i < 2; i++ {
		if err := mapped.Close(); err != nil {
			t.Fatalf("close %d: %v", i+1, err)
		}
	}
	if mapped.Len() != 0 || mapped.Of(3) != 3 || mapped.Size(3) != 1 || mapped.ID(3) != 3 {
		t.Errorf("closed: Len %d, Of(3) %d, Size(3) %d", mapped.Len(), mapped.Of(3), mapped.Size(3))
	}
	if err := copied.Close(); err != nil {
		t.Error(err)
	}
}

// TestOpenDamagedMapped: a damaged, truncated, empty or foreign arrays
// file is ErrBadFile when opened mapped, never a crash.
func TestOpenDamagedMapped(t *testing.T) {
	dir := t.TempDir()
	if err := save(dir, sampleState()); err != nil {
		t.Fatal(err)
	}
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, m.File)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[fileHead+5] ^= 1
	for name, data := range map[string][]byte{
		"flipped": flipped, "truncated": good[:len(good)-9], "empty": nil, "header only": good[:fileHead],
		"foreign": []byte("PK\x03\x04 this is a zip file, not a cluster build....."),
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := openDir(dir, btcInfoForBench, true); !errors.Is(err, ErrBadFile) {
			t.Errorf("%s file: %v, want ErrBadFile", name, err)
		}
	}
}
