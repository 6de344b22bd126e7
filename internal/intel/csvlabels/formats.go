package csvlabels

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// Formats are the named input formats of ReadFormat.
var Formats = []string{"fbi-psa-bybit", "etherscan-combined", "etherscan-csv", "eth-labels", "forta"}

// ReadFormat imports path (a file or, for eth-labels and forta, a
// directory) in the named format. Records whose source category has no
// vigil category are skipped and counted.
func ReadFormat(format, path string, opt Options) ([]intel.Label, []Stats, error) {
	if opt.TLP == "" {
		opt.TLP = intel.TLPClear // the named formats are public datasets
	}
	switch format {
	case "fbi-psa-bybit":
		return one(readFBI(path, opt))
	case "etherscan-combined":
		return one(readEtherscanCombined(path, opt))
	case "etherscan-csv":
		return readEach(path, "*.csv", opt, readEtherscanCSV)
	case "eth-labels":
		return readEthLabels(path, opt)
	case "forta":
		return readForta(path, opt)
	}
	return nil, nil, fmt.Errorf("unknown format %q (known: %s)", format, strings.Join(Formats, ", "))
}

func one(ls []intel.Label, st Stats, err error) ([]intel.Label, []Stats, error) {
	return ls, []Stats{st}, err
}

// readEach applies read to path, or to every file matching pattern below it.
func readEach(path, pattern string, opt Options, read func(string, Options) ([]intel.Label, Stats, error)) ([]intel.Label, []Stats, error) {
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		files = walkMatch(path, pattern)
	}
	var all []intel.Label
	var stats []Stats
	for _, f := range files {
		ls, st, err := read(f, opt)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, ls...)
		stats = append(stats, st)
	}
	return all, stats, nil
}

// walkMatch lists files below dir whose base name matches pattern, sorted.
func walkMatch(dir, pattern string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if ok, _ := filepath.Match(pattern, d.Name()); ok {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// FBIPSABybitURL is the FBI PSA of 2025-02-26 naming the Bybit laundering
// addresses; used when no SOURCE.txt next to the list names it.
const FBIPSABybitURL = "https://www.ic3.gov/PSA/2025/PSA250226"

var ic3RE = regexp.MustCompile(`https://www\.ic3\.gov/PSA/[0-9A-Za-z/]+`)

// readFBI reads one ETH address per line (FBI PSA list): heist labels of
// the Bybit theft, actor Lazarus Group (TraderTraitor).
func readFBI(path string, opt Options) ([]intel.Label, Stats, error) {
	src := FBIPSABybitURL
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(path), "SOURCE.txt")); err == nil {
		if m := ic3RE.Find(b); m != nil {
			src = string(m)
		}
	}
	m := Mapping{Columns: map[string]string{"address": "address"}, Const: map[string]string{
		"chain": "eth", "entity": "Bybit hack 2025-02-21 (TraderTraitor)", "category": "heist",
		"source": src, "confidence": "authority_data", "actor": "Lazarus Group",
		"note": "FBI PSA I-022625-PSA: held or holding assets from the Bybit theft, operated by or closely connected to TraderTraitor",
	}}
	return readLines(path, m, opt)
}

// readLines gives each non-blank, non-# line to m as column "address".
func readLines(path string, m Mapping, opt Options) ([]intel.Label, Stats, error) {
	st := Stats{File: path, Skipped: map[string]int{}}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, st, err
	}
	var out []intel.Label
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		st.Records++
		l, err := m.label(record{vals: map[string]string{"address": line}, line: i + 1}, intel.ImporterCSV, opt.TLP, opt.now())
		if err != nil {
			return nil, st, inputerr.Wrap(path, i+1, err)
		}
		out = append(out, l)
	}
	st.Labels = len(out)
	return out, st, nil
}
