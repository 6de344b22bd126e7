package tagpack

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
)

// buildLabel turns merged tag fields into a label, or names why the tag is
// skipped.
func buildLabel(t fields, actors Actors, now time.Time) (intel.Label, string, error) {
	t.Address = strings.TrimSpace(t.Address)
	if t.Address == "" {
		return intel.Label{}, "", fmt.Errorf("tag without address")
	}
	chainName, canon, skip, err := resolveChain(t)
	if err != nil || skip != "" {
		return intel.Label{}, skip, err
	}
	conf := 5 // GraphSense "unknown" when a pack states none
	if t.Confidence != "" {
		if conf, err = intel.ParseConfidence(t.Confidence); err != nil {
			return intel.Label{}, "", err
		}
	}
	cat, orig, ok := mapCategory(t.Category, t.Abuse, t.Source)
	if !ok {
		if len(t.Concepts) > 0 {
			cat, orig, ok = mapCategory(t.Concepts[0], t.Abuse, t.Source)
		}
		if !ok && orig == "" {
			return intel.Label{}, "no category or abuse", nil
		}
		if !ok {
			return intel.Label{}, "category " + orig, nil
		}
	}
	l := intel.Label{
		Chain: chainName, Address: canon, Category: cat, SourceCategory: orig,
		Asset: strings.ToUpper(t.Currency), Source: t.Source, Importer: intel.ImporterTagPack,
		ImportedAt: now, Confidence: conf, TLP: intel.TLPClear, Note: t.Label,
	}
	if t.IsPublic != nil && !*t.IsPublic {
		l.TLP = intel.TLPAmber
	}
	l.Entity = t.Label
	if t.Actor != "" {
		l.Actor = actors.Name(t.Actor)
		l.Entity = l.Actor
	}
	if l.Entity == "" {
		return intel.Label{}, "", fmt.Errorf("tag %s has neither label nor actor", t.Address)
	}
	return l, "", l.Validate()
}
