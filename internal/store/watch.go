package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
)

// nsWatch holds the watches, alerts and delivery outbox of package watch
// (docs/watch.md). The second byte says what a key holds:
//
//	W w <watch u64>                      -> Watch JSON
//	W a <watch u64> <address>            -> WatchAddr JSON (watched address)
//	W x <alert u64>                      -> AlertRecord JSON
//	W b <chain> <block u64> <alert u64>  -> empty (alerts by block)
//	W d <dedupe key 32>                  -> alert u64 (one alert per move and block hash)
//	W o <seq u64>                        -> OutboxEntry JSON (pending deliveries)
//	W c <chain>                          -> uvarint change seq processed
//	W n <kind>                           -> u64 last id handed out (w, x, o);
//	                                        W n g: watch generation (WatchGen)
const nsWatch = 'W'

// Sub-kinds of nsWatch keys.
const (
	wkWatch  = 'w'
	wkAddr   = 'a'
	wkAlert  = 'x'
	wkBlock  = 'b'
	wkDedup  = 'd'
	wkOutbox = 'o'
	wkCursor = 'c'
	wkNext   = 'n'
	wkGen    = 'g' // under wkNext: the watch generation
)

// Watch is a persisted watch: addresses (kept as WatchAddr entries) or an
// incident whose traced addresses are watched, with where alerts go.
type Watch struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	Chain    string `json:"chain"`
	Incident string `json:"incident,omitempty"`
	Webhook  string `json:"webhook,omitempty"`
	// Secret keys the HMAC-SHA256 signature of webhook bodies. It is
	// never printed.
	Secret string `json:"secret,omitempty"`
	Log    string `json:"log,omitempty"`
	// Follow: value leaving a watched address to an unwatched, unlabeled
	// address makes that address watched too (taint follows live).
	Follow bool `json:"follow"`
	// SinceSeq is the chain's change seq when the watch was added: only
	// later changes can raise its alerts.
	SinceSeq  uint64    `json:"since_seq"`
	CreatedAt time.Time `json:"created_at"`
}

// Roles of watched addresses.
const (
	RoleAddress  = "address"  // given with --address
	RoleSeed     = "seed"     // an incident seed
	RoleTraced   = "traced"   // reached by the trace when the watch was added
	RoleEndpoint = "endpoint" // a trace endpoint (exchange deposit address): alerts, never followed from
	RoleFollowed = "followed" // added live by an alert (Via)
)

// WatchAddr is one watched address of a watch.
type WatchAddr struct {
	Address string `json:"address"`
	Role    string `json:"role"`
	Via     string `json:"via,omitempty"`   // RoleFollowed: the alert that added it
	Block   uint64 `json:"block,omitempty"` // RoleFollowed: block of that alert
}

// WatchNum parses a watch id ("w12") into its number.
func WatchNum(id string) (uint64, error) { return idNum(id, "w") }

// AlertNum parses an alert id ("a7") into its number.
func AlertNum(id string) (uint64, error) { return idNum(id, "a") }

func idNum(id, prefix string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, prefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, prefix) || n == 0 {
		return 0, fmt.Errorf("id %q: want %s<number>", id, prefix)
	}
	return n, nil
}

func keyW(kind byte, n uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{nsWatch, kind}, n)
}

func keyWatchAddr(watch uint64, addr string) []byte { return append(keyW(wkAddr, watch), addr...) }

func keyAlertBlock(c chain.ID, block, alert uint64) []byte {
	k := binary.BigEndian.AppendUint64([]byte{nsWatch, wkBlock, byte(c)}, block)
	return binary.BigEndian.AppendUint64(k, alert)
}

func keyCursor(c chain.ID) []byte { return []byte{nsWatch, wkCursor, byte(c)} }

// Watches returns every watch in id order.
func (s *Store) Watches() ([]Watch, error) {
	var out []Watch
	err := s.eachJSON([]byte{nsWatch, wkWatch}, func(_ []byte, v []byte) error {
		w, err := DecodeWatch(v)
		out = append(out, w)
		return err
	})
	return out, err
}

// GetWatch returns watch id (ErrNotFound when there is none).
func (s *Store) GetWatch(id string) (Watch, error) {
	n, err := WatchNum(id)
	if err != nil {
		return Watch{}, fmt.Errorf("watch %q: %w", id, ErrNotFound)
	}
	v, ok, err := s.get(keyW(wkWatch, n))
	if err != nil {
		return Watch{}, err
	}
	if !ok {
		return Watch{}, fmt.Errorf("watch %q: %w", id, ErrNotFound)
	}
	return DecodeWatch(v)
}

// DecodeWatch parses a stored watch record: a watch id and a known chain.
func DecodeWatch(v []byte) (Watch, error) {
	var w Watch
	if err := json.Unmarshal(v, &w); err != nil {
		return Watch{}, fmt.Errorf("store: bad watch record: %w", err)
	}
	if _, err := WatchNum(w.ID); err != nil {
		return Watch{}, fmt.Errorf("store: bad watch record: %w", err)
	}
	if _, err := chain.Lookup(w.Chain); err != nil {
		return Watch{}, fmt.Errorf("store: bad watch record %s: %w", w.ID, err)
	}
	return w, nil
}

// WatchAddrs returns the watched addresses of watch id, in address order.
func (s *Store) WatchAddrs(id string) ([]WatchAddr, error) {
	n, err := WatchNum(id)
	if err != nil {
		return nil, err
	}
	var out []WatchAddr
	err = s.eachJSON(keyW(wkAddr, n), func(_ []byte, v []byte) error {
		var a WatchAddr
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("store: bad watched-address record: %w", err)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// WatchCursor returns the last change seq of c that the watch processor
// finished (0 when it never ran); ok is false when it never ran.
func (s *Store) WatchCursor(c chain.Info) (seq uint64, ok bool, err error) {
	v, ok, err := s.get(keyCursor(c.ID))
	if err != nil || !ok {
		return 0, ok, err
	}
	seq, n := binary.Uvarint(v)
	if n <= 0 {
		return 0, false, fmt.Errorf("store: watch cursor: %w", errCorrupt)
	}
	return seq, true, nil
}

// WatchGen returns the watch generation: a number that changes with every
// committed change to watches or watched addresses, so that a cache of
// them (package watch keeps one between runs) can tell it is current.
func (s *Store) WatchGen() (uint64, error) {
	v, ok, err := s.get([]byte{nsWatch, wkNext, wkGen})
	if err != nil || !ok {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("store: watch generation: %w", errCorrupt)
	}
	return binary.BigEndian.Uint64(v), nil
}

// eachJSON calls fn with every key and value under prefix.
func (s *Store) eachJSON(prefix []byte, fn func(k, v []byte) error) error {
	it, err := s.db.NewIter(iterRange(prefix))
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return errors.Join(err, it.Close())
		}
	}
	return errors.Join(it.Error(), it.Close())
}
