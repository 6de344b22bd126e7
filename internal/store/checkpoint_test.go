package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCheckpoint: the copy opens without the store's lock, keeps what it
// had, and the store stays writable once closed.
func TestCheckpoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateAPIKey("a", time.Now()); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "graph", "eth"), 0o755)
	os.WriteFile(filepath.Join(dir, "graph", "eth", "manifest.json"), []byte("{}"), 0o644)
	snap := filepath.Join(dir, "snap")
	if err := s.Checkpoint(snap); err != nil {
		t.Fatal(err)
	}
	s.Close()
	c, err := Open(snap, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w, err := Open(dir, nil) // the store itself is free
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.CreateAPIKey("b", time.Now()); err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if ks, err := c.APIKeys(); err != nil || len(ks) != 1 {
		t.Errorf("checkpoint keys: %v %v", ks, err)
	}
	if b, err := os.ReadFile(filepath.Join(snap, "graph", "eth", "manifest.json")); err != nil || string(b) != "{}" {
		t.Errorf("graph file: %q %v", b, err)
	}
	if err := w.Checkpoint(snap); err == nil {
		t.Errorf("checkpoint over an existing directory succeeded")
	}
}
