package store

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// WatchBatch groups changes to watches, alerts, the outbox and the
// processor's cursor into one atomic, synced write. Reads through the
// batch see its own writes. A WatchBatch is not safe for concurrent use;
// callers serialize read-modify-write cycles themselves (package watch
// holds one lock around them).
type WatchBatch struct {
	s *Store
	b *pebble.Batch
	// touched: watches or watched addresses changed (Commit bumps the
	// watch generation, see WatchGen)
	touched bool
}

// NewWatchBatch starts a batch; Commit or Close it.
func (s *Store) NewWatchBatch() *WatchBatch {
	return &WatchBatch{s: s, b: s.db.NewIndexedBatch()}
}

// Commit writes the batch durably and closes it.
func (w *WatchBatch) Commit() error {
	if w.b == nil {
		return fmt.Errorf("store: watch batch committed after it was closed")
	}
	if w.touched {
		if _, err := w.nextID(wkGen); err != nil {
			w.Close()
			return err
		}
	}
	err := w.b.Commit(pebble.Sync)
	w.Close()
	if err != nil {
		return fmt.Errorf("store: writing watches and alerts: %w", err)
	}
	return nil
}

// Count returns the number of writes in the batch.
func (w *WatchBatch) Count() uint32 { return w.b.Count() }

// Close drops an uncommitted batch; closing again does nothing.
func (w *WatchBatch) Close() {
	if w.b != nil {
		w.b.Close()
		w.b = nil
	}
}

// nextID hands out the next number of kind (1, 2, ...).
func (w *WatchBatch) nextID(kind byte) (uint64, error) {
	k := []byte{nsWatch, wkNext, kind}
	v, ok, err := getFrom(w.b, k)
	if err != nil {
		return 0, err
	}
	var n uint64
	if ok {
		if len(v) != 8 {
			return 0, fmt.Errorf("store: watch id counter: %w", errCorrupt)
		}
		n = binary.BigEndian.Uint64(v)
	}
	n++
	return n, w.b.Set(k, binary.BigEndian.AppendUint64(nil, n), nil)
}

// AddWatch gives wt a new id and stores it with its addresses.
func (w *WatchBatch) AddWatch(wt *Watch, addrs []WatchAddr) error {
	w.touched = true
	n, err := w.nextID(wkWatch)
	if err != nil {
		return err
	}
	wt.ID = fmt.Sprintf("w%d", n)
	if err := w.setJSON(keyW(wkWatch, n), wt); err != nil {
		return err
	}
	for i := range addrs {
		if err := w.PutWatchAddr(wt.ID, &addrs[i]); err != nil {
			return err
		}
	}
	return nil
}

// RemoveWatch deletes watch id and its addresses; its alerts are kept.
func (w *WatchBatch) RemoveWatch(id string) error {
	w.touched = true
	n, err := WatchNum(id)
	if err != nil {
		return err
	}
	if _, ok, err := getFrom(w.b, keyW(wkWatch, n)); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("watch %q: %w", id, ErrNotFound)
		}
		return err
	}
	p := keyW(wkAddr, n)
	if err := w.b.DeleteRange(p, prefixEnd(p), nil); err != nil {
		return err
	}
	return w.b.Delete(keyW(wkWatch, n), nil)
}

// PutWatchAddr adds (or replaces) a watched address of watch id.
func (w *WatchBatch) PutWatchAddr(id string, a *WatchAddr) error {
	w.touched = true
	n, err := WatchNum(id)
	if err != nil {
		return err
	}
	return w.setJSON(keyWatchAddr(n, a.Address), a)
}

// GetWatchAddr reads watched address addr of watch id through the batch.
func (w *WatchBatch) GetWatchAddr(id, addr string) (WatchAddr, bool, error) {
	n, err := WatchNum(id)
	if err != nil {
		return WatchAddr{}, false, err
	}
	v, ok, err := getFrom(w.b, keyWatchAddr(n, addr))
	if err != nil || !ok {
		return WatchAddr{}, false, err
	}
	var a WatchAddr
	if err := json.Unmarshal(v, &a); err != nil {
		return WatchAddr{}, false, fmt.Errorf("store: bad watched-address record: %w", err)
	}
	return a, true, nil
}

// DeleteWatchAddr stops watching addr in watch id.
func (w *WatchBatch) DeleteWatchAddr(id, addr string) error {
	w.touched = true
	n, err := WatchNum(id)
	if err != nil {
		return err
	}
	return w.b.Delete(keyWatchAddr(n, addr), nil)
}

// AlertByKey returns the id number of the alert with dedupe key (hex).
func (w *WatchBatch) AlertByKey(key string) (uint64, bool, error) {
	k, err := dedupKey(key)
	if err != nil {
		return 0, false, err
	}
	v, ok, err := getFrom(w.b, k)
	if err != nil || !ok {
		return 0, false, err
	}
	if len(v) != 8 {
		return 0, false, fmt.Errorf("store: alert dedupe index: %w", errCorrupt)
	}
	return binary.BigEndian.Uint64(v), true, nil
}

func dedupKey(key string) ([]byte, error) {
	b, err := hex.DecodeString(key)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("store: alert key %q: want 64 hex digits", key)
	}
	return append([]byte{nsWatch, wkDedup}, b...), nil
}

// NewAlert gives r a new id and stores it, indexed by block and dedupe key.
func (w *WatchBatch) NewAlert(c chain.Info, r *AlertRecord) error {
	n, err := w.nextID(wkAlert)
	if err != nil {
		return err
	}
	r.ID = fmt.Sprintf("a%d", n)
	dk, err := dedupKey(r.Key)
	if err != nil {
		return err
	}
	if err := w.b.Set(dk, binary.BigEndian.AppendUint64(nil, n), nil); err != nil {
		return err
	}
	if err := w.b.Set(keyAlertBlock(c.ID, r.Block, n), nil, nil); err != nil {
		return err
	}
	return w.setJSON(keyW(wkAlert, n), r)
}

// GetAlert reads alert id through the batch.
func (w *WatchBatch) GetAlert(id string) (AlertRecord, error) {
	n, err := AlertNum(id)
	if err != nil {
		return AlertRecord{}, err
	}
	return getAlert(w.b, n)
}

// PutAlert rewrites an existing alert (status and outbox counters).
func (w *WatchBatch) PutAlert(r *AlertRecord) error {
	n, err := AlertNum(r.ID)
	if err != nil {
		return err
	}
	return w.setJSON(keyW(wkAlert, n), r)
}

// Enqueue adds an outbox entry (its Seq is assigned).
func (w *WatchBatch) Enqueue(e *OutboxEntry) error {
	n, err := w.nextID(wkOutbox)
	if err != nil {
		return err
	}
	e.Seq = n
	return w.setJSON(keyW(wkOutbox, n), e)
}

// UpdateOutbox rewrites entry e (attempts, next try) in place.
func (w *WatchBatch) UpdateOutbox(e *OutboxEntry) error { return w.setJSON(keyW(wkOutbox, e.Seq), e) }

// Dequeue deletes outbox entry seq.
func (w *WatchBatch) Dequeue(seq uint64) error { return w.b.Delete(keyW(wkOutbox, seq), nil) }

// SetWatchCursor records that changes of c up to seq are processed.
func (w *WatchBatch) SetWatchCursor(c chain.Info, seq uint64) error {
	return w.b.Set(keyCursor(c.ID), binary.AppendUvarint(nil, seq), nil)
}

func (w *WatchBatch) setJSON(k []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return w.b.Set(k, b, nil)
}
