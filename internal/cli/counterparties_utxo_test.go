package cli_test

import (
	"testing"
)

// TestCounterpartiesUTXO checks /v1/addresses/btc/A/counterparties by
// hand on the cluster scenario: A received the seed's 100,000 less a fee
// (99,000, all from the seed); A then paid 148,000 to another address
// together with the hot wallet's 50,000, so A's share of that output is
// ⌊148,000·99,000/149,000⌋ = 98,335.
func TestCounterpartiesUTXO(t *testing.T) {
	v := clusterScenario(t)
	base, stop := v.served()
	defer stop()
	var cp struct {
		Sent, Received []struct {
			Address, Amount string
			Count           int
		}
	}
	clGetJSON(t, base+"/v1/addresses/btc/"+clA+"/counterparties", &cp)
	if len(cp.Received) != 1 || cp.Received[0].Address != clSeed || cp.Received[0].Amount != "99000" || cp.Received[0].Count != 1 {
		t.Errorf("received: %+v, want 99000 from the seed", cp.Received)
	}
	if len(cp.Sent) != 1 || cp.Sent[0].Address != clOther || cp.Sent[0].Amount != "98335" {
		t.Errorf("sent: %+v, want 98335 to %s", cp.Sent, clOther)
	}
}
