package server

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

var querySeeds = []string{
	"", "chain=eth&address=0x71aee4105a974db383b4bcc2eda63566b467e858", "address=a,b,,c&address= d &chain=ETH",
	"address=a%2Cb&chain=eth", "address=a+b", "chain=eth;address=a", "&&chain=&chain=btc", "=x&address", "address==a",
	"hops=2&hops=3&explain=true", "chain", "address=%zz&address=b", "a&b=c&address=x,&&",
	strings.Repeat("address=a&", 10001),
}

// TestQueryMatchesURLValues checks that the in-place query reader gives
// what url.Values gives, on the seeds.
func TestQueryMatchesURLValues(t *testing.T) {
	for _, s := range querySeeds {
		checkQuery(t, s)
	}
}

// FuzzQuery checks the same on any raw query.
func FuzzQuery(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s)
	}
	f.Fuzz(checkQuery)
}

func checkQuery(t *testing.T, raw string) {
	u := &url.URL{RawQuery: raw}
	got, want := queryOf(u), u.Query()
	for _, name := range []string{"chain", "address", "hops", "explain", "", "a"} {
		if g, w := got.Get(name), want.Get(name); g != w {
			t.Errorf("%q: Get(%q) = %q, url.Values: %q", raw, name, g, w)
		}
		var w []string
		for _, v := range want[name] {
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					w = append(w, p)
				}
			}
		}
		if g := got.items(nil, name); !slices.Equal(g, w) {
			t.Errorf("%q: items(%q) = %q, url.Values: %q", raw, name, g, w)
		}
	}
}
