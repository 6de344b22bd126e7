package watch

import (
	"fmt"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// TestMatch covers which watches a move touches and when taint follows.
// Watch 0 follows (an incident), watch 1 does not (plain addresses),
// watch 2 was added after change 5. Address 9 is a labeled service.
func TestMatch(t *testing.T) {
	ws := []store.Watch{{ID: "w1", Follow: true}, {ID: "w2"}, {ID: "w3", Follow: true, SinceSeq: 5}}
	s := newSet(ws)
	s.add(1, ref{w: 0, role: store.RoleSeed})
	s.add(2, ref{w: 0, role: store.RoleEndpoint})
	s.add(3, ref{w: 0, role: store.RoleFollowed, via: "a1"})
	s.add(1, ref{w: 1, role: store.RoleAddress})
	s.add(4, ref{w: 1, role: store.RoleAddress})
	s.add(5, ref{w: 2, role: store.RoleAddress})
	svc := func(id chain.AddrID) bool { return id == 9 }
	tests := []struct {
		name     string
		from, to chain.AddrID
		seq      uint64
		want     string
	}{
		{"unwatched", 7, 8, 1, ""},
		{"seed sends: follow in w1, not in w2", 1, 7, 1, "w1:from:follow w2:from"},
		{"seed receives", 7, 1, 1, "w1:to w2:to"},
		{"inside one watch", 1, 3, 1, "w1:both w2:from"},
		{"self transfer", 4, 4, 1, "w2:both"},
		{"endpoint sends: no follow", 2, 7, 1, "w1:from"},
		{"followed sends: follow on", 3, 8, 1, "w1:from:follow"},
		{"into a service: no follow", 1, 9, 1, "w1:from w2:from"},
		{"to nobody (contract creation)", 1, chain.NoAddr, 1, "w1:from w2:from"},
		{"watch added later: quiet before", 5, 7, 5, ""},
		{"watch added later: alerts after", 5, 7, 6, "w3:from:follow"},
		{"two watches, both sides", 4, 3, 1, "w2:from w1:to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hitString(s, s.match(tc.from, tc.to, tc.seq, svc)); got != tc.want {
				t.Fatalf("match(%d -> %d) = %q, want %q", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func hitString(s *set, hs []hit) string {
	out := ""
	for i, h := range hs {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%s:%s", s.watches[h.w].ID, h.side)
		if h.follow {
			out += ":follow"
		}
	}
	return out
}

// TestSetAddDrop checks the bitset and the follow counter as addresses
// come and go.
func TestSetAddDrop(t *testing.T) {
	s := newSet([]store.Watch{{ID: "w1", Follow: true}, {ID: "w2"}})
	tests := []struct {
		op      string
		id      chain.AddrID
		w       int
		touches bool
		follows int
	}{
		{"add", 70, 0, true, 1},
		{"add", 70, 1, true, 1},
		{"drop", 70, 0, true, 0},
		{"drop", 70, 1, false, 0},
		{"add", 1 << 20, 0, true, 1},
		{"drop", 1 << 20, 0, false, 0},
		{"drop", 5, 0, false, 0}, // never added
		{"add", chain.NoAddr, 0, false, 0},
	}
	for i, tc := range tests {
		if tc.op == "add" {
			s.add(tc.id, ref{w: tc.w, role: store.RoleFollowed})
		} else {
			s.drop(tc.id, tc.w)
		}
		if s.touches(tc.id) != tc.touches || s.followed[0] != tc.follows {
			t.Fatalf("step %d (%s %d in w%d): touches %v followed %d, want %v %d", i, tc.op, tc.id, tc.w+1,
				s.touches(tc.id), s.followed[0], tc.touches, tc.follows)
		}
	}
}

// TestMaxFollowed: a watch stops growing at MaxFollowed addresses.
func TestMaxFollowed(t *testing.T) {
	s := newSet([]store.Watch{{ID: "w1", Follow: true}})
	s.add(1, ref{w: 0, role: store.RoleSeed})
	s.followed[0] = MaxFollowed
	if hs := s.match(1, 2, 1, func(chain.AddrID) bool { return false }); len(hs) != 1 || hs[0].follow {
		t.Fatalf("at the limit: %+v, want an alert without follow", hs)
	}
}

// TestSpecValidate covers bad watch specs (bad usage) and good ones.
func TestSpecValidate(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		ok   bool
	}{
		{"address", Spec{Addresses: []string{"0x01"}}, true},
		{"incident with webhook and secret", Spec{Incident: "x", Webhook: "https://h/a", Secret: "s"}, true},
		{"neither", Spec{}, false},
		{"both", Spec{Addresses: []string{"a"}, Incident: "x"}, false},
		{"ftp webhook", Spec{Incident: "x", Webhook: "ftp://h/a"}, false},
		{"no host", Spec{Incident: "x", Webhook: "http:///a"}, false},
		{"secret alone", Spec{Incident: "x", Secret: "s"}, false},
		{"two-line name", Spec{Incident: "x", Name: "a\nb"}, false},
	}
	for _, tc := range tests {
		if err := tc.spec.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// TestRedact: URLs in messages lose their password.
func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:pw@h/x": "https://redacted@h/x",
		"https://h/x?a=1":  "https://h/x?a=1",
		"%zz":              "(unparsable URL)",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
