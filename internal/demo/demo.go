// Package demo ships the small real chain exports the README demo loads, so
// a newcomer needs nothing but this repository (see data/*/SOURCE.txt).
package demo

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed data
var files embed.FS

// Paths are where Extract put the bundled data.
type Paths struct {
	Eth, Btc string // an ethereum-etl directory, a bitcoin-etl directory
	FBIBybit string // the FBI PSA list of Bybit-laundering addresses
}

// Extract writes the bundled exports under dir and returns their paths.
func Extract(dir string) (Paths, error) {
	err := fs.WalkDir(files, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	d := filepath.Join(dir, "data")
	return Paths{Eth: filepath.Join(d, "eth"), Btc: filepath.Join(d, "btc"),
		FBIBybit: filepath.Join(d, "labels", "fbi_psa250226_eth_addresses.txt")}, err
}
