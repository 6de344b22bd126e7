package tagpack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// Options tune an import. The zero value is usable.
type Options struct {
	Now    time.Time // ImportedAt; default time.Now().UTC()
	Actors Actors    // actor id -> name; ids are kept as names when nil
}

// Stats counts what one pack gave.
type Stats struct {
	File    string         `json:"file"`
	Title   string         `json:"title"`
	Tags    int            `json:"tags"`
	Labels  int            `json:"labels"`
	Skipped map[string]int `json:"skipped,omitempty"` // reason -> tags
}

// fields are the tag fields a header may set for all its tags.
type fields struct {
	Address    string   `yaml:"address"`
	Label      string   `yaml:"label"`
	Source     string   `yaml:"source"`
	Currency   string   `yaml:"currency"`
	Network    string   `yaml:"network"`
	Confidence string   `yaml:"confidence"`
	Category   string   `yaml:"category"`
	Abuse      string   `yaml:"abuse"`
	Actor      string   `yaml:"actor"`
	Context    string   `yaml:"context"`
	Lastmod    string   `yaml:"lastmod"`
	Concepts   []string `yaml:"concepts"`
	IsPublic   *bool    `yaml:"is_public"`
}

type header struct {
	fields `yaml:",inline"`
	Title  string      `yaml:"title"`
	Tags   []yaml.Node `yaml:"tags"`
}

// ReadFile imports one TagPack file.
func ReadFile(path string, opt Options) ([]intel.Label, Stats, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, Stats{File: path}, err
	}
	return Read(b, path, opt)
}

// ReadDir imports every *.yaml / *.yml TagPack in dir (sorted by name).
func ReadDir(dir string, opt Options) ([]intel.Label, []Stats, error) {
	var paths []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	var all []intel.Label
	var stats []Stats
	for _, p := range paths {
		ls, st, err := ReadFile(p, opt)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, ls...)
		stats = append(stats, st)
	}
	return all, stats, nil
}

// Read imports TagPack YAML content; name is used in errors.
func Read(data []byte, name string, opt Options) ([]intel.Label, Stats, error) {
	st := Stats{File: filepath.Base(name), Skipped: map[string]int{}}
	var h header
	if err := yaml.Unmarshal(data, &h); err != nil {
		return nil, st, inputerr.Wrap(name, yamlLine(err), fmt.Errorf("not a TagPack: %w", err))
	}
	if len(h.Tags) == 0 {
		return nil, st, inputerr.New(name, 1, "TagPack has no tags")
	}
	st.Title = h.Title
	now := opt.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	var out []intel.Label
	for i := range h.Tags {
		node := &h.Tags[i]
		st.Tags++
		t := h.fields
		t.Address, t.Concepts = "", nil
		if err := node.Decode(&t); err != nil {
			return nil, st, inputerr.Wrap(name, node.Line, err)
		}
		l, skip, err := buildLabel(t, opt.Actors, now)
		if err != nil {
			return nil, st, inputerr.Wrap(name, node.Line, err)
		}
		if skip != "" {
			st.Skipped[skip]++
			continue
		}
		out = append(out, l)
	}
	st.Labels = len(out)
	return out, st, nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlLine extracts the first line number of a yaml.v3 error.
func yamlLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// tokenCurrencies are tags whose chain is told by the address.
var tokenCurrencies = map[string]bool{"USDT": true, "USDC": true, "OMNI": true}

// resolveChain maps a tag's network/currency and address to a chain and
// canonical address; skip names the reason for unsupported currencies.
func resolveChain(t fields) (chainName, canon, skip string, err error) {
	code := strings.ToUpper(strings.TrimSpace(t.Network))
	if code == "" {
		code = strings.ToUpper(strings.TrimSpace(t.Currency))
	}
	if code == "" {
		return "", "", "", fmt.Errorf("tag %q has no currency/network", t.Address)
	}
	if tokenCurrencies[code] {
		chainName, canon, err = intel.ChainForAsset(code, t.Address)
		if err != nil { // a token on a chain vigil does not know
			return "", "", "currency " + code + " on an unsupported chain", nil
		}
		return chainName, canon, "", nil
	}
	name, ok := intel.AssetChain(code)
	if !ok {
		return "", "", "currency " + code, nil
	}
	canon, err = intel.CanonicalAddress(name, t.Address)
	if err == nil || errors.Is(err, chain.ErrAddressChecksum) {
		return name, canon, "", err
	}
	// Not a checksum failure: a valid address of another chain filed under
	// this currency (e.g. a Tron address listed as BTC) is kept on the
	// chain it belongs to.
	if other, c, err2 := intel.ChainForAsset(code, t.Address); err2 == nil {
		return other, c, "", nil
	}
	return "", "", "", err
}
