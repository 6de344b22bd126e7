package cli

import (
	"errors"
	"net/http"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/web"
)

// The backends of the web interface's API routes (server.TxBook,
// server.Searcher) over the served store.

// webHandler is the web interface served at / by vigil serve.
func webHandler() http.Handler { return web.Handler() }

// maxSearchLabels bounds the label matches of one search: the store stops
// reading the name index there (the first page, exact match first, then
// by name), so a short text on a large label set costs one page.
const maxSearchLabels = 500

// Tx is `tx --json` for one transaction (nil when the store lacks it).
func (b *backend) Tx(c chain.Info, hash string) (any, error) {
	h, err := chain.ParseHash([]byte(hash))
	if err != nil {
		return nil, usagef("transaction hash %q: %v", hash, err)
	}
	v, err := b.st.Tx(c, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return txView(c, v), nil
}

// searchJSON is the answer of GET /v1/search.
type searchJSON struct {
	Query        string          `json:"query"`
	Addresses    []foundAddress  `json:"addresses"`
	Transactions []foundTx       `json:"transactions"`
	Entities     []*searchHit    `json:"entities"`
	Incidents    []foundIncident `json:"incidents"`
}

// foundAddress is an address the text is, on a chain with data or labels.
type foundAddress struct {
	Chain   string `json:"chain"`
	Address string `json:"address"`
	Seen    bool   `json:"seen"`   // has moves in the data loaded
	Labels  int    `json:"labels"` // current labels
}

// foundTx is a transaction the text is the hash of.
type foundTx struct {
	Chain     string `json:"chain"`
	Hash      string `json:"hash"`
	Block     uint64 `json:"block"`
	Timestamp int64  `json:"timestamp"`
}

// foundIncident is an incident the text names (id, name, victim, actor or
// a seed address).
type foundIncident struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Date   string `json:"date"`
	Victim string `json:"victim"`
	Actor  string `json:"actor"`
}

// Search says what text names: an address (on the chains with data, or
// with labels for it), a transaction hash found in the store, labeled
// entities whose name, alias or actor starts with it (as `labels search`),
// and incidents.
func (b *backend) Search(text string) (any, error) {
	out := searchJSON{Query: text, Addresses: []foundAddress{}, Transactions: []foundTx{}, Entities: []*searchHit{},
		Incidents: []foundIncident{}}
	withData, err := b.chainsWithData()
	if err != nil {
		return nil, err
	}
	if out.Addresses, err = b.searchAddress(text, withData); err != nil {
		return nil, err
	}
	if out.Transactions, err = b.searchTx(text, withData); err != nil {
		return nil, err
	}
	ms, err := b.st.SearchLabels(text, false, maxSearchLabels)
	if err != nil {
		return nil, err
	}
	out.Entities = groupHits(ms, strings.ToLower(text))
	out.Incidents = b.searchIncidents(text, out.Addresses)
	return out, nil
}

// chainsWithData lists the chains that have blocks in the store.
func (b *backend) chainsWithData() ([]chain.Info, error) {
	var out []chain.Info
	for _, name := range chain.Names() {
		c, err := chain.Lookup(name)
		if err != nil {
			return nil, err
		}
		if _, _, ok, err := b.st.BlockRange(c); err != nil {
			return nil, err
		} else if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// searchAddress returns text as an address on every chain whose shape it
// has and that has data or labels for it.
func (b *backend) searchAddress(text string, withData []chain.Info) ([]foundAddress, error) {
	out := []foundAddress{}
	for _, name := range chain.Names() {
		c, _ := chain.Lookup(name)
		canon, err := chain.ValidateAddress(c, text)
		if err != nil {
			continue
		}
		n := len(b.labels[c.Name+"\x00"+canon])
		hasData := containsChain(withData, c)
		if n == 0 && !hasData {
			continue
		}
		f := foundAddress{Chain: c.Name, Address: canon, Labels: n}
		if hasData {
			a, err := b.addressInfo(c, canon)
			if err != nil {
				return nil, err
			}
			f.Seen = a.Seen
		}
		out = append(out, f)
	}
	return out, nil
}

func containsChain(cs []chain.Info, c chain.Info) bool {
	for _, x := range cs {
		if x.ID == c.ID {
			return true
		}
	}
	return false
}

// searchTx returns the transactions text is the hash of.
func (b *backend) searchTx(text string, withData []chain.Info) ([]foundTx, error) {
	out := []foundTx{}
	h, err := chain.ParseHash([]byte(text))
	if err != nil {
		return out, nil
	}
	for _, c := range withData {
		v, err := b.st.Tx(c, h)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t := txView(c, v)
		out = append(out, foundTx{Chain: c.Name, Hash: t.Hash, Block: t.Block, Timestamp: t.Timestamp})
	}
	return out, nil
}

// searchIncidents returns the incidents whose id, name, victim or actor
// contains text (any case), or that have one of addrs as a seed.
func (b *backend) searchIncidents(text string, addrs []foundAddress) []foundIncident {
	q := strings.ToLower(text)
	out := []foundIncident{}
	for _, inc := range b.incidents {
		hit := false
		for _, f := range []string{inc.ID, inc.Name, inc.Victim.Value, inc.Actor.Value} {
			hit = hit || strings.Contains(strings.ToLower(f), q)
		}
		for _, s := range inc.Seeds {
			for _, a := range addrs {
				hit = hit || (s.Chain == a.Chain && strings.EqualFold(s.Address, a.Address))
			}
		}
		if hit {
			out = append(out, foundIncident{ID: inc.ID, Name: inc.Name, Date: inc.Date.Value, Victim: inc.Victim.Value, Actor: inc.Actor.Value})
		}
	}
	return out
}
