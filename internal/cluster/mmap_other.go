//go:build !(linux || darwin)

package cluster

import "os"

// mapFile reads the file at path (no memory mapping on this platform);
// the returned release function is nil.
func mapFile(path string) ([]byte, func() error, error) {
	b, err := os.ReadFile(path)
	return b, nil, err
}
