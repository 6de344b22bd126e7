package cli

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/stix"
	"github.com/vigil-project/vigil/internal/intel/tagpack"
	"github.com/vigil-project/vigil/internal/store"
)

// readTagPacks reads a TagPack file, or every *.yaml/*.yml pack of a
// directory, one edition (scope "tagpack:<file>") per pack.
func readTagPacks(path string, o *importOpts) ([]parsed, error) {
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		files = nil
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, inputerr.New(path, 0, "no *.yaml TagPacks in the directory")
		}
	}
	actors, err := loadActors(files[0], o.actors)
	if err != nil {
		return nil, err
	}
	var out []parsed
	for _, f := range files {
		ls, st, err := tagpack.ReadFile(f, tagpack.Options{Now: o.now, Actors: actors})
		if err != nil {
			return nil, err
		}
		base := filepath.Base(f)
		out = append(out, parsed{imp: store.LabelImport{Scope: "tagpack:" + base, Importer: intel.ImporterTagPack,
			File: f, AsOf: o.asOf(""), Labels: ls}, skipped: st.Skipped})
	}
	return out, nil
}

// loadActors loads the ActorPack named by flag, or the first
// actors/*.yaml found next to (or one level above) the pack's directory.
func loadActors(pack, flag string) (tagpack.Actors, error) {
	if flag == "none" {
		return nil, nil
	}
	if flag != "" {
		return tagpack.LoadActorPack(flag)
	}
	dir := filepath.Dir(pack)
	for _, d := range []string{filepath.Join(dir, "actors"), filepath.Join(filepath.Dir(dir), "actors")} {
		m, _ := filepath.Glob(filepath.Join(d, "*.yaml"))
		sort.Strings(m)
		if len(m) > 0 {
			return tagpack.LoadActorPack(m[0])
		}
	}
	return nil, nil
}

// readSTIX reads one STIX 2.1 bundle (scope "stix:<file>").
func readSTIX(path, base string, o *importOpts) ([]parsed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opt := stix.Options{Now: o.now}
	if o.category != "" {
		c, err := intel.ParseCategory(o.category)
		if err != nil {
			return nil, usagef("--category: %v", err)
		}
		opt.DefaultCategory = c
	}
	ls, err := stix.Read(f, path, opt)
	if err != nil {
		return nil, err
	}
	return []parsed{{imp: store.LabelImport{Scope: "stix:" + base, Importer: intel.ImporterSTIX, File: path,
		AsOf: o.asOf(""), Labels: ls}}}, nil
}

// readCSVEdition reads the contract CSV, or CSV/JSON through --map
// (scope "csv:<file>").
func readCSVEdition(path, base string, o *importOpts) ([]parsed, error) {
	tlp, err := o.parseTLP()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opt := csvlabels.Options{Now: o.now, TLP: tlp}
	p := parsed{skipped: map[string]int{}}
	var ls []intel.Label
	kind := o.format
	if kind == "csv" && strings.HasSuffix(strings.ToLower(path), ".json") {
		kind = "json"
	}
	switch {
	case o.mapSpec != "":
		m, err := csvlabels.ParseMapping(o.mapSpec)
		if err != nil {
			return nil, usagef("--map: %v", err)
		}
		var st csvlabels.Stats
		ls, st, err = csvlabels.ReadMapped(f, path, kind, m, opt)
		if err != nil {
			return nil, err
		}
		p.skipped = st.Skipped
	case kind == "json":
		return nil, usagef("--format json needs --map")
	default:
		if ls, err = csvlabels.ReadCSV(f, path, opt); err != nil {
			return nil, err
		}
	}
	p.imp = store.LabelImport{Scope: "csv:" + base, Importer: intel.ImporterCSV, File: path, AsOf: o.asOf(""), Labels: ls}
	return []parsed{p}, nil
}
