package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// etlKinds are the ethereum-etl tables vigil reads.
var etlKinds = []string{"blocks", "transactions", "receipts", "logs", "token_transfers", "traces"}

// partitions finds the layout ethereum-etl's export_all writes:
// <kind>/start_block=S/end_block=E/<kind>_S_E.csv[.gz]. It returns one
// directory per block range holding links named as ParseDir expects, in
// block order, or nil when dir is not partitioned. cleanup removes the links.
func partitions(dir string) (dirs []string, cleanup func(), err error) {
	byRange := map[string]map[string]string{} // "S/E" -> kind -> file
	for _, kind := range etlKinds {
		files, _ := filepath.Glob(filepath.Join(dir, kind, "start_block=*", "end_block=*", kind+"_*.csv*"))
		for _, f := range files {
			if !strings.HasSuffix(f, ".csv") && !strings.HasSuffix(f, ".csv.gz") {
				continue
			}
			r := filepath.Base(filepath.Dir(filepath.Dir(f))) + "/" + filepath.Base(filepath.Dir(f))
			if byRange[r] == nil {
				byRange[r] = map[string]string{}
			}
			if prev, dup := byRange[r][kind]; dup {
				return nil, nil, fmt.Errorf("%s: two %s files for one block range (%s)", f, kind, prev)
			}
			byRange[r][kind] = f
		}
	}
	if len(byRange) == 0 {
		return nil, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "vigil-partitions-")
	if err != nil {
		return nil, nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	ranges := make([]string, 0, len(byRange))
	for r := range byRange {
		ranges = append(ranges, r)
	}
	sort.Strings(ranges) // ethereum-etl zero-pads block numbers
	for i, r := range ranges {
		d := filepath.Join(tmp, fmt.Sprintf("%06d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			cleanup()
			return nil, nil, err
		}
		for kind, f := range byRange[r] {
			abs, _ := filepath.Abs(f)
			name := kind + ".csv"
			if strings.HasSuffix(f, ".gz") {
				name += ".gz"
			}
			if err := os.Symlink(abs, filepath.Join(d, name)); err != nil {
				cleanup()
				return nil, nil, err
			}
		}
		dirs = append(dirs, d)
	}
	return dirs, cleanup, nil
}
