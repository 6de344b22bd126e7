package csvlabels

import (
	"errors"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// catFunc maps a raw category value to a category and the source term.
type catFunc func(raw string) (intel.Category, string, bool)

// slugCategory maps a ';'-joined list of Etherscan slugs.
func slugCategory(raw string) (intel.Category, string, bool) {
	return etherscanCategory(strings.Split(raw, ";"))
}

// tableCategory maps raw values through a fixed table.
func tableCategory(t map[string]intel.Category) catFunc {
	return func(raw string) (intel.Category, string, bool) {
		c, ok := t[raw]
		return c, raw, ok
	}
}

// mapRecords labels records through m, taking the category from catFn;
// records it cannot map are skipped and counted. Records without an entity
// get the source term as entity.
func mapRecords(recs []record, path string, m Mapping, catFn catFunc, opt Options) ([]intel.Label, Stats, error) {
	st := Stats{File: path, Records: len(recs), Skipped: map[string]int{}}
	var out []intel.Label
	for _, rec := range recs {
		raw := m.get(rec, "category")
		cat, slug, ok := catFn(raw)
		if !ok {
			st.Skipped["category "+firstSlug(raw)]++
			continue
		}
		mm := m
		mm.CategoryMap = map[string]intel.Category{raw: cat}
		if m.get(rec, "entity") == "" {
			mm.Columns = copyMap(m.Columns)
			delete(mm.Columns, "entity")
			mm.Const = copyMap(m.Const)
			mm.Const["entity"] = slug
		}
		l, err := mm.label(rec, intel.ImporterCSV, opt.TLP, opt.now())
		var sk errSkip
		if errors.As(err, &sk) {
			st.Skipped[sk.reason]++
			continue
		}
		if errors.Is(err, chain.ErrAddressChecksum) {
			// Public datasets hold a few mis-cased copies of addresses;
			// they are counted, never labeled under a guessed form.
			st.Skipped["address checksum mismatch"]++
			continue
		}
		if err != nil {
			return nil, st, inputerr.Wrap(path, rec.line, err)
		}
		l.SourceCategory = slug
		out = append(out, l)
	}
	st.Labels = len(out)
	return out, st, nil
}

func firstSlug(raw string) string {
	s, _, _ := strings.Cut(raw, ";")
	return s
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
