package cluster

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vigil-project/vigil/internal/atomicfile"
	"github.com/vigil-project/vigil/internal/chain"
)

// ErrNoBuild is returned when a chain has no cluster build.
var ErrNoBuild = errors.New("no cluster build")

// Dir returns the directory of chain c's build under the data directory.
func Dir(dataDir string, c chain.Info) string { return filepath.Join(dataDir, "cluster", c.Name) }

// Exists reports whether chain c has a cluster build under dataDir.
func Exists(dataDir string, c chain.Info) bool {
	_, err := os.Stat(filepath.Join(Dir(dataDir, c), "MANIFEST"))
	return err == nil
}

// writeAtomic replaces path with what fill writes (atomicfile.Write:
// a temporary name per writer, synced, renamed).
func writeAtomic(path string, fill func(f *os.File) error) error {
	if err := atomicfile.Write(path, fill); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

// save writes st under dir: a new arrays file, then the manifest naming
// it (the switch), then removes the arrays files no longer named.
func save(dir string, st *state) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	st.uf.Flatten()
	a := &arrays{root: st.uf.Roots(), flags: st.flags, ev: st.ev.columns(), dep: st.dep, keys: st.keys}
	a.off, a.list = membersCSR(a.root)
	now := time.Now().UTC()
	st.File = fmt.Sprintf("clusters-%d-%d.bin", st.Seq, now.UnixNano())
	st.BuiltAt, st.Version, st.Addresses = now, manifestVersion, len(a.root)
	if err := writeAtomic(filepath.Join(dir, st.File), func(f *os.File) error { return writeArrays(f, a) }); err != nil {
		return err
	}
	b, err := json.MarshalIndent(st.Manifest, "", " ")
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "MANIFEST"), func(f *os.File) error {
		_, err := f.Write(b)
		return err
	}); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "clusters-*.bin"))
	for _, f := range old {
		if filepath.Base(f) != st.File {
			os.Remove(f)
		}
	}
	return nil
}

// load reads the build under dir; mapped as for readArrays (only for
// builds that are read, never for one that is updated: its columns would
// be read-only).
func load(dir string, mapped bool) (Manifest, *arrays, error) {
	m, err := readManifest(dir)
	if err != nil {
		return m, nil, err
	}
	a, err := readArrays(filepath.Join(dir, m.File), mapped)
	if err != nil {
		return m, nil, err
	}
	if len(a.root) != m.Addresses {
		a.release()
		return m, nil, fmt.Errorf("%w: %s covers %d addresses, the manifest says %d", ErrBadFile, m.File, len(a.root), m.Addresses)
	}
	return m, a, nil
}

// readManifest reads and checks the manifest under dir.
func readManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if errors.Is(err, os.ErrNotExist) {
		return m, ErrNoBuild
	}
	if err != nil {
		return m, fmt.Errorf("cluster: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Version != manifestVersion || filepath.Base(m.File) != m.File || m.File == "" {
		return m, fmt.Errorf("%w: %s", ErrBadFile, filepath.Join(dir, "MANIFEST"))
	}
	return m, nil
}

// resume turns a loaded build back into a state that can be updated.
func resume(m Manifest, a *arrays) *state {
	st := &state{Manifest: m, flags: a.flags, ev: evLog{base: a.ev}, dep: a.dep, keys: a.keys, keyed: len(a.root)}
	st.uf = fromRoots(a.root, func(r uint32) uint32 { return a.off[r+1] - a.off[r] })
	return st
}
