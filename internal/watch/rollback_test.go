package watch

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/store"
)

// reorgFixture ingests the heist up to split-1, adds the incident watch,
// ingests the rest and processes it. It returns the store, the watch, the
// addresses it started with, the split and a rollback block r with
// alerts that followed taint at or above it.
func reorgFixture(t *testing.T) (heist, *store.Store, store.Watch, map[string]string, uint64, uint64) {
	t.Helper()
	h := simHeist(t)
	split := h.truth.TheftBlock + 6
	st := openStore(t, t.TempDir())
	ingestDir(t, st, h.part(t, h.first, split-1, nil))
	importHeistIntel(t, st, h)
	w, addrs, err := Add(st, Spec{Chain: eth, Incident: "sim-heist"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, a := range addrs {
		before[a.Address] = a.Role
	}
	ingestDir(t, st, h.part(t, split, h.last, nil))
	if err := Process(context.Background(), st, eth, h.last); err != nil {
		t.Fatal(err)
	}
	r := split + (h.last-split)/2
	followedAbove := 0
	for _, a := range mustAlerts(t, st, Filter{}) {
		if a.Block >= r {
			followedAbove += len(a.Followed)
		}
	}
	if followedAbove == 0 {
		t.Fatalf("no alert at or above block %d followed taint: pick another rollback block", r)
	}
	return h, st, w, before, split, r
}

// checkLive compares the live (not orphaned) alerts and the watch with
// the naive replay of blocks split.. as stored now.
func checkLive(t *testing.T, st *store.Store, w store.Watch, before map[string]string, split, last uint64) []store.AlertRecord {
	t.Helper()
	var live []store.AlertRecord
	for _, a := range mustAlerts(t, st, Filter{Watch: w.ID}) {
		if a.Status != store.AlertOrphaned {
			live = append(live, a)
		}
	}
	want, wantW := naiveReplay(t, st, split, last, copyMap(before))
	if !slices.Equal(alertKeys(live), want) {
		t.Fatalf("live alerts differ from the replay:\ngot  %v\nwant %v", alertKeys(live), want)
	}
	got := watched(t, st, w.ID)
	if len(got) != len(wantW) {
		t.Fatalf("watch holds %d addresses, replay %d", len(got), len(wantW))
	}
	for a := range wantW {
		if _, ok := got[a]; !ok {
			t.Fatalf("replay watches %s, the watch does not", a)
		}
	}
	return live
}

// TestRollbackOrphans: a rollback orphans the alerts of the removed
// blocks and unwatches what they followed; the same blocks ingested again
// (same hashes) bring the same alerts back, without duplicates.
func TestRollbackOrphans(t *testing.T) {
	h, st, w, before, split, r := reorgFixture(t)
	all := mustAlerts(t, st, Filter{})
	if _, err := st.Rollback(eth, r); err != nil {
		t.Fatal(err)
	}
	stats, err := ProcessStats(context.Background(), st, eth, r-1)
	if err != nil {
		t.Fatal(err)
	}
	above := 0
	for _, a := range all {
		if a.Block >= r {
			above++
		}
	}
	if stats.Orphaned != above || len(mustAlerts(t, st, Filter{Status: store.AlertOrphaned})) != above {
		t.Fatalf("rollback at %d orphaned %d alerts, want %d", r, stats.Orphaned, above)
	}
	checkLive(t, st, w, before, split, h.last)

	ingestDir(t, st, h.part(t, r, h.last, nil))
	if err := Process(context.Background(), st, eth, h.last); err != nil {
		t.Fatal(err)
	}
	again := mustAlerts(t, st, Filter{})
	if len(again) != len(all) {
		t.Fatalf("%d alerts after re-ingesting the same blocks, want %d (no duplicates)", len(again), len(all))
	}
	checkLive(t, st, w, before, split, h.last)
}

// TestReorgNewBranch: blocks r.. are replaced by a branch with other
// hashes that lacks one heist transaction: the old alerts are orphaned,
// the branch raises its own (with the new hashes), the dropped
// transaction's alerts stay orphaned and what it followed is unwatched
// unless the branch follows it again.
func TestReorgNewBranch(t *testing.T) {
	h, st, w, before, split, r := reorgFixture(t)
	var drop string
	for _, a := range mustAlerts(t, st, Filter{}) {
		if a.Block >= r && len(a.Followed) > 0 && a.Tx != "" {
			drop = a.Tx
			break
		}
	}
	if drop == "" {
		t.Fatal("no transaction to drop")
	}
	if _, err := st.Rollback(eth, r); err != nil {
		t.Fatal(err)
	}
	if err := Process(context.Background(), st, eth, r-1); err != nil {
		t.Fatal(err)
	}
	ingestDir(t, st, h.part(t, r, h.last, branchEdit(drop)))
	if err := Process(context.Background(), st, eth, h.last); err != nil {
		t.Fatal(err)
	}
	live := checkLive(t, st, w, before, split, h.last)
	onBranch := 0
	for _, a := range live {
		if a.Block >= r {
			onBranch++
		}
		if a.Tx == drop {
			t.Fatalf("alert %s for the dropped transaction is live", a.ID)
		}
		if a.Block >= r && !strings.HasSuffix(a.BlockHash, "f0") && !strings.HasSuffix(a.BlockHash, "0f") {
			t.Fatalf("alert %s in block %d has hash %s, not the new branch's", a.ID, a.Block, a.BlockHash)
		}
	}
	if onBranch == 0 {
		t.Fatal("the new branch raised no alerts")
	}
}

// branchEdit rewrites block hashes (last byte 0x0f or 0xf0, never the
// original) and drops the rows of transaction drop.
func branchEdit(drop string) func(file string, head, row []string) []string {
	return func(file string, head, row []string) []string {
		for i, h := range head {
			switch {
			case h == "transaction_hash" && row[i] == drop, file == "transactions.csv" && h == "hash" && row[i] == drop:
				return nil
			case h == "block_hash", file == "blocks.csv" && h == "hash":
				row[i] = otherHash(row[i])
			}
		}
		return row
	}
}

func otherHash(h string) string {
	if strings.HasSuffix(h, "0f") {
		return h[:len(h)-2] + "f0"
	}
	return h[:len(h)-2] + "0f"
}
