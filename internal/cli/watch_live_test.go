package cli_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

// TestWatchIngestRPC: `vigil ingest rpc` runs the watch processor as a
// post-commit hook and delivers before it exits: payments from a watched
// account on a real geth --dev reach the signed webhook and the log file,
// including value forwarded onward by a contract's internal call (the
// forwarder is followed because the watch follows taint).
func TestWatchIngestRPC(t *testing.T) {
	g := gethtest.Start(t)
	const carol = "000000000000000000000000000000000000ca01"
	fwd := g.Deploy(gethtest.ForwarderCode(carol), 0)
	pay := g.Send("0x"+fwd, 5e15, nil)
	v := newVigil(t)
	hooks := &hookLog{ids: map[string]int{}}
	srv := httptest.NewServer(hooks)
	defer srv.Close()
	logFile := filepath.Join(t.TempDir(), "alerts.jsonl")
	v.ok("watch", "add", "--chain", "eth", "--address", g.Dev, "--follow", "--webhook", srv.URL, "--secret", e2eSecret, "--log", logFile)
	v.ok("ingest", "rpc", "--chain", "eth", "--url", g.URL, "--quiet")
	var doc struct{ Alerts []alertDoc }
	v.json(&doc, "alerts")
	lines := countLines(t, logFile)
	tx := strings.ToLower(gethtest.Str(pay, "transactionHash"))
	forwarded := 0
	for _, a := range doc.Alerts {
		if a.Status != "delivered" || hooks.ids[a.ID] != 1 || lines[a.ID] != 1 {
			t.Fatalf("alert %+v: webhook %d, log %d", a, hooks.ids[a.ID], lines[a.ID])
		}
		if a.Tx == tx {
			forwarded++
		}
	}
	// the payment dev->forwarder and, followed, forwarder->carol
	if forwarded != 2 || hooks.badSig != 0 {
		t.Fatalf("%d alerts for the forwarded payment %s, want 2 (bad signatures %d): %+v", forwarded, tx, hooks.badSig, doc.Alerts)
	}
}
