package stix

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/intel"
)

// label builds the label of one address of object o.
func (rd *reader) label(o *object, address, currency string) (intel.Label, error) {
	chainName, canon, err := rd.chain(o, address, currency)
	if err != nil {
		return intel.Label{}, err
	}
	cat, err := rd.category(o)
	if err != nil {
		return intel.Label{}, err
	}
	l := intel.Label{
		Chain: chainName, Address: canon, Entity: o.Name, Category: cat,
		SourceCategory: o.XSourceCategory, Actor: o.XActor, Aliases: o.XAliases, Asset: o.XAsset,
		Importer: intel.ImporterSTIX, ImportedAt: rd.opt.Now, Confidence: 5, Note: o.XNote,
		List: o.XList, Programs: o.XPrograms, ListEntryID: o.XListEntryID, ListDate: o.XListDate,
	}
	if l.Actor == "" {
		l.Actor = rd.actors[o.ID]
	}
	if l.Entity == "" {
		l.Entity = l.Actor
	}
	if l.Entity == "" {
		l.Entity = "STIX " + o.ID
	}
	if o.Confidence != nil {
		l.Confidence = *o.Confidence
	}
	l.TLP = intel.DefaultTLP(intel.ImporterSTIX)
	if t, ok := tlpOf(o.ObjectMarkingRefs); ok {
		l.TLP = t
	}
	l.Source = rd.name + "#" + o.ID
	for _, r := range o.ExternalRefs {
		if r.URL != "" {
			l.Source = r.URL
			break
		}
		if r.Description != "" {
			l.Source = r.Description
			break
		}
	}
	return l, l.Validate()
}

// chain picks the chain: x_vigil_chain, else the SCO currency, else the
// address shape.
func (rd *reader) chain(o *object, address, currency string) (string, string, error) {
	if o.XChain != "" {
		canon, err := intel.CanonicalAddress(o.XChain, address)
		return o.XChain, canon, err
	}
	return intel.ChainForAsset(currency, address)
}

// category picks the category: x_vigil_category, a label naming a
// registered category, the indicator type anonymization (mixer) or
// compromised (heist), else the default.
func (rd *reader) category(o *object) (intel.Category, error) {
	if o.XCategory != "" {
		return intel.ParseCategory(o.XCategory)
	}
	for _, lb := range o.Labels {
		if c, err := intel.ParseCategory(lb); err == nil {
			return c, nil
		}
	}
	for _, t := range o.IndicatorTypes {
		switch t {
		case "anonymization":
			return intel.Mixer, nil
		case "compromised":
			return intel.Heist, nil
		}
	}
	if rd.opt.DefaultCategory != "" {
		return intel.ParseCategory(string(rd.opt.DefaultCategory))
	}
	return "", fmt.Errorf("no category: set x_vigil_category, a label naming a category, or a default category")
}
