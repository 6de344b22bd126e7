package watch

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// SignatureHeader carries the HMAC-SHA256 of a webhook body.
const SignatureHeader = "X-Vigil-Signature"

// Sign returns the SignatureHeader value of body under secret:
// "sha256=" and the hex HMAC-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is the signature of body under secret
// (constant time), for receivers written in Go.
func Verify(secret string, body []byte, sig string) bool {
	return hmac.Equal([]byte(sig), []byte(Sign(secret, body)))
}

// Deliverer sends queued alerts to their targets. Make one with
// NewDeliverer; zero fields take the defaults below.
type Deliverer struct {
	Store *store.Store
	// Client posts webhooks (default: 10 s timeout).
	Client *http.Client
	// MinBackoff and MaxBackoff bound the wait before retrying a failed
	// delivery: MinBackoff doubled per failed attempt, at most MaxBackoff
	// (defaults 1 s and 5 min).
	MinBackoff, MaxBackoff time.Duration
	// Poll is how often Run looks at the outbox when not woken (default
	// DefaultPoll).
	Poll time.Duration
	// Now ignores backoff: every entry is tried (one-shot delivery).
	Now bool
	// Logf reports failed attempts (nil: quiet). Secrets never reach it.
	Logf func(format string, args ...any)

	wake chan struct{}
	down map[string]*targetState // watch/target -> failures in a row
}

// targetState tracks a target that keeps failing: its entries wait until
// the target's own backoff ends, so that a dead webhook is tried once per
// backoff step, not once per queued alert.
type targetState struct {
	fails int
	until time.Time
}

// NewDeliverer returns a Deliverer of the outbox of st.
func NewDeliverer(st *store.Store) *Deliverer {
	return &Deliverer{Store: st, wake: make(chan struct{}, 1), down: map[string]*targetState{}}
}

// DefaultPoll is the outbox polling interval of Run.
const DefaultPoll = 250 * time.Millisecond

// DeliverStats counts what a delivery pass did.
type DeliverStats struct {
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`
	Dropped   int `json:"dropped"` // entries of removed watches or alerts
	Waiting   int `json:"waiting"` // entries not due yet (backing off)
}

func (d *Deliverer) defaults() {
	if d.Client == nil {
		d.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if d.MinBackoff <= 0 {
		d.MinBackoff = time.Second
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = 5 * time.Minute
	}
	if d.Poll <= 0 {
		d.Poll = DefaultPoll
	}
}

// Wake makes Run look at the outbox now (it never blocks).
func (d *Deliverer) Wake() {
	if d.wake == nil {
		return
	}
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done: a pass over the outbox, then a wait of
// Poll or until Wake. Store errors end it.
func (d *Deliverer) Run(ctx context.Context) error {
	d.defaults()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake: // nil (never ready) without NewDeliverer
		case <-t.C:
		}
		if _, err := d.Once(ctx); err != nil && ctx.Err() == nil {
			return err
		}
		t.Reset(d.Poll)
	}
}

// Hook returns a post-commit hook (package live's Hook signature) that
// runs Process and then wakes d.
func (d *Deliverer) Hook() func(ctx context.Context, st *store.Store, c chain.Info, tip uint64) error {
	return func(ctx context.Context, st *store.Store, c chain.Info, tip uint64) error {
		err := Process(ctx, st, c, tip)
		d.Wake()
		return err
	}
}

// Once makes one pass over the outbox: every due entry is tried once,
// except that after a failure the other entries of the same watch and
// target wait for the next pass (and, unless Now is set, for the target's
// backoff). Once and Run must not run at the same time.
func (d *Deliverer) Once(ctx context.Context) (DeliverStats, error) {
	d.defaults()
	if d.down == nil {
		d.down = map[string]*targetState{}
	}
	var st DeliverStats
	entries, err := d.Store.Outbox(0)
	if err != nil {
		return st, err
	}
	now := time.Now()
	failed := map[string]bool{}
	for _, e := range entries {
		if ctx.Err() != nil {
			return st, nil
		}
		key := e.Watch + "/" + e.Target
		ts := d.down[key]
		if failed[key] || !d.Now && (e.NextAt > now.UnixMilli() || ts != nil && now.Before(ts.until)) {
			st.Waiting++
			continue
		}
		ok, err := d.one(ctx, e, &st)
		if err != nil {
			return st, err
		}
		if ok {
			delete(d.down, key)
			continue
		}
		failed[key] = true
		if ts == nil {
			ts = &targetState{}
			d.down[key] = ts
		}
		ts.fails++
		ts.until = time.Now().Add(d.backoff(ts.fails))
	}
	return st, nil
}

// one tries entry e once and records the outcome; ok is false when the
// target failed.
func (d *Deliverer) one(ctx context.Context, e store.OutboxEntry, st *DeliverStats) (ok bool, err error) {
	w, r, err := d.load(e)
	if errors.Is(err, store.ErrNotFound) {
		st.Dropped++
		return true, d.finish(e, false, nil)
	}
	if err != nil {
		return false, err
	}
	body, err := json.Marshal(&r.Alert)
	if err != nil {
		return false, err
	}
	if e.Target == store.TargetWebhook {
		err = post(ctx, d.Client, w, body)
	} else {
		err = appendLine(w.Log, body)
	}
	if err != nil {
		if ctx.Err() != nil {
			return true, nil
		}
		st.Failed++
		if d.Logf != nil {
			d.Logf("alert %s to %s of watch %s: attempt %d failed: %v", e.Alert, e.Target, e.Watch, e.Attempts+1, err)
		}
		return false, d.finish(e, false, err)
	}
	st.Delivered++
	return true, d.finish(e, true, nil)
}

// load reads the watch and alert of e, the alert with its confirmations
// as of now.
func (d *Deliverer) load(e store.OutboxEntry) (store.Watch, store.AlertRecord, error) {
	w, err := d.Store.GetWatch(e.Watch)
	if err != nil {
		return w, store.AlertRecord{}, err
	}
	r, err := d.Store.GetAlert(e.Alert)
	if err == nil {
		err = newChainTips(d.Store).current(&r)
	}
	return w, r, err
}

// finish records the outcome of one attempt: success or a dropped entry
// leaves the outbox (a success counts down the alert's pending targets
// and marks it delivered at zero); a failure schedules a retry.
func (d *Deliverer) finish(e store.OutboxEntry, ok bool, failure error) error {
	mu.Lock()
	defer mu.Unlock()
	b := d.Store.NewWatchBatch()
	defer b.Close()
	if failure != nil {
		e.Attempts++
		e.NextAt = time.Now().Add(d.backoff(e.Attempts)).UnixMilli()
		e.LastError = failure.Error()
		if err := b.UpdateOutbox(&e); err != nil {
			return err
		}
		return b.Commit()
	}
	if err := b.Dequeue(e.Seq); err != nil {
		return err
	}
	if ok {
		if err := markDelivered(b, e.Alert); err != nil {
			return err
		}
	}
	return b.Commit()
}

// markDelivered counts down an alert's pending targets.
func markDelivered(b *store.WatchBatch, id string) error {
	r, err := b.GetAlert(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	r.Pending = max(r.Pending-1, 0)
	if r.Pending == 0 && r.Status == store.AlertNew {
		r.Status, r.DeliveredAt = store.AlertDelivered, time.Now().UTC()
	}
	return b.PutAlert(&r)
}

// backoff is the wait before attempt n+1 after n failures.
func (d *Deliverer) backoff(n int) time.Duration {
	b := d.MinBackoff
	for i := 1; i < n && b < d.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.MaxBackoff)
}
