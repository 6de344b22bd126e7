package screen

import (
	"errors"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// ind builds an indirect exposure of amount/total.
func ind(cat, dir string, amount, total uint64, hops int) Indirect {
	a, t := chain.U64(amount), chain.U64(total)
	return Indirect{Entity: "E-" + cat, Category: cat, Direction: dir, Hops: hops, Asset: "eth",
		Share: formatShare(a, t), amount: a, total: t}
}

func dir(cats ...string) []Direct {
	var out []Direct
	for _, c := range cats {
		out = append(out, Direct{Entity: "E-" + c, Category: c, Source: "test", Confidence: 90})
	}
	return out
}

// TestDefaultRules grades hand-made screenings with the built-in rules.
func TestDefaultRules(t *testing.T) {
	cases := []struct {
		name     string
		direct   []Direct
		indirect []Indirect
		risk     Risk
		rule     string
	}{
		{"clean", nil, nil, None, "clean"},
		{"exchange only", dir("exchange"), nil, None, "clean"},
		{"sanctioned", dir("exchange", "sanctioned"), nil, Severe, "sanctioned-direct"},
		{"heist", dir("heist"), nil, High, "heist-or-mixer-direct"},
		{"mixer", dir("mixer"), nil, High, "heist-or-mixer-direct"},
		{"facilitator", dir("facilitator"), nil, High, "dprk-revenue-direct"},
		{"it worker", dir("it_worker"), nil, High, "dprk-revenue-direct"},
		{"scam", dir("scam"), nil, Medium, "other-risky-direct"},
		{"heist 10%", nil, []Indirect{ind("heist", "received", 10, 100, 2)}, High, "sanctioned-or-heist-indirect-10pct"},
		{"heist just under 10%", nil, []Indirect{ind("heist", "received", 99999, 1000000, 2)}, Medium, "sanctioned-or-heist-indirect-1pct"},
		{"sanctioned sent 50%", nil, []Indirect{ind("sanctioned", "sent", 1, 2, 1)}, High, "sanctioned-or-heist-indirect-10pct"},
		{"heist 1%", nil, []Indirect{ind("heist", "received", 1, 100, 3)}, Medium, "sanctioned-or-heist-indirect-1pct"},
		{"heist 0.5%", nil, []Indirect{ind("heist", "received", 5, 1000, 3)}, Low, "any-risky-indirect"},
		{"mixer 20%", nil, []Indirect{ind("mixer", "sent", 20, 100, 1)}, Medium, "risky-indirect-10pct"},
		{"mixer 2%", nil, []Indirect{ind("mixer", "sent", 2, 100, 1)}, Low, "any-risky-indirect"},
		{"zero total", nil, []Indirect{ind("heist", "sent", 5, 0, 1)}, High, "sanctioned-or-heist-indirect-10pct"},
		{"direct beats indirect", dir("sanctioned"), []Indirect{ind("mixer", "sent", 1, 1000, 1)}, Severe, "sanctioned-direct"},
	}
	rs := DefaultRules()
	for _, c := range cases {
		r := Result{Direct: c.direct, Indirect: c.indirect}
		rs.grade(&r, true)
		if r.Risk != c.risk || r.Explain == nil || r.Explain.Rule != c.rule {
			t.Errorf("%s: risk %s by %+v, want %s by %s", c.name, r.Risk, r.Explain, c.risk, c.rule)
		}
	}
}

// TestCustomRules checks direction, hops, confidence, the bare-list form
// and that the first matching rule wins.
func TestCustomRules(t *testing.T) {
	src := `
- name: received-heist-near
  when: {indirect_category: heist, direction: received, max_hops: 2, min_share: "0.5"}
  risk: severe
- name: confident-sanctioned
  when: {direct_category: sanctioned, min_confidence: 95}
  risk: high
- name: any-heist
  when: {indirect_category: [heist, scam]}
  risk: low
`
	rs, err := ParseRules([]byte(src), "custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		direct   []Direct
		indirect []Indirect
		risk     Risk
	}{
		{"near heist", nil, []Indirect{ind("heist", "received", 6, 10, 2)}, Severe},
		{"far heist", nil, []Indirect{ind("heist", "received", 6, 10, 3)}, Low},
		{"sent heist", nil, []Indirect{ind("heist", "sent", 6, 10, 1)}, Low},
		{"half exactly", nil, []Indirect{ind("heist", "received", 5, 10, 1)}, Severe},
		{"sanctioned 90", dir("sanctioned"), nil, None},
		{"mixer", nil, []Indirect{ind("mixer", "received", 6, 10, 1)}, None},
	}
	for _, c := range cases {
		r := Result{Direct: c.direct, Indirect: c.indirect}
		rs.grade(&r, false)
		if r.Risk != c.risk || r.Explain != nil {
			t.Errorf("%s: %s, want %s", c.name, r.Risk, c.risk)
		}
	}
	r := Result{Direct: []Direct{{Category: "sanctioned", Confidence: 100}}}
	rs.grade(&r, true)
	if r.Risk != High || r.Explain.Rule != "confident-sanctioned" {
		t.Errorf("confident sanctioned: %s %+v", r.Risk, r.Explain)
	}
	if rs.IsRisky("exchange") || !rs.IsRisky("heist") {
		t.Errorf("default risky categories not applied: %v", rs.Risky())
	}
}

// TestRulesErrors: every malformed file names its line.
func TestRulesErrors(t *testing.T) {
	cases := []struct{ src, line, why string }{
		{"rules:\n  - name: a\n    when: {direct_category: nope}\n    risk: high\n", ":3:", "unknown category"},
		{"rules:\n  - name: a\n    when: {}\n    risk: extreme\n", ":4:", "want none, low"},
		{"rules:\n  - name: a\n    when: {min_share: \"1.5\"}\n    risk: low\n", ":3:", "min_share"},
		{"rules:\n  - name: a\n    when: {direction: up}\n    risk: low\n", ":3:", "direction"},
		{"rules:\n  - name: a\n    when: {colour: red}\n    risk: low\n", ":3:", "unknown condition"},
		{"rules:\n  - name: a\n    risk: low\n", ":2:", "no when"},
		{"rules:\n  - name: a\n    when: {}\n", ":2:", "no risk"},
		{"rules:\n  - when: {}\n    risk: low\n", ":2:", "without a name"},
		{"rules:\n  - {name: a, when: {}, risk: low}\n  - {name: a, when: {}, risk: low}\n", ":3:", "used twice"},
		{"rules: [\n", ":1:", ""},
		{"risky_categories: [heist, bogus]\nrules: []\n", ":1:", "unknown category"},
		{"rules: []\n", ":1:", "empty"},
		{"colour: red\n", ":1:", "unknown key"},
		{"", "", "empty rules file"},
		{"42\n", ":1:", "want a mapping"},
		{"rules:\n  - name: a\n    when: {max_hops: -1}\n    risk: low\n", ":3:", "max_hops"},
	}
	for _, c := range cases {
		_, err := ParseRules([]byte(c.src), "r.yaml")
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "r.yaml"+c.line) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%q: %v, want r.yaml%s ... %s", c.src, err, c.line, c.why)
		}
	}
}

