package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAPIKeys(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "d"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	key, rec, err := s.CreateAPIKey(" ops ", now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, APIKeyPrefix) || len(key) != len(APIKeyPrefix)+64 || rec.Hash != HashAPIKey(key) || rec.Name != "ops" {
		t.Fatalf("key %q rec %+v", key, rec)
	}
	ks, err := s.APIKeys()
	if err != nil || len(ks) != 1 || ks[0].ID != rec.ID || ks[0].Revoked() || strings.Contains(ks[0].Hash, key) {
		t.Fatalf("list: %+v %v", ks, err)
	}
	if _, err := s.RevokeAPIKey("nope", now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
	k, err := s.RevokeAPIKey(rec.ID, now)
	if err != nil || !k.Revoked() {
		t.Fatalf("revoke: %+v %v", k, err)
	}
	ks, _ = s.APIKeys()
	if len(ks) != 1 || ks[0].RevokedAt != "2026-01-02T03:04:05Z" {
		t.Fatalf("after revoke: %+v", ks)
	}
}
