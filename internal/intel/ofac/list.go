package ofac

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// ListEntity is the Entity of labels from per-asset list files, which do
// not name the sanctioned party.
const ListEntity = "OFAC SDN listed address (party not named in list file)"

// ReadListDir imports the per-asset list files of one edition
// ("ofac-list"): every sanctioned_addresses_<ASSET>.txt in dir (or the
// .json array when there is no .txt). Each address becomes a label; the
// list files carry no party names, programs or entry ids. opt.Source
// defaults to the directory.
func ReadListDir(dir, date string, opt Options) (*Edition, error) {
	paths, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	ed := &Edition{Date: date, File: filepath.Base(dir), AssetCounts: map[string]int{}}
	conf, _ := intel.ParseConfidence("authority_data")
	for _, p := range paths {
		asset := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), "sanctioned_addresses_"), filepath.Ext(p))
		addrs, err := readList(p)
		if err != nil {
			return nil, err
		}
		for i, a := range addrs {
			ed.AssetCounts[asset]++
			chainName, canon, err := intel.ChainForAsset(asset, a)
			if err != nil {
				return nil, inputerr.Wrap(p, i+1, err)
			}
			ed.Labels = append(ed.Labels, intel.Label{
				Chain: chainName, Address: canon, Entity: ListEntity, Category: intel.Sanctioned,
				Asset: asset, Source: opt.source(dir), Importer: intel.ImporterOFACList,
				ImportedAt: opt.now(), Confidence: conf, TLP: intel.TLPClear,
				List: "SDN List", ListDate: date,
			})
		}
	}
	sortLabels(ed.Labels)
	return ed, nil
}

// listFiles returns the list file of each asset, .txt preferred.
func listFiles(dir string) ([]string, error) {
	txt, err := filepath.Glob(filepath.Join(dir, "sanctioned_addresses_*.txt"))
	if err != nil {
		return nil, err
	}
	js, _ := filepath.Glob(filepath.Join(dir, "sanctioned_addresses_*.json"))
	have := map[string]bool{}
	for _, p := range txt {
		have[strings.TrimSuffix(p, ".txt")] = true
	}
	for _, p := range js {
		if !have[strings.TrimSuffix(p, ".json")] {
			txt = append(txt, p)
		}
	}
	if len(txt) == 0 {
		return nil, inputerr.New(dir, 0, "no sanctioned_addresses_<ASSET>.txt or .json files")
	}
	return txt, nil
}

// readList reads one list file: a JSON array of strings, or one address a
// line.
func readList(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".json") {
		var out []string
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, inputerr.Wrap(path, 0, fmt.Errorf("not a JSON array of strings: %w", err))
		}
		return out, nil
	}
	var out []string
	for i, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.ContainsAny(l, " \t,") {
			return nil, inputerr.New(path, i+1, "expected one address per line, got %q", l)
		}
		out = append(out, l)
	}
	return out, nil
}
