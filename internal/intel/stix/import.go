package stix

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// Options tune an import. The zero value is usable.
type Options struct {
	Now time.Time // ImportedAt; default time.Now().UTC()
	// DefaultCategory is used for objects that name no vigil category;
	// without it such objects are an error.
	DefaultCategory intel.Category
}

// Read imports a STIX 2.1 bundle. Errors are *inputerr.Error whose line is
// the 1-based index of the offending object in the bundle.
func Read(r io.Reader, name string, opt Options) ([]intel.Label, error) {
	var raw struct {
		Type    string            `json:"type"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, inputerr.Wrap(name, 0, fmt.Errorf("bad JSON: %w", err))
	}
	if raw.Type != "bundle" {
		return nil, inputerr.New(name, 0, "not a STIX bundle (type %q)", raw.Type)
	}
	objs := make([]object, len(raw.Objects))
	byID := map[string]*object{}
	for i, m := range raw.Objects {
		if err := json.Unmarshal(m, &objs[i]); err != nil {
			return nil, inputerr.Wrap(name, i+1, err)
		}
		byID[objs[i].ID] = &objs[i]
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC()
	}
	rd := reader{name: name, opt: opt, byID: byID, actors: actorsOf(objs, byID)}
	var out []intel.Label
	for i := range objs {
		ls, err := rd.labels(&objs[i])
		if err != nil {
			return nil, inputerr.Wrap(name, i+1, fmt.Errorf("%s %s: %w", objs[i].Type, objs[i].ID, err))
		}
		out = append(out, ls...)
	}
	return out, nil
}

type reader struct {
	name   string
	opt    Options
	byID   map[string]*object
	actors map[string]string // indicator/observed-data id -> actor name
}

// actorsOf resolves "indicates"/"attributed-to" relationships to names.
func actorsOf(objs []object, byID map[string]*object) map[string]string {
	out := map[string]string{}
	for _, o := range objs {
		if o.Type != "relationship" || (o.RelationshipType != "indicates" && o.RelationshipType != "attributed-to") {
			continue
		}
		t := byID[o.TargetRef]
		if t == nil || t.Name == "" {
			continue
		}
		switch t.Type {
		case "threat-actor", "intrusion-set", "identity", "campaign":
			out[o.SourceRef] = t.Name
		}
	}
	return out
}

var comparisonRE = regexp.MustCompile(`([a-z0-9-]+):([a-z0-9_.]+)\s*=\s*'((?:[^'\\]|\\.)*)'`)

// patternAddresses returns the crypto addresses compared in a pattern.
func patternAddresses(p string) []string {
	var out []string
	for _, m := range comparisonRE.FindAllStringSubmatch(p, -1) {
		if isWalletType(m[1]) && (m[2] == "value" || m[2] == "address") {
			out = append(out, strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(m[3]))
		}
	}
	return out
}

func isWalletType(t string) bool {
	return strings.Contains(t, "crypto") || strings.Contains(t, "wallet")
}

// labels returns the labels of one object (none for other object types).
func (rd *reader) labels(o *object) ([]intel.Label, error) {
	type addr struct{ value, currency string }
	var addrs []addr
	switch o.Type {
	case "indicator":
		for _, a := range patternAddresses(o.Pattern) {
			addrs = append(addrs, addr{a, ""})
		}
	case "observed-data":
		for _, sco := range rd.observed(o) {
			v := sco.Value
			if v == "" {
				v = sco.Address
			}
			addrs = append(addrs, addr{v, sco.Currency})
		}
	default:
		return nil, nil
	}
	var out []intel.Label
	for _, a := range addrs {
		l, err := rd.label(o, a.value, a.currency)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// observed returns the wallet SCOs of observed-data (inline or by ref).
func (rd *reader) observed(o *object) []object {
	var out []object
	for _, sco := range o.Objects {
		if isWalletType(sco.Type) {
			out = append(out, sco)
		}
	}
	for _, ref := range o.ObjectRefs {
		if sco := rd.byID[ref]; sco != nil && isWalletType(sco.Type) {
			out = append(out, *sco)
		}
	}
	return out
}
