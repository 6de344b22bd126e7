package screen

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-project/vigil/internal/intel"
)

// rule reads one `- name: .. when: {..} risk: ..` entry.
func (p *parser) rule(n *yaml.Node) (Rule, error) {
	r := Rule{Line: n.Line}
	var haveWhen, haveRisk bool
	err := eachKey(p, n, func(k string, v *yaml.Node) error {
		var err error
		switch k {
		case "name":
			r.Name, err = p.scalar(v, "name")
		case "risk":
			var s string
			if s, err = p.scalar(v, "risk"); err == nil {
				if r.Risk, err = ParseRisk(s); err != nil {
					err = p.errf(v, "%v", err)
				}
			}
			haveRisk = true
		case "when":
			r.When, err = p.condition(v)
			haveWhen = true
		default:
			err = p.errf(v, "unknown key %q (want name, when, risk)", k)
		}
		return err
	})
	switch {
	case err != nil:
		return r, err
	case r.Name == "":
		return r, p.errf(n, "rule without a name")
	case !haveWhen:
		return r, p.errf(n, "rule %q: no when: (use when: {} for a catch-all)", r.Name)
	case !haveRisk:
		return r, p.errf(n, "rule %q: no risk:", r.Name)
	}
	return r, nil
}

func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, "%s: want a single value", what)
	}
	return strings.TrimSpace(n.Value), nil
}

// condition reads a when: mapping.
func (p *parser) condition(n *yaml.Node) (Condition, error) {
	var c Condition
	err := eachKey(p, n, func(k string, v *yaml.Node) error {
		var err error
		switch k {
		case "direct_category":
			c.DirectCategory, err = p.catNames(v)
		case "indirect_category":
			c.IndirectCategory, err = p.catNames(v)
		case "min_share":
			c.MinShare, err = p.share(v)
		case "direction":
			c.Direction, err = p.scalar(v, k)
			if err == nil && c.Direction != "received" && c.Direction != "sent" {
				err = p.errf(v, "direction %q: want received or sent", c.Direction)
			}
		case "max_hops":
			c.MaxHops, err = p.intIn(v, k, 1, 1000)
		case "min_confidence":
			c.MinConfidence, err = p.intIn(v, k, 0, 100)
		default:
			err = p.errf(v, "unknown condition %q (want direct_category, min_confidence, indirect_category, min_share, direction, max_hops)", k)
		}
		return err
	})
	if err == nil && c.IndirectCategory == nil && (c.MinShare.Den != 0 || c.Direction != "" || c.MaxHops != 0) {
		c.IndirectCategory = []string{"any"}
	}
	if err == nil && c.MinConfidence > 0 && c.DirectCategory == nil {
		c.DirectCategory = []string{"any"}
	}
	return c, err
}

func (p *parser) intIn(n *yaml.Node, what string, lo, hi int) (int, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, p.errf(n, "%s %q: want a whole number from %d to %d", what, s, lo, hi)
	}
	return v, nil
}

// catNames reads one category or a list; "any" stands for every risky one.
func (p *parser) catNames(n *yaml.Node) ([]string, error) {
	cs, err := p.categories(n, true)
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out, err
}

// categories reads one category name or a list of them.
func (p *parser) categories(n *yaml.Node, allowAny bool) ([]intel.Category, error) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	if len(items) == 0 {
		return nil, p.errf(n, "empty category list")
	}
	var out []intel.Category
	for _, it := range items {
		s, err := p.scalar(it, "category")
		if err != nil {
			return nil, err
		}
		if allowAny && s == "any" {
			out = append(out, "any")
			continue
		}
		c, err := intel.ParseCategory(s)
		if err != nil {
			return nil, p.errf(it, "%v", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// share parses a decimal fraction in [0, 1] with at most 18 decimals.
func (p *parser) share(n *yaml.Node) (Share, error) {
	s, err := p.scalar(n, "min_share")
	if err != nil {
		return Share{}, err
	}
	sh, ok := parseShare(s)
	if !ok {
		return Share{}, p.errf(n, "min_share %q: want a decimal from 0 to 1, e.g. \"0.10\"", s)
	}
	return sh, nil
}

func parseShare(s string) (Share, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole != "0" && whole != "1" || len(frac) > 18 || whole == "" && frac == "" {
		return Share{}, false
	}
	num, den := uint64(0), uint64(1)
	if whole == "1" {
		num = 1
	}
	for _, ch := range frac {
		if ch < '0' || ch > '9' {
			return Share{}, false
		}
		num, den = num*10+uint64(ch-'0'), den*10
	}
	if num > den {
		return Share{}, false
	}
	return Share{Num: num, Den: den, Text: s}, true
}
