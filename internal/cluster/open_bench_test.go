package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkOpenFile measures loading a saved build as vigil trace,
// screen, report and serve do once per chain at start, then Close:
// "mapped" as Open does (memory-mapped, used in place), "copied" the
// earlier way (the file read and every column copied to the heap; what a
// build update and platforms without mmap do). Both check the size, the
// checksum and every ID. The builds are the chain-like synthetic streams
// of benchSizes (flags, evidence and members as a real build has; no key
// index). With $VIGIL_CLUSTER_OPEN_DIR the build is kept there (made
// once) for BenchmarkOpenFileMemory.
func BenchmarkOpenFile(b *testing.B) {
	for _, n := range benchSizes() {
		dir := benchBuildDir(b, n)
		for _, mode := range []string{"mapped", "copied"} {
			b.Run(fmt.Sprintf("inputs=%d/file=%dMB/%s", n, fileMB(b, dir), mode), func(b *testing.B) {
				for b.Loop() {
					cs, err := openDir(dir, btcInfoForBench, mode == "mapped")
					if err != nil {
						b.Fatal(err)
					}
					cs.Close()
				}
			})
		}
	}
}

// BenchmarkOpenFileMemory opens each build kept in $VIGIL_CLUSTER_OPEN_DIR
// once ($VIGIL_CLUSTER_OPEN_MODE=copied: the copying way) and reports what the process holds with it open, over the process
// before the open: peak resident set (VmHWM), anonymous and file-backed
// resident memory (RssAnon, RssFile: mapped file pages are page cache,
// shared and reclaimable) and the Go heap in use. Run it in a process of
// its own: go test -run '^$' -bench OpenFileMemory -benchtime 1x.
func BenchmarkOpenFileMemory(b *testing.B) {
	dir := os.Getenv("VIGIL_CLUSTER_OPEN_DIR")
	if dir == "" {
		b.Skip("set VIGIL_CLUSTER_OPEN_DIR to a build kept by BenchmarkOpenFile")
	}
	mapped := os.Getenv("VIGIL_CLUSTER_OPEN_MODE") != "copied"
	sub, _ := filepath.Glob(filepath.Join(dir, "*", "MANIFEST"))
	for _, m := range sub {
		d := filepath.Dir(m)
		b.Run(filepath.Base(d), func(b *testing.B) {
			before := memNow()
			var cs *Clusters
			for b.Loop() {
				var err error
				if cs, err = openDir(d, btcInfoForBench, mapped); err != nil {
					b.Fatal(err)
				}
			}
			after := memNow()
			for i, name := range []string{"hwm-MB", "anon-MB", "file-MB", "heap-MB"} {
				b.ReportMetric(float64(after[i]-min(before[i], after[i]))/(1<<20), name)
			}
			cs.Close()
		})
	}
}

// benchBuildDir returns a directory holding the saved build of the
// chain-like stream of n inputs.
func benchBuildDir(b *testing.B, n int) string {
	root := os.Getenv("VIGIL_CLUSTER_OPEN_DIR")
	if root == "" {
		root = b.TempDir()
	}
	dir := filepath.Join(root, fmt.Sprintf("inputs-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
		return dir
	}
	st := synthState(n)
	if err := save(dir, st); err != nil {
		b.Fatal(err)
	}
	return dir
}

func fileMB(b *testing.B, dir string) int64 {
	m, err := readManifest(dir)
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, m.File))
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size() >> 20
}

// synthState is the flattened state of the chain-like stream of n inputs.
func synthState(n int) *state {
	s := synth(n, true)
	st := newState(Manifest{}, s.nAddr)
	for t := 0; t+1 < len(s.txIn); t++ {
		ins := s.addr[s.txIn[t]:s.txIn[t+1]]
		for _, a := range ins[1:] {
			st.link(ins[0], a, MultiInput, uint32(t), 0)
		}
	}
	st.uf.Flatten()
	return st
}

// memNow returns VmHWM, RssAnon, RssFile (0 where /proc is missing) and
// the Go heap in use after a GC, in bytes.
func memNow() [4]uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	var out [4]uint64
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		for i, k := range []string{"VmHWM:", "RssAnon:", "RssFile:"} {
			if v, ok := strings.CutPrefix(l, k); ok {
				kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				out[i] = kb << 10
			}
		}
	}
	out[3] = m.HeapInuse
	return out
}
