package csvlabels

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-project/vigil/internal/intel"
)

// explorers maps dawsbot/eth-labels explorer directories to chain and site.
var explorers = map[string][2]string{
	"etherscan": {"eth", "etherscan.io"}, "bscscan": {"bsc", "bscscan.com"},
	"arbiscan": {"arb", "arbiscan.io"}, "basescan": {"base", "basescan.org"},
	"optimism": {"op", "optimistic.etherscan.io"}, "gnosis": {"gnosis", "gnosisscan.io"},
	"celo": {"celo", "celoscan.io"},
}

// readEthLabels reads dir/<explorer>/<label slug>/accounts.json files
// (JSON arrays of {address, nameTag}).
func readEthLabels(dir string, opt Options) ([]intel.Label, []Stats, error) {
	return readEach(dir, "accounts.json", opt, func(p string, opt Options) ([]intel.Label, Stats, error) {
		slug := filepath.Base(filepath.Dir(p))
		ex, ok := explorers[filepath.Base(filepath.Dir(filepath.Dir(p)))]
		if !ok {
			return nil, Stats{File: p, Skipped: map[string]int{"unknown explorer": 1}}, nil
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, Stats{File: p}, err
		}
		defer f.Close()
		m := Mapping{
			Columns: map[string]string{"address": "address", "entity": "nameTag"},
			Const: map[string]string{"chain": ex[0], "category": slug, "confidence": "web_crawl",
				"source": "https://" + ex[1] + "/accounts/label/" + slug},
		}
		return readSlugged(f, p, "json", m, opt)
	})
}

// fortaChains maps Forta's chain-id directories to chains.
var fortaChains = map[string]string{"1": "eth", "10": "op", "56": "bsc", "137": "polygon", "42161": "arb", "8453": "base"}

// fortaFiles says, per Forta file name, which columns hold address, entity
// and category, and how category values map.
var fortaFiles = map[string]struct {
	addr, entity, cat string
	table             map[string]intel.Category
}{
	"etherscan_malicious_labels.csv": {"banned_address", "wallet_tag", "data_source", map[string]intel.Category{
		"etherscan-phish-hack-list": intel.Scam, "etherscan-heist-list": intel.Heist, "etherscan-exploit-list": intel.Heist}},
	"phishing_scams.csv": {"address", "etherscan_tag", "etherscan_labels", map[string]intel.Category{"phish-hack": intel.Scam}},
	"malicious_smart_contracts.csv": {"contract_address", "contract_tag", "contract_creator_etherscan_label", map[string]intel.Category{
		"exploit": intel.Heist, "heist": intel.Heist, "phish-hack": intel.Scam, "": intel.Heist}},
}

// readForta reads forta-network/labelled-datasets labels/<chain id>/*.csv.
func readForta(dir string, opt Options) ([]intel.Label, []Stats, error) {
	return readEach(dir, "*.csv", opt, func(p string, opt Options) ([]intel.Label, Stats, error) {
		spec, ok := fortaFiles[filepath.Base(p)]
		chainName, ok2 := fortaChains[filepath.Base(filepath.Dir(p))]
		if !ok || !ok2 {
			return nil, Stats{File: p, Skipped: map[string]int{"unknown Forta file": 1}}, nil
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, Stats{File: p}, err
		}
		defer f.Close()
		recs, err := collect(f, p, "csv")
		if err != nil {
			return nil, Stats{File: p}, err
		}
		m := Mapping{
			Columns: map[string]string{"address": spec.addr, "entity": spec.entity, "category": spec.cat},
			Const: map[string]string{"chain": chainName, "confidence": "web_crawl",
				"source": "https://github.com/forta-network/labelled-datasets/blob/main/labels/" +
					filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p)},
		}
		return mapRecords(recs, p, m, func(raw string) (intel.Category, string, bool) {
			c, ok := spec.table[strings.TrimSpace(raw)]
			if raw == "" {
				raw = "malicious_smart_contract"
			}
			return c, raw, ok
		}, opt)
	})
}
