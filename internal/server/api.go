package server

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/trace"
)

// Tracer runs a trace (GET /v1/trace). The result is printed as is: the
// same JSON as `vigil trace --json`.
type Tracer interface {
	Trace(q trace.Query) (*trace.Result, error)
}

// LabelStore answers GET /v1/labels for one address: chainName may be
// empty (the implementation tells the chain by the address shape). The
// result is one element of `vigil labels get --json`'s "results". Bad
// usage errors (inputerr) become 400 bad_address naming the address.
type LabelStore interface {
	Labels(chainName, address string) (any, error)
}

// AddressBook answers GET /v1/addresses/{chain}/{address}: the same JSON
// as `vigil address --json` for one address.
type AddressBook interface {
	Address(c chain.Info, address string) (any, error)
}

// IncidentStore answers /v1/incidents: the list (the "incidents" of
// `vigil incidents list --json`) and one incident (`incidents show --json`;
// nil, nil when there is no such id).
type IncidentStore interface {
	Incidents() (any, error)
	Incident(id string) (any, error)
}

// Screener screens one address (/v1/screen): the result is one element of
// `vigil screen --json`'s "results".
type Screener interface {
	Screen(c chain.Info, address string, o ScreenOptions) (any, error)
}

// ScreenOptions are the per-request options of /v1/screen.
type ScreenOptions struct {
	Hops    int  // hops of indirect exposure; 0 means the server's default
	Explain bool // say which rule decided the risk
}

// NameScreener screens one name against the sanctions lists
// (/v1/screen-name): one element of `vigil screen-name --json`'s results.
type NameScreener interface {
	ScreenName(name string, o NameOptions) (any, error)
}

// NameOptions are the per-request options of /v1/screen-name.
type NameOptions struct {
	Threshold float64 // minimum score 0-1; 0 means the default
	Limit     int     // most matches per name; 0 means the default
}

// Identification is one sanctions hit of GET /api/v1/address/{address},
// shaped like the widely used free sanctions-screening API.
type Identification struct {
	Category    string `json:"category"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`
}

// Sanctions answers the sanctions-check endpoint: the sanctions
// identifications of an address on any chain (none when clean).
type Sanctions interface {
	Sanctioned(address string) ([]Identification, error)
}

// KeyChecker checks a bearer API key; it returns the key's id (never the
// key) for the logs. It must compare in constant time.
type KeyChecker interface {
	CheckKey(key string) (id string, ok bool)
}
