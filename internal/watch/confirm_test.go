package watch

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/vigil-project/vigil/internal/store"
)

// TestConfirmationsGrow: an alert's confirmations follow the chain after
// it was made. The simulated heist is ingested in three parts with an
// incident watch delivering to a log file: each delivery carries the
// count at delivery, Alerts the count now (grown by the later blocks),
// and a rollback makes the removed blocks' alerts 0 (orphaned) and the
// others count to the new tip; the orphan updates are delivered with 0.
func TestConfirmationsGrow(t *testing.T) {
	h := simHeist(t)
	split, mid := h.truth.TheftBlock+6, h.truth.TheftBlock+12
	st := openStore(t, t.TempDir())
	ingestDir(t, st, h.part(t, h.first, split-1, nil))
	importHeistIntel(t, st, h)
	logFile := t.TempDir() + "/alerts.jsonl"
	w, _, err := Add(st, Spec{Chain: eth, Incident: "sim-heist", Log: logFile}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ingestDir(t, st, h.part(t, split, mid, nil))
	processAndDeliver(t, st, mid)
	first := mustAlerts(t, st, Filter{Watch: w.ID})
	checkConfirmations(t, "after the second part", first, mid, 0)
	checkLogConfirmations(t, logFile, len(first), mid, 0)

	ingestDir(t, st, h.part(t, mid+1, h.last, nil))
	processAndDeliver(t, st, h.last)
	all := mustAlerts(t, st, Filter{Watch: w.ID})
	if len(all) <= len(first) {
		t.Fatalf("the third part raised no alert (%d, then %d)", len(first), len(all))
	}
	checkConfirmations(t, "after the third part", all, h.last, 0)
	checkLogConfirmations(t, logFile, len(all), h.last, len(first))
	stored, err := st.GetAlert(first[0].ID)
	if err != nil || stored.Confirmations != mid-stored.Block+1 {
		t.Errorf("stored record of %s: %d confirmations (%v), want the %d it was made with", first[0].ID, stored.Confirmations, err, mid-stored.Block+1)
	}

	r := mid + 1
	if _, err := st.Rollback(eth, r); err != nil {
		t.Fatal(err)
	}
	processAndDeliver(t, st, r-1)
	checkConfirmations(t, "after the rollback", mustAlerts(t, st, Filter{Watch: w.ID}), r-1, r)
	checkLogConfirmations(t, logFile, len(all)+len(all)-len(first), r-1, len(all))
}

// processAndDeliver runs the processor with the stored tip and one
// delivery pass, as vigil ingest does after an ingest.
func processAndDeliver(t *testing.T, st *store.Store, tip uint64) {
	t.Helper()
	if got := lastBlock(t, st); got != tip {
		t.Fatalf("stored tip %d, want %d", got, tip)
	}
	if err := Process(context.Background(), st, eth, tip); err != nil {
		t.Fatal(err)
	}
	if ds, err := NewDeliverer(st).Once(context.Background()); err != nil || ds.Failed != 0 {
		t.Fatalf("delivery %+v: %v", ds, err)
	}
}

// checkConfirmations checks each alert against tip: tip-block+1, or 0
// for the orphaned ones (those at or above gone, when gone > 0).
func checkConfirmations(t *testing.T, when string, as []store.AlertRecord, tip, gone uint64) {
	t.Helper()
	for _, a := range as {
		want := tip - a.Block + 1
		if gone > 0 && a.Block >= gone {
			want = 0
			if a.Status != store.AlertOrphaned {
				t.Errorf("%s: alert %s in removed block %d is %s", when, a.ID, a.Block, a.Status)
			}
		}
		if a.Confirmations != want {
			t.Errorf("%s: alert %s in block %d (%s) has %d confirmations, want %d", when, a.ID, a.Block, a.Status, a.Confirmations, want)
		}
	}
}

// checkLogConfirmations reads the log's n lines and checks those from
// line skip on as delivered at tip (orphan updates with 0).
func checkLogConfirmations(t *testing.T, path string, n int, tip uint64, skip int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []store.Alert
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var a store.Alert
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, a)
	}
	if len(lines) != n {
		t.Fatalf("log holds %d alerts, want %d", len(lines), n)
	}
	for _, a := range lines[skip:] {
		want := tip - a.Block + 1
		if a.Status == store.AlertOrphaned {
			want = 0
		}
		if a.Confirmations != want {
			t.Errorf("log: alert %s (block %d, %s) delivered with %d confirmations, want %d", a.ID, a.Block, a.Status, a.Confirmations, want)
		}
	}
}
