package ofac

import "github.com/vigil-project/vigil/internal/intel"

// Diff compares two editions. Labels are keyed by (chain, address, list
// entry id); when either edition has labels without an entry id (the
// per-asset list files have none) the key is (chain, address) alone. added
// holds one label per key only in new, delisted one per key only in old,
// both in the order of their input.
func Diff(old, new []intel.Label) (added, delisted []intel.Label) {
	withEntry := allHaveEntry(old) && allHaveEntry(new)
	key := func(l *intel.Label) string {
		k := l.Chain + "\x00" + l.Address
		if withEntry {
			k += "\x00" + l.ListEntryID
		}
		return k
	}
	inOld := make(map[string]bool, len(old))
	for i := range old {
		inOld[key(&old[i])] = true
	}
	inNew := make(map[string]bool, len(new))
	for i := range new {
		inNew[key(&new[i])] = true
	}
	added = onlyIn(new, inOld, key)
	delisted = onlyIn(old, inNew, key)
	return added, delisted
}

func allHaveEntry(ls []intel.Label) bool {
	for i := range ls {
		if ls[i].ListEntryID == "" {
			return false
		}
	}
	return true
}

// onlyIn returns the first label of each key of ls that other lacks.
func onlyIn(ls []intel.Label, other map[string]bool, key func(*intel.Label) string) []intel.Label {
	var out []intel.Label
	done := map[string]bool{}
	for i := range ls {
		k := key(&ls[i])
		if !other[k] && !done[k] {
			done[k] = true
			out = append(out, ls[i])
		}
	}
	return out
}
