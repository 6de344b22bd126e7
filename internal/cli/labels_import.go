package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/store"
)

// importFormats are the values of labels import --format.
var importFormats = append([]string{"ofac-xml", "ofac-list", "tagpack", "csv", "json", "stix"}, csvlabels.Formats...)

// importOpts are the flags of labels import.
type importOpts struct {
	format, mapSpec, named, date, scope, actors, tlp, category string
	now                                                        time.Time
}

// parsed is one edition read from input, before it is stored.
type parsed struct {
	imp     store.LabelImport
	skipped map[string]int
	assets  map[string]int // OFAC: distinct addresses per asset code
	secs    float64
	names   *store.NameSet // ofac-xml: every party's names, for screen-name
}

type importJSON struct {
	Editions  []editionJSON `json:"editions"`
	ElapsedMS int64         `json:"elapsed_ms"`
}

type editionJSON struct {
	store.Edition
	Skipped  map[string]int `json:"skipped,omitempty"`
	PerAsset map[string]int `json:"per_asset,omitempty"`
}

func runLabelsImport(env *Env, args []string) error {
	var c common
	var o importOpts
	fs := newFlags("labels import", env, &c)
	fs.StringVar(&o.format, "format", "", "input format: "+strings.Join(importFormats, ", "))
	fs.StringVar(&o.mapSpec, "map", "", "csv/json column mapping, e.g. 'chain:=eth,address=Address,entity=Name,category:=exchange,source:=URL,confidence:=web_crawl'")
	fs.StringVar(&o.named, "named", "", "named format of a public dataset: "+strings.Join(csvlabels.Formats, ", "))
	fs.StringVar(&o.date, "date", "", "as-of date YYYY-MM-DD of the edition (required for ofac-list unless the directory name has one)")
	fs.StringVar(&o.scope, "scope", "", "edition scope: all PATHs form one edition of it (default: one per file; all OFAC editions share 'ofac')")
	fs.StringVar(&o.actors, "actors", "", "GraphSense ActorPack for tagpack actor names (default: actors/*.yaml next to the packs; 'none' to skip)")
	fs.StringVar(&o.tlp, "tlp", "", "TLP of labels whose input states none")
	fs.StringVar(&o.category, "category", "", "stix: category of objects naming none")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "PATH"); err != nil {
		return err
	}
	if o.named != "" && (o.format == "" || o.format == "csv" || o.format == "json") {
		o.format = o.named
	}
	if o.format == "" {
		return usagef("--format is required (%s)", strings.Join(importFormats, ", "))
	}
	if !contains(importFormats, o.format) {
		return usagef("unknown format %q (%s)", o.format, strings.Join(importFormats, ", "))
	}
	if o.date != "" {
		if _, err := time.Parse("2006-01-02", o.date); err != nil {
			return usagef("--date %q is not YYYY-MM-DD", o.date)
		}
	}
	o.now = time.Now().UTC().Truncate(time.Second)
	start := time.Now()
	var eds []parsed
	for _, p := range pos {
		if _, err := os.Stat(p); err != nil {
			return usagef("%v", err)
		}
		t0 := time.Now()
		got, err := readEditions(p, &o)
		if err != nil {
			return err
		}
		for i := range got {
			got[i].secs = time.Since(t0).Seconds()
			if !*quiet {
				fmt.Fprintf(env.Stderr, "vigil: labels: read %s: %d labels in %.2fs\n", got[i].imp.File, len(got[i].imp.Labels), got[i].secs)
			}
		}
		eds = append(eds, got...)
	}
	if o.scope != "" {
		eds = mergeScope(eds, &o)
	}
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	imps := make([]store.LabelImport, len(eds))
	for i := range eds {
		imps[i] = eds[i].imp
	}
	res, err := importWithNames(s, imps, eds, o.now)
	if err != nil {
		return err
	}
	out := importJSON{ElapsedMS: time.Since(start).Milliseconds()}
	for i, e := range res {
		out.Editions = append(out.Editions, editionJSON{Edition: e, Skipped: eds[i].skipped, PerAsset: eds[i].assets})
	}
	if !*quiet {
		fmt.Fprintf(env.Stderr, "vigil: labels: imported %d editions in %dms\n", len(res), out.ElapsedMS)
	}
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	for _, e := range out.Editions {
		printEdition(env, e)
	}
	return nil
}

