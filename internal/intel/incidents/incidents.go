package incidents

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// Unknown is the value of a fact no source supports.
const Unknown = "unknown"

// Fact is a value with the sources that support it.
type Fact struct {
	Value   string   `yaml:"value" json:"value"`
	Note    string   `yaml:"note,omitempty" json:"note,omitempty"`
	Sources []string `yaml:"sources,omitempty" json:"sources,omitempty"`
}

// Amount is a stolen amount of one asset in base units (contract asset
// name: "btc", "eth", "eth:0x<token>"). Approximate amounts come from
// rounded published figures.
type Amount struct {
	Asset       string   `yaml:"asset" json:"asset"`
	BaseUnits   string   `yaml:"base_units" json:"base_units"`
	Approximate bool     `yaml:"approximate,omitempty" json:"approximate,omitempty"`
	Display     string   `yaml:"display,omitempty" json:"display,omitempty"`
	Sources     []string `yaml:"sources" json:"sources"`
}

// Seed is an address to trace from (role "theft", "exploiter", ...) or a
// victim wallet (role "victim").
type Seed struct {
	Chain   string   `yaml:"chain" json:"chain"`
	Address string   `yaml:"address" json:"address"`
	Role    string   `yaml:"role" json:"role"`
	Note    string   `yaml:"note,omitempty" json:"note,omitempty"`
	Sources []string `yaml:"sources" json:"sources"`
}

// Incident is one theft.
type Incident struct {
	ID        string   `yaml:"id" json:"id"`
	Name      string   `yaml:"name" json:"name"`
	Date      Fact     `yaml:"date" json:"date"` // YYYY-MM-DD (UTC) or unknown
	Victim    Fact     `yaml:"victim" json:"victim"`
	Actor     Fact     `yaml:"actor" json:"actor"`
	Chains    []string `yaml:"chains" json:"chains"`
	Stolen    []Amount `yaml:"stolen,omitempty" json:"stolen,omitempty"`
	StolenUSD []Fact   `yaml:"stolen_usd,omitempty" json:"stolen_usd,omitempty"` // USD estimates
	Seeds     []Seed   `yaml:"seeds,omitempty" json:"seeds,omitempty"`
	Notes     []Fact   `yaml:"notes,omitempty" json:"notes,omitempty"`
}

//go:embed registry.yaml
var registryYAML []byte

// Registry returns the embedded curated incidents.
func Registry() ([]Incident, error) { return Load(registryYAML, "registry.yaml") }

// Load parses and validates an incidents file: {incidents: [...]}.
// Seed addresses are canonicalized. Errors name the incident's line.
func Load(data []byte, name string) ([]Incident, error) {
	var doc struct {
		Incidents []yaml.Node `yaml:"incidents"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, inputerr.Wrap(name, yamlLine(err), err)
	}
	if len(doc.Incidents) == 0 {
		return nil, inputerr.New(name, 1, "no incidents")
	}
	seen := map[string]bool{}
	out := make([]Incident, 0, len(doc.Incidents))
	for i := range doc.Incidents {
		n := &doc.Incidents[i]
		var inc Incident
		if err := n.Decode(&inc); err != nil {
			return nil, inputerr.Wrap(name, n.Line, err)
		}
		if err := inc.validate(); err != nil {
			return nil, inputerr.Wrap(name, n.Line, fmt.Errorf("incident %q: %w", inc.ID, err))
		}
		if seen[inc.ID] {
			return nil, inputerr.New(name, n.Line, "duplicate incident id %q", inc.ID)
		}
		seen[inc.ID] = true
		out = append(out, inc)
	}
	return out, nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// SeedLabels returns heist labels for the non-victim seeds of inc.
func SeedLabels(inc Incident, now time.Time) []intel.Label {
	var out []intel.Label
	for _, s := range inc.Seeds {
		if s.Role == "victim" {
			continue
		}
		actor := inc.Actor.Value
		if actor == Unknown {
			actor = ""
		}
		out = append(out, intel.Label{
			Chain: s.Chain, Address: s.Address, Entity: inc.Name, Category: intel.Heist, Actor: actor,
			Source: s.Sources[0], Importer: "incidents", ImportedAt: now, Confidence: 50,
			TLP: intel.TLPClear, Note: s.Role + ": " + s.Note,
		})
	}
	return out
}

// checkDecimal reports whether s is a non-negative base-10 integer.
func checkDecimal(s string) error {
	_, err := chain.ParseDecimalString(s)
	return err
}
