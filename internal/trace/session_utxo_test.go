package trace

import (
	"testing"
)

// TestSessionBtc: on a UTXO chain a Session answers like Run, and its
// Flows are the endpoints without paths.
func TestSessionBtc(t *testing.T) {
	st, labels, tr := utxoScenario(t, 5, 3000)
	s, err := Open(st, btcChain)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := st.Addresses(btcChain)
	ls, err := LoadLabels(labels, btcChain, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, back := range []bool{false, true} {
		q := Query{Chain: btcChain, Seeds: tr.Seeds[:1], SinceBlock: tr.TheftBlock, Backward: back}
		want, err := Run(st, q, labels)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Run(q, ls)
		if err != nil || len(got.Endpoints) != len(want.Endpoints) || len(got.Resting) != len(want.Resting) {
			t.Fatalf("backward %v: %v, %d/%d endpoints", back, err, len(got.Endpoints), len(want.Endpoints))
		}
		id, _, _ := s.AddressID(tr.Seeds[0])
		flows, err := s.Flows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		sum := map[string]string{}
		for _, f := range flows {
			name, _ := s.AddressName(f.Addr)
			sum[name] = f.Amount.String()
		}
		for i, e := range want.Endpoints {
			if sum[e.Address] != e.Amount || got.Endpoints[i].Amount != e.Amount {
				t.Errorf("backward %v: %s flow %s, session %s, want %s", back, e.Address, sum[e.Address], got.Endpoints[i].Amount, e.Amount)
			}
		}
	}
	id, _, _ := s.AddressID(tr.Seeds[0])
	if recv, sent := s.Totals(id); len(recv) != 1 || len(sent) != 1 || sent[0].Amount.Cmp(recv[0].Amount) > 0 {
		t.Errorf("totals of the seed: %v %v", recv, sent)
	}
}
