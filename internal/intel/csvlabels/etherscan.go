package csvlabels

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-project/vigil/internal/intel"
)

// etherscanCategories maps Etherscan label slugs to vigil categories.
var etherscanCategories = map[string]intel.Category{
	"binance": intel.Exchange, "bitfinex": intel.Exchange, "bithumb": intel.Exchange,
	"bitstamp": intel.Exchange, "coinbase": intel.Exchange, "crypto-com": intel.Exchange,
	"gate-io": intel.Exchange, "gemini": intel.Exchange, "huobi": intel.Exchange,
	"kraken": intel.Exchange, "kucoin": intel.Exchange, "okx": intel.Exchange, "okex": intel.Exchange,
	"upbit": intel.Exchange, "changenow": intel.Exchange, "exchange": intel.Exchange,
	"bridge": intel.Bridge, "wormhole": intel.Bridge, "multichain": intel.Bridge,
	"tornado-cash": intel.Mixer, "ethereum-mixer": intel.Mixer, "mixer": intel.Mixer,
	"ofac-sanctions-lists": intel.Sanctioned, "blocked": intel.Blocklisted,
	"dex": intel.DEX, "uniswap": intel.DEX, "sushiswap": intel.DEX, "kyberswap": intel.DEX,
	"0x-protocol": intel.DEX, "curve-fi": intel.DEX, "balancer": intel.DEX, "bancor": intel.DEX,
	"exploit": intel.Heist, "heist": intel.Heist, "phish-hack": intel.Scam,
}

// etherscanCategory picks the first label slug with a category.
func etherscanCategory(slugs []string) (intel.Category, string, bool) {
	for _, s := range slugs {
		if c, ok := etherscanCategories[s]; ok {
			return c, s, true
		}
	}
	return "", strings.Join(slugs, ";"), false
}

// readEtherscanCombined reads brianleect combinedAccountLabels.json:
// {address: {name, labels: [slug...]}}.
func readEtherscanCombined(path string, opt Options) ([]intel.Label, Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Stats{File: path}, err
	}
	defer f.Close()
	m := Mapping{
		Columns: map[string]string{"address": KeyField, "entity": "name", "category": "labels"},
		Const: map[string]string{"chain": "eth", "source": "https://etherscan.io (name tags, scraped 2023-06 by brianleect/etherscan-labels)",
			"confidence": "web_crawl"},
	}
	return readSlugged(f, path, "json", m, opt)
}

// readSlugged reads CSV or JSON records whose category column holds
// ';'-joined Etherscan slugs.
func readSlugged(f *os.File, path, kind string, m Mapping, opt Options) ([]intel.Label, Stats, error) {
	recs, err := collect(f, path, kind)
	if err != nil {
		return nil, Stats{File: path}, err
	}
	return mapRecords(recs, path, m, slugCategory, opt)
}

// collect reads all records of a CSV or JSON input.
func collect(f *os.File, path, kind string) ([]record, error) {
	var recs []record
	add := func(r record) error { recs = append(recs, r); return nil }
	var err error
	if kind == "json" {
		err = readJSONRecords(f, path, add)
	} else {
		_, err = readCSVRecords(f, path, nil, add)
	}
	return recs, err
}

// readEtherscanCSV reads one brianleect per-label CSV (",Address,Name
// Tag,Balance,Txn Count"); the file name is the label slug.
func readEtherscanCSV(path string, opt Options) ([]intel.Label, Stats, error) {
	slug := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	f, err := os.Open(path)
	if err != nil {
		return nil, Stats{File: path}, err
	}
	defer f.Close()
	m := Mapping{
		Columns: map[string]string{"address": "Address", "entity": "Name Tag"},
		Const: map[string]string{"chain": "eth", "category": slug, "confidence": "web_crawl",
			"source": "https://etherscan.io/accounts/label/" + slug},
	}
	return readSlugged(f, path, "csv", m, opt)
}