func TestFormatShare(t *testing.T) {
	cases := []struct {
		a, t uint64
		want string
	}{{0, 10, "0.0000"}, {1, 3, "0.3333"}, {2, 3, "0.6666"}, {10, 10, "1.0000"}, {11, 10, "1.0000"},
		{1, 0, "1.0000"}, {0, 0, "0.0000"}, {1, 20000, "0.0000"}, {42, 100, "0.4200"}}
	for _, c := range cases {
		if got := formatShare(chain.U64(c.a), chain.U64(c.t)); got != c.want {
			t.Errorf("share %d/%d = %s, want %s", c.a, c.t, got, c.want)
		}
	}
}

// FuzzParseRules: no input panics, and what parses grades a screening.
func FuzzParseRules(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte("- name: x\n  when: {min_share: \"0.5\"}\n  risk: low\n"))
	f.Add([]byte("rules: [{name: a, when: {direct_category: [any]}, risk: severe}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := ParseRules(b, "f.yaml")
		if err != nil {
			return
		}
		r := Result{Direct: dir("heist"), Indirect: []Indirect{ind("mixer", "sent", 1, 3, 1)}}
		rs.grade(&r, true)
		if r.Risk.Rank() < 0 {
			t.Fatalf("risk %q", r.Risk)
		}
	})
}
