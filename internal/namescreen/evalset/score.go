package evalset

import (
	"fmt"
	"io"
	"sort"
)

// Result counts the outcome of an evaluation. A positive case is a true
// positive when the wanted entity is among the matches, else a false
// negative (and also a false positive when other entities matched); a
// negative case with any match is a false positive.
type Result struct {
	TP, FP, FN, TN int
	// ByKind is found / total per kind (for negatives: clean / total).
	ByKind map[string][2]int
}

// Precision is TP / (TP + FP).
func (r Result) Precision() float64 { return ratio(r.TP, r.TP+r.FP) }

// Recall is TP / (TP + FN).
func (r Result) Recall() float64 { return ratio(r.TP, r.TP+r.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score runs screen (which returns the list entry IDs matched) on every
// case.
func Score(cases []Case, screen func(query string) []string) Result {
	r := Result{ByKind: map[string][2]int{}}
	for _, c := range cases {
		ids := screen(c.Query)
		k := r.ByKind[c.Kind]
		k[1]++
		switch {
		case c.Want == "" && len(ids) == 0:
			r.TN++
			k[0]++
		case c.Want == "":
			r.FP++
		case contains(ids, c.Want):
			r.TP++
			k[0]++
		default:
			r.FN++
			if len(ids) > 0 {
				r.FP++
			}
		}
		r.ByKind[c.Kind] = k
	}
	return r
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Report writes r as a small table.
func (r Result) Report(w io.Writer, name string) {
	fmt.Fprintf(w, "%s: precision %.4f recall %.4f (TP %d FP %d FN %d TN %d)\n",
		name, r.Precision(), r.Recall(), r.TP, r.FP, r.FN, r.TN)
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		v := r.ByKind[k]
		fmt.Fprintf(w, "  %-13s %4d / %4d  %.3f\n", k, v[0], v[1], ratio(v[0], v[1]))
	}
}
