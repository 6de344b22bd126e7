package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// nsAPIKey holds the API keys of `vigil serve --auth`:
// Y<key id> -> APIKey JSON. Only the SHA-256 of a key is stored; the key
// itself is shown once, when created. See docs/storage.md.
const nsAPIKey = 'Y'

// APIKeyPrefix starts every API key, so that a leaked key is recognizable.
const APIKeyPrefix = "vigil_"

// APIKey is a stored API key: its id, name and the hex SHA-256 of the
// key text; revoked keys are kept with the date they were revoked.
type APIKey struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Hash      string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt string    `json:"revoked_at,omitempty"` // RFC 3339, empty while valid
}

// Revoked reports whether k was revoked.
func (k *APIKey) Revoked() bool { return k.RevokedAt != "" }

// HashAPIKey returns the hex SHA-256 of a key's text, as stored.
func HashAPIKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func keyAPIKey(id string) []byte { return append([]byte{nsAPIKey}, id...) }

// CreateAPIKey makes a new key from 32 random bytes, stores its hash
// under a new random id and returns the key text (the only time it
// exists) with its record.
func (s *Store) CreateAPIKey(name string, now time.Time) (string, APIKey, error) {
	var secret [32]byte
	var id [6]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return "", APIKey{}, err
	}
	if _, err := rand.Read(id[:]); err != nil {
		return "", APIKey{}, err
	}
	key := APIKeyPrefix + hex.EncodeToString(secret[:])
	rec := APIKey{ID: "k" + hex.EncodeToString(id[:]), Name: strings.TrimSpace(name), Hash: HashAPIKey(key),
		CreatedAt: now.UTC().Truncate(time.Second)}
	if err := s.putAPIKey(&rec); err != nil {
		return "", APIKey{}, err
	}
	return key, rec, nil
}

func (s *Store) putAPIKey(k *APIKey) error {
	b, err := json.Marshal(k)
	if err != nil {
		return err
	}
	if err := s.db.Set(keyAPIKey(k.ID), b, pebble.Sync); err != nil {
		return fmt.Errorf("store: writing API key: %w", err)
	}
	return nil
}

// APIKeys returns every stored key (revoked ones too), by id.
func (s *Store) APIKeys() ([]APIKey, error) {
	it, err := s.db.NewIter(iterRange([]byte{nsAPIKey}))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []APIKey
	for ok := it.First(); ok; ok = it.Next() {
		var k APIKey
		if err := json.Unmarshal(it.Value(), &k); err != nil {
			return nil, fmt.Errorf("store: bad API key record: %w", err)
		}
		out = append(out, k)
	}
	return out, it.Error()
}

// RevokeAPIKey marks key id revoked (ErrNotFound when there is none).
// Revoking twice keeps the first date.
func (s *Store) RevokeAPIKey(id string, now time.Time) (APIKey, error) {
	v, ok, err := s.get(keyAPIKey(id))
	if err != nil {
		return APIKey{}, err
	}
	if !ok || id == "" {
		return APIKey{}, fmt.Errorf("API key %q: %w", id, ErrNotFound)
	}
	var k APIKey
	if err := json.Unmarshal(v, &k); err != nil {
		return APIKey{}, fmt.Errorf("store: bad API key record: %w", err)
	}
	if !k.Revoked() {
		k.RevokedAt = now.UTC().Format(time.RFC3339)
		if err := s.putAPIKey(&k); err != nil {
			return APIKey{}, err
		}
	}
	return k, nil
}
