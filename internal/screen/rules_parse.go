package screen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseError is a malformed rules file: where and why.
type ParseError struct {
	File string
	Line int
	Why  string
}

// Error formats as "file:line: why".
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Why)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Why)
}

// MaxRulesSize bounds a rules file.
const MaxRulesSize = 1 << 20

// ParseRules parses a rules file (see default_rules.yaml): a mapping with
// `rules` (a list) and optional `risky_categories`, or just the list.
// name is used in errors, which are *ParseError with the line.
func ParseRules(b []byte, name string) (*Rules, error) {
	if len(b) > MaxRulesSize {
		return nil, &ParseError{name, 0, fmt.Sprintf("larger than %d bytes", MaxRulesSize)}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, &ParseError{name, 0, "empty rules file"}
	} else if err != nil {
		return nil, yamlError(name, err)
	}
	if len(doc.Content) != 1 {
		return nil, &ParseError{name, 1, "empty rules file"}
	}
	p := &parser{file: name, r: &Rules{Source: name}}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	return p.r, nil
}

// yamlError turns a yaml.v3 error ("yaml: line N: why") into a ParseError.
func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if v, e := strconv.Atoi(n); e == nil {
				line, msg = v, strings.TrimSpace(after)
			}
		}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &ParseError{name, line, msg}
}

type parser struct {
	file string
	r    *Rules
}

func (p *parser) errf(n *yaml.Node, format string, a ...any) error {
	return &ParseError{p.file, n.Line, fmt.Sprintf(format, a...)}
}

// top reads the document: a mapping or a bare list of rules.
func (p *parser) top(n *yaml.Node) error {
	p.r.risky = DefaultRisky
	switch n.Kind {
	case yaml.SequenceNode:
		return p.rules(n)
	case yaml.MappingNode:
	default:
		return p.errf(n, "want a mapping with rules: or a list of rules")
	}
	var rules *yaml.Node
	err := eachKey(p, n, func(k string, v *yaml.Node) error {
		switch k {
		case "rules":
			rules = v
			return nil
		case "risky_categories":
			cs, err := p.categories(v, false)
			p.r.risky = cs
			return err
		}
		return p.errf(v, "unknown key %q (want rules, risky_categories)", k)
	})
	if err != nil {
		return err
	}
	if rules == nil {
		return p.errf(n, "no rules: list")
	}
	return p.rules(rules)
}

// eachKey calls fn for each key of mapping n, rejecting repeated keys.
func eachKey(p *parser, n *yaml.Node, fn func(k string, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "want a mapping")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			return p.errf(k, "want a key")
		}
		if seen[k.Value] {
			return p.errf(k, "repeated key %q", k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) rules(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "rules: want a list")
	}
	if len(n.Content) == 0 {
		return p.errf(n, "rules: the list is empty")
	}
	names := map[string]bool{}
	for _, rn := range n.Content {
		r, err := p.rule(rn)
		if err != nil {
			return err
		}
		if names[r.Name] {
			return p.errf(rn, "rule %q: name used twice", r.Name)
		}
		names[r.Name] = true
		p.r.list = append(p.r.list, r)
	}
	return nil
}
