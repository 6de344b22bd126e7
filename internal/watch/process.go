package watch

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// mu serializes every read-modify-write of watches, alerts and the outbox
// in this process (Process, delivery bookkeeping, Add, Remove). Another
// process cannot open the same store (it is locked).
var mu sync.Mutex

// Process raises the alerts of the blocks of chain c written since its
// last run (the change log after the persisted cursor): one atomic batch
// per change, holding the change's alerts, their outbox entries, the
// addresses followed and the new cursor. tip is the chain's best block,
// for the alerts' confirmation counts. Its signature is that of a
// post-commit hook of package live (run after each commit and rollback);
// it works as well after a file ingest.
func Process(ctx context.Context, st *store.Store, c chain.Info, tip uint64) error {
	mu.Lock()
	defer mu.Unlock()
	_, err := process(ctx, st, c, tip, time.Now())
	return err
}

// Stats says what a Process run did.
type Stats struct {
	Changes  int   // change-log entries read
	Blocks   int64 // blocks scanned
	Moves    int64 // value moves (UTXO: outputs) scanned
	Alerts   int   // alerts stored
	Orphaned int   // alerts orphaned
	Followed int   // addresses added by following taint
	// Unfollowed counts followed addresses dropped with their orphaned alert.
	Unfollowed int
}

// ProcessStats is Process returning what it did.
func ProcessStats(ctx context.Context, st *store.Store, c chain.Info, tip uint64) (Stats, error) {
	mu.Lock()
	defer mu.Unlock()
	return process(ctx, st, c, tip, time.Now())
}

func process(ctx context.Context, st *store.Store, c chain.Info, tip uint64, now time.Time) (Stats, error) {
	var stats Stats
	cursor, _, err := st.WatchCursor(c)
	if err != nil {
		return stats, err
	}
	changes, err := st.Changes(c, cursor)
	if err != nil || len(changes) == 0 {
		return stats, err
	}
	p, err := newProc(st, c, tip, now)
	if err != nil {
		return stats, err
	}
	if err := p.loadSet(changes); err != nil {
		return stats, err
	}
	p.b = st.NewWatchBatch()
	defer func() { p.b.Close() }()
	for _, ch := range changes {
		if err := ctx.Err(); err != nil {
			return p.stats, err
		}
		if err := p.change(ch); err != nil {
			return p.stats, fmt.Errorf("watch: %s change %d (blocks %d-%d): %w", c.Name, ch.Seq, ch.Lowest, ch.Highest, err)
		}
	}
	if p.b.Count() > 0 {
		if err := p.b.Commit(); err != nil {
			return p.stats, err
		}
	}
	return p.stats, p.keep()
}

// proc is one Process run over one chain.
type proc struct {
	st     *store.Store
	c      chain.Info
	tip    uint64
	now    time.Time
	d      *store.Dict
	tokens *store.Dict
	set    *set
	todo   []pending             // watched addresses not in the dictionary yet
	svc    map[chain.AddrID]bool // labeled-service cache
	b      *store.WatchBatch     // the current change's batch
	seq    uint64                // the current change's seq
	stats  Stats
}

func newProc(st *store.Store, c chain.Info, tip uint64, now time.Time) (*proc, error) {
	p := &proc{st: st, c: c, tip: tip, now: now.UTC(), svc: map[chain.AddrID]bool{}}
	var err error
	if p.d, err = st.Addresses(c); err != nil {
		return nil, err
	}
	p.tokens, err = st.Tokens(c)
	return p, err
}

// change processes one change-log entry. Its alerts, outbox entries,
// followed addresses and the cursor past it are committed in one batch
// before the next change is looked at (whose orphan check reads them); a
// change that writes nothing but the cursor leaves the batch open for the
// next one, so that scanning many quiet changes costs one write.
func (p *proc) change(ch store.Change) error {
	p.stats.Changes++
	p.seq = ch.Seq
	n0 := p.b.Count()
	if err := p.orphan(ch.Lowest, ch.Highest); err != nil {
		return err
	}
	if p.set.anyActive(ch.Seq) {
		var err error
		if p.c.Kind == chain.Account {
			err = p.scanAccount(ch.Lowest, ch.Highest)
		} else {
			err = p.scanUTXO(ch.Lowest, ch.Highest)
		}
		if err != nil {
			return err
		}
	}
	dirty := p.b.Count() > n0
	if err := p.b.SetWatchCursor(p.c, ch.Seq); err != nil || !dirty {
		return err
	}
	if err := p.b.Commit(); err != nil {
		return err
	}
	p.b = p.st.NewWatchBatch()
	return nil
}

// isService reports whether id carries a label of a service category
// (exchange, bridge, mixer, DEX, other service): never followed into.
func (p *proc) isService(id chain.AddrID) bool {
	if v, ok := p.svc[id]; ok {
		return v
	}
	name, err := store.AddressName(p.c, p.d, id)
	v := err != nil || isServiceAddr(p.st, p.c, name)
	p.svc[id] = v
	return v
}
