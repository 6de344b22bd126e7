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

// Extract writes the bundled exports under dir and returns the paths of the
// ethereum-etl directory and the bitcoin-etl directory.
func Extract(dir string) (ethDir, btcDir string, err error) {
	err = fs.WalkDir(files, "data", func(p string, d fs.DirEntry, err error) error {
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
	return filepath.Join(dir, "data", "eth"), filepath.Join(dir, "data", "btc"), err
}
