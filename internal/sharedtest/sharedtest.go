// Package sharedtest finds the project's shared test data (real public
// datasets under shared/data) for the intel tests.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data directory: $VIGIL_SHARED_DATA, else the first
// "shared/data" found walking up from the working directory. It skips the
// test (with a message saying so) when there is none.
func Dir(t testing.TB) string {
	t.Helper()
	if d, ok := Find(); ok {
		return d
	}
	t.Skip("shared test data not found: no shared/data above the package dir and VIGIL_SHARED_DATA unset")
	return ""
}

// Find is Dir without a testing.TB: it reports whether the directory exists.
func Find() (string, bool) {
	if d := os.Getenv("VIGIL_SHARED_DATA"); d != "" {
		st, err := os.Stat(d)
		return d, err == nil && st.IsDir()
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Path joins elements onto Dir(t).
func Path(t testing.TB, elem ...string) string {
	return filepath.Join(append([]string{Dir(t)}, elem...)...)
}
