package ofac

import (
	"fmt"
	"strings"
)

// parseParty extracts ids, names and currency addresses of a DistinctParty.
func parseParty(e []byte, rf refs) (*party, error) {
	pt := &party{}
	pt.fixedRef, _ = attr(e, "FixedRef")
	children(e, "Profile", func(p []byte) bool {
		pt.profileID, _ = attr(p, "ID")
		return false
	})
	if pt.fixedRef == "" || pt.profileID == "" {
		return nil, fmt.Errorf("DistinctParty without FixedRef or Profile ID")
	}
	parseNames(e, pt)
	if pt.name == "" {
		return nil, fmt.Errorf("DistinctParty %s has no primary name", pt.fixedRef)
	}
	children(e, "Feature", func(f []byte) bool {
		ft, _ := attr(f, "FeatureTypeID")
		asset, ok := rf.assets[ft]
		if !ok {
			return true
		}
		id, _ := attr(f, "ID")
		children(f, "VersionDetail", func(v []byte) bool {
			if a := text(v); a != "" {
				pt.addrs = append(pt.addrs, feature{id: id, asset: asset, addr: a})
			}
			return true
		})
		return true
	})
	return pt, nil
}

// parseNames sets the primary name (first documented name of the primary
// alias) and every other documented name as an alias.
func parseNames(e []byte, pt *party) {
	var names []string
	children(e, "Alias", func(a []byte) bool {
		primary, _ := attr(a, "Primary")
		children(a, "DocumentedName", func(dn []byte) bool {
			var parts []string
			children(dn, "NamePartValue", func(v []byte) bool {
				if t := text(v); t != "" {
					parts = append(parts, t)
				}
				return true
			})
			n := strings.Join(parts, " ")
			if n == "" {
				return true
			}
			if primary == "true" && pt.name == "" {
				pt.name = n
			} else {
				names = append(names, n)
			}
			return true
		})
		return true
	})
	for _, n := range names {
		if n != pt.name {
			pt.aliases = appendUnique(pt.aliases, n)
		}
	}
}
