package stix

import (
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
)

const stixTime = "2006-01-02T15:04:05.000Z"

// WriteBundle writes labels as a STIX 2.1 bundle. Output is deterministic:
// the same labels give byte-identical bundles.
func WriteBundle(w io.Writer, labels []intel.Label) error {
	b := Bundle(labels)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// Bundle builds the bundle object of labels (see WriteBundle).
func Bundle(labels []intel.Label) any {
	var objs []object
	tlps := map[intel.TLP]bool{}
	actors := map[string]string{} // name -> id
	var rels []object
	for _, l := range labels {
		ind := indicator(l)
		objs = append(objs, ind)
		tlps[l.TLP] = true
		if l.Actor != "" {
			aid := id("threat-actor", l.Actor)
			actors[l.Actor] = aid
			rels = append(rels, object{
				Type: "relationship", SpecVersion: "2.1", ID: id("relationship", ind.ID+"|indicates|"+aid),
				Created: ind.Created, Modified: ind.Created, RelationshipType: "indicates",
				SourceRef: ind.ID, TargetRef: aid, ObjectMarkingRefs: ind.ObjectMarkingRefs,
			})
		}
	}
	objs = append(objs, actorObjects(actors)...)
	objs = append(objs, rels...)
	for _, t := range intel.TLPLevels {
		if tlps[t] {
			objs = append(objs, markingObject(t))
		}
	}
	ids := make([]string, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
	}
	sort.Strings(ids)
	return bundle{Type: "bundle", ID: id("bundle", strings.Join(ids, ",")), Objects: objs}
}

func actorObjects(actors map[string]string) []object {
	names := make([]string, 0, len(actors))
	for n := range actors {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]object, 0, len(names))
	for _, n := range names {
		out = append(out, object{Type: "threat-actor", SpecVersion: "2.1", ID: actors[n],
			Created: "1970-01-01T00:00:00.000Z", Modified: "1970-01-01T00:00:00.000Z", Name: n})
	}
	return out
}

// indicator converts one label.
func indicator(l intel.Label) object {
	ts := l.ImportedAt.UTC().Format(stixTime)
	if l.ImportedAt.IsZero() {
		ts = time.Unix(0, 0).UTC().Format(stixTime)
	}
	conf := l.Confidence
	o := object{
		Type: "indicator", SpecVersion: "2.1", Created: ts, Modified: ts, ValidFrom: ts,
		Name: l.Entity, Pattern: "[cryptocurrency-wallet:value = '" + escapePattern(l.Address) + "']",
		PatternType: "stix", IndicatorTypes: []string{indicatorType(l.Category)},
		Labels: []string{string(l.Category)}, Confidence: &conf,
		ObjectMarkingRefs: []string{TLPMarkingIDs[l.TLP]},
		XChain:            l.Chain, XCategory: string(l.Category), XSourceCategory: l.SourceCategory,
		XActor: l.Actor, XAliases: l.Aliases, XAsset: l.Asset, XImporter: l.Importer, XNote: l.Note,
		XList: l.List, XPrograms: l.Programs, XListEntryID: l.ListEntryID, XListDate: l.ListDate,
	}
	o.ExternalRefs = []externalRef{sourceRef(l)}
	o.ID = id("indicator", strings.Join([]string{l.Chain, l.Address, l.Entity, string(l.Category),
		l.Source, l.Importer, l.ListEntryID, l.Asset, strconv.Itoa(l.Confidence), string(l.TLP)}, "|"))
	return o
}

func sourceRef(l intel.Label) externalRef {
	name := l.Importer
	if name == "" {
		name = "vigil"
	}
	if strings.HasPrefix(l.Source, "http://") || strings.HasPrefix(l.Source, "https://") {
		return externalRef{SourceName: name, URL: l.Source}
	}
	return externalRef{SourceName: name, Description: l.Source}
}

// indicatorType maps a category to the STIX indicator-type vocabulary.
func indicatorType(c intel.Category) string {
	switch c {
	case intel.Mixer:
		return "anonymization"
	case intel.Heist, intel.Scam, intel.Sanctioned, intel.ITWorker, intel.Facilitator, intel.DarknetMarket:
		return "malicious-activity"
	}
	return "attribution"
}

// escapePattern escapes a string literal of a STIX pattern.
func escapePattern(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}