func printEdition(env *Env, e editionJSON) {
	note := ""
	switch {
	case e.Same:
		note = " (same edition as stored: nothing changed)"
	case e.Historical:
		note = " (older than the stored edition: added as history)"
	}
	fmt.Fprintf(env.Stdout, "%s  %s  as of %s: %d labels: %d added, %d updated, %d unchanged, %d delisted, %d replaced%s\n",
		e.Scope, e.File, e.AsOf, e.Labels, e.Added, e.Updated, e.Unchanged, e.Delisted, e.Replaced, note)
	if e.Duplicates > 0 {
		fmt.Fprintf(env.Stdout, "  %d repeated labels merged\n", e.Duplicates)
	}
	if len(e.Skipped) > 0 {
		ks, total := byCount(e.Skipped)
		var parts []string
		for i, k := range ks {
			if i == 6 {
				parts = append(parts, fmt.Sprintf("... %d more reasons", len(ks)-i))
				break
			}
			parts = append(parts, fmt.Sprintf("%s: %d", k, e.Skipped[k]))
		}
		fmt.Fprintf(env.Stdout, "  %d records skipped (%s)\n", total, strings.Join(parts, ", "))
	}
}

// byCount returns the keys of m, largest count first, and the total.
func byCount(m map[string]int) ([]string, int) {
	ks := make([]string, 0, len(m))
	total := 0
	for k, v := range m {
		ks = append(ks, k)
		total += v
	}
	sort.Slice(ks, func(i, j int) bool {
		if m[ks[i]] != m[ks[j]] {
			return m[ks[i]] > m[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks, total
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mergeScope makes all editions one edition of the --scope scope.
func mergeScope(eds []parsed, o *importOpts) []parsed {
	m := parsed{skipped: map[string]int{}}
	var files []string
	for _, e := range eds {
		m.imp.Labels = append(m.imp.Labels, e.imp.Labels...)
		files = append(files, e.imp.File)
		for k, v := range e.skipped {
			m.skipped[k] += v
		}
		if m.imp.Importer == "" {
			m.imp.Importer, m.imp.AsOf = e.imp.Importer, e.imp.AsOf
		}
		if e.imp.AsOf > m.imp.AsOf {
			m.imp.AsOf = e.imp.AsOf
		}
	}
	m.imp.Scope, m.imp.File = o.scope, strings.Join(files, ",")
	return []parsed{m}
}

var dateInName = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// asOf is the edition date: --date, else the list's own date, else today.
func (o *importOpts) asOf(listDate string) string {
	if o.date != "" {
		return o.date
	}
	if listDate != "" {
		return listDate
	}
	return o.now.Format("2006-01-02")
}

// readEditions parses one PATH into editions (one per file; a directory of
// TagPacks gives one per pack). It writes nothing.
func readEditions(path string, o *importOpts) ([]parsed, error) {
	base := filepath.Base(filepath.Clean(path))
	switch o.format {
	case "ofac-xml":
		ed, ns, err := ofac.ImportFileWithNames(path, ofac.Options{Now: o.now})
		if err != nil {
			return nil, err
		}
		p := ofacEdition(ed, intel.ImporterOFACXML, path, o)
		p.names = sdnNameSet(ns)
		return []parsed{p}, nil
	case "ofac-list":
		date := o.date
		if date == "" {
			date = dateInName.FindString(base)
		}
		if date == "" {
			return nil, usagef("ofac-list %s: give the list date with --date YYYY-MM-DD", path)
		}
		ed, err := ofac.ReadListDir(path, date, ofac.Options{Now: o.now})
		if err != nil {
			return nil, err
		}
		return []parsed{ofacEdition(ed, intel.ImporterOFACList, path, o)}, nil
	case "tagpack":
		return readTagPacks(path, o)
	case "stix":
		return readSTIX(path, base, o)
	case "csv", "json":
		return readCSVEdition(path, base, o)
	}
	tlp, err := o.parseTLP()
	if err != nil {
		return nil, err
	}
	ls, stats, err := csvlabels.ReadFormat(o.format, path, csvlabels.Options{Now: o.now, TLP: tlp})
	if err != nil {
		return nil, err
	}
	p := parsed{imp: store.LabelImport{Scope: o.format + ":" + base, Importer: intel.ImporterCSV + "/" + o.format,
		File: path, AsOf: o.asOf(""), Labels: ls}, skipped: map[string]int{}}
	for _, st := range stats {
		for k, v := range st.Skipped {
			p.skipped[k] += v
		}
	}
	return []parsed{p}, nil
}

func (o *importOpts) parseTLP() (intel.TLP, error) {
	if o.tlp == "" {
		return "", nil
	}
	t, err := intel.ParseTLP(o.tlp)
	if err != nil {
		return "", usagef("--tlp: %v", err)
	}
	return t, nil
}

func ofacEdition(ed *ofac.Edition, importer, file string, o *importOpts) parsed {
	p := parsed{imp: store.LabelImport{Scope: "ofac", Importer: importer, File: file, AsOf: o.asOf(ed.Date), Labels: ed.Labels},
		assets: ed.AssetCounts, skipped: map[string]int{}}
	if len(ed.Skipped) > 0 {
		p.skipped["address of no known chain"] = len(ed.Skipped)
	}
	return p
}
