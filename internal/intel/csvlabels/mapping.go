package csvlabels

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
)

// Fields are the label fields a Mapping can fill.
var Fields = []string{"chain", "address", "entity", "category", "source", "confidence", "actor", "tlp", "note"}

// Mapping says where each label field comes from: a column (CSV header
// name or JSON key, KeyField for an object key) or a constant. Category
// values pass through CategoryMap first when it has them; values it lacks
// are looked up in the category registry.
type Mapping struct {
	Columns     map[string]string
	Const       map[string]string
	CategoryMap map[string]intel.Category
	// SkipUnmapped skips (and counts) records whose category is unknown
	// instead of failing.
	SkipUnmapped bool
}

// ParseMapping parses "field=column" and "field:=constant" items separated
// by commas, e.g. "chain:=eth,address=Address,entity=Name Tag,
// category:=exchange,source:=https://etherscan.io,confidence:=web_crawl".
func ParseMapping(spec string) (Mapping, error) {
	m := Mapping{Columns: map[string]string{}, Const: map[string]string{}}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		field, val, isConst := strings.Cut(item, ":=")
		if !isConst {
			var ok bool
			if field, val, ok = strings.Cut(item, "="); !ok {
				return m, fmt.Errorf("mapping item %q: want field=column or field:=constant", item)
			}
		}
		field = strings.TrimSpace(field)
		if !isField(field) {
			return m, fmt.Errorf("mapping item %q: unknown field %q (fields: %s)", item, field, strings.Join(Fields, ", "))
		}
		if isConst {
			m.Const[field] = val
		} else {
			m.Columns[field] = strings.TrimSpace(val)
		}
	}
	for _, f := range []string{"chain", "address", "entity", "category", "source"} {
		if _, ok := m.Columns[f]; !ok {
			if _, ok := m.Const[f]; !ok {
				return m, fmt.Errorf("mapping has no %s", f)
			}
		}
	}
	return m, nil
}

func isField(f string) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

func (m Mapping) get(rec record, field string) string {
	if c, ok := m.Columns[field]; ok {
		return strings.TrimSpace(rec.vals[c])
	}
	return m.Const[field]
}

// errSkip marks a record skipped for an unmapped category.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// label builds and normalizes the label of one record.
func (m Mapping) label(rec record, importer string, tlp intel.TLP, now time.Time) (intel.Label, error) {
	l := intel.Label{
		Chain: m.get(rec, "chain"), Address: m.get(rec, "address"), Entity: m.get(rec, "entity"),
		Source: m.get(rec, "source"), Actor: m.get(rec, "actor"), Note: m.get(rec, "note"),
		Importer: importer, ImportedAt: now, TLP: tlp,
	}
	raw := m.get(rec, "category")
	cat, ok := m.CategoryMap[raw]
	if !ok {
		c, err := intel.ParseCategory(raw)
		if err != nil {
			if m.SkipUnmapped {
				return l, errSkip{"category " + raw}
			}
			return l, err
		}
		cat = c
	}
	l.Category = cat
	if cat != intel.Category(strings.ToLower(raw)) {
		l.SourceCategory = raw
	}
	if err := m.setOptional(&l, rec); err != nil {
		return l, err
	}
	return l, l.Normalize()
}

func (m Mapping) setOptional(l *intel.Label, rec record) error {
	conf := m.get(rec, "confidence")
	if conf == "" {
		conf = "unknown"
	}
	c, err := intel.ParseConfidence(conf)
	if err != nil {
		return err
	}
	l.Confidence = c
	if t := m.get(rec, "tlp"); t != "" {
		if l.TLP, err = intel.ParseTLP(t); err != nil {
			return err
		}
	}
	return nil
}
