package watch

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/vigil-project/vigil/internal/store"
)

// checkLog delivers the queued alerts and checks that the log file holds
// each alert once, as one JSON line, and that they are all delivered.
func checkLog(t *testing.T, st *store.Store, path string, as []store.AlertRecord) {
	t.Helper()
	ds, err := NewDeliverer(st).Once(context.Background())
	if err != nil || ds.Delivered != len(as) || ds.Failed != 0 {
		t.Fatalf("delivery %+v, %v: want %d delivered", ds, err, len(as))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a store.Alert
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		seen[a.ID]++
	}
	for _, a := range as {
		if seen[a.ID] != 1 {
			t.Errorf("alert %s is in the log %d times", a.ID, seen[a.ID])
		}
	}
	if n := len(mustAlerts(t, st, Filter{Status: store.AlertDelivered})); n != len(as) {
		t.Fatalf("%d alerts delivered, want %d", n, len(as))
	}
}
