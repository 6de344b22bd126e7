package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// Alert statuses.
const (
	AlertNew       = "new"       // stored, not (yet) delivered to every target
	AlertDelivered = "delivered" // every target acknowledged it
	AlertOrphaned  = "orphaned"  // its transaction left the chain in a reorg
)

// Alert is one watched value move, as printed and POSTed (docs/watch.md).
type Alert struct {
	ID            string `json:"id"`
	Watch         string `json:"watch"`
	Chain         string `json:"chain"`
	Tx            string `json:"tx"`
	From          string `json:"from"`
	To            string `json:"to"`
	Asset         string `json:"asset"`
	Amount        string `json:"amount"`
	Block         uint64 `json:"block"`
	BlockHash     string `json:"block_hash,omitempty"`
	Confirmations uint64 `json:"confirmations"`
	Time          string `json:"time,omitempty"`
	Status        string `json:"status"`
	// Watched is the watched side of the move: "from", "to" or "both".
	Watched string `json:"watched"`
	// Followed lists the addresses this move added to its watch.
	Followed []string `json:"followed,omitempty"`
}

// AlertRecord is an Alert with the processor's and the outbox's state.
type AlertRecord struct {
	Alert
	// Move names the move inside its transaction (account chains: "m"
	// and its position; UTXO chains: "o" and the output index).
	Move string `json:"move"`
	// Key is the hex dedupe key (watch, chain, tx, move, block hash).
	Key string `json:"key"`
	// Pending counts outbox entries not yet acknowledged.
	Pending     int       `json:"pending"`
	CreatedAt   time.Time `json:"created_at"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	OrphanedAt  time.Time `json:"orphaned_at,omitzero"`
}

// DecodeAlertRecord parses a stored alert record.
func DecodeAlertRecord(v []byte) (AlertRecord, error) {
	var r AlertRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("store: bad alert record: %w", err)
	}
	if _, err := AlertNum(r.ID); err != nil {
		return r, fmt.Errorf("store: bad alert record: %w", err)
	}
	return r, nil
}

// OutboxEntry is one pending delivery of an alert to one target.
type OutboxEntry struct {
	Seq       uint64 `json:"-"`
	Alert     string `json:"alert"`
	Watch     string `json:"watch"`
	Target    string `json:"target"` // "webhook" or "log"
	Attempts  int    `json:"attempts"`
	NextAt    int64  `json:"next_at"` // unix ms; 0: now
	LastError string `json:"last_error,omitempty"`
}

// Delivery targets.
const (
	TargetWebhook = "webhook"
	TargetLog     = "log"
)

// GetAlert returns alert id (ErrNotFound when there is none).
func (s *Store) GetAlert(id string) (AlertRecord, error) {
	n, err := AlertNum(id)
	if err != nil {
		return AlertRecord{}, fmt.Errorf("alert %q: %w", id, ErrNotFound)
	}
	return getAlert(s.db, n)
}

func getAlert(r reader, n uint64) (AlertRecord, error) {
	v, ok, err := getFrom(r, keyW(wkAlert, n))
	if err != nil {
		return AlertRecord{}, err
	}
	if !ok {
		return AlertRecord{}, fmt.Errorf("alert a%d: %w", n, ErrNotFound)
	}
	return DecodeAlertRecord(v)
}

// EachAlert calls fn with every stored alert in id (creation) order.
func (s *Store) EachAlert(fn func(*AlertRecord) error) error {
	return s.eachJSON([]byte{nsWatch, wkAlert}, func(_ []byte, v []byte) error {
		r, err := DecodeAlertRecord(v)
		if err != nil {
			return err
		}
		return fn(&r)
	})
}

// AlertsInBlocks returns the ids of the alerts of chain c raised in
// blocks lo..hi, in block order.
func (s *Store) AlertsInBlocks(c chain.Info, lo, hi uint64) ([]string, error) {
	var out []string
	start := keyAlertBlock(c.ID, lo, 0)
	end := prefixEnd(keyAlertBlock(c.ID, hi, ^uint64(0)))
	if hi == ^uint64(0) {
		end = prefixEnd([]byte{nsWatch, wkBlock, byte(c.ID)})
	}
	err := s.eachRange(start, end, func(k, _ []byte) error {
		if len(k) != 19 {
			return fmt.Errorf("store: alert block index: %w", errCorrupt)
		}
		out = append(out, fmt.Sprintf("a%d", binary.BigEndian.Uint64(k[11:])))
		return nil
	})
	return out, err
}

// Outbox returns up to limit pending deliveries (all when limit <= 0) in
// the order they were queued.
func (s *Store) Outbox(limit int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := s.eachJSON([]byte{nsWatch, wkOutbox}, func(k, v []byte) error {
		if limit > 0 && len(out) >= limit {
			return errStop
		}
		e, err := DecodeOutboxEntry(k, v)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err == errStop {
		err = nil
	}
	return out, err
}

// DecodeOutboxEntry parses a stored outbox entry and its key.
func DecodeOutboxEntry(k, v []byte) (OutboxEntry, error) {
	var e OutboxEntry
	if len(k) != 10 {
		return e, fmt.Errorf("store: outbox key: %w", errCorrupt)
	}
	if err := json.Unmarshal(v, &e); err != nil {
		return e, fmt.Errorf("store: bad outbox entry: %w", err)
	}
	if e.Target != TargetWebhook && e.Target != TargetLog {
		return e, fmt.Errorf("store: bad outbox entry: target %q", e.Target)
	}
	e.Seq = binary.BigEndian.Uint64(k[2:])
	return e, nil
}

// errStop ends an iteration early without an error.
var errStop = fmt.Errorf("stop")

// eachRange calls fn with every key and value in [lo, hi).
func (s *Store) eachRange(lo, hi []byte, fn func(k, v []byte) error) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return err
	}
	return it.Close()
}
