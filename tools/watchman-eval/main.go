// Command watchman-eval scores vigil's name screening and moov-io/watchman's
// matcher (pkg/search, as a library) on the same evaluation set, built from
// the SDN Advanced XML by vigil's evalset package, and prints precision and
// recall of both. See run.sh and docs/screening.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/moov-io/watchman/pkg/search"

	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/namescreen"
	"github.com/vigil-project/vigil/internal/namescreen/evalset"
)

func main() {
	sdn := flag.String("sdn", "../../../shared/data/ofac-sdn-crypto/brave-intl-lists/sdn_advanced.xml.bz2", "SDN Advanced XML")
	every := flag.Int("every", 1, "use every n-th case (watchman compares each query with every entity)")
	withWatchman := flag.Bool("watchman", true, "also run watchman (false: vigil only)")
	flag.Parse()
	ns, err := ofac.ReadNamesFile(*sdn, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	list, cases := evalset.Build(namescreen.EntriesFromSDN(ns, ofac.DefaultSource))
	var sub []evalset.Case
	for i := 0; i < len(cases); i += *every {
		sub = append(sub, cases[i])
	}
	fmt.Printf("list: %d parties; cases: %d of %d\n", len(list), len(sub), len(cases))

	x := namescreen.New(list)
	t0 := time.Now()
	r := evalset.Score(sub, func(q string) []string { return ids(x.Screen(q, namescreen.Options{})) })
	fmt.Printf("vigil (%.0f names/s)\n", float64(len(sub))/time.Since(t0).Seconds())
	r.Report(os.Stdout, fmt.Sprintf("vigil @ %.2f", namescreen.DefaultThreshold))

	if !*withWatchman {
		return
	}
	wl := watchmanList(list)
	t0 = time.Now()
	scores := watchmanScores(wl, sub)
	fmt.Printf("watchman (%.1f names/s, brute force over all parties, %d goroutines)\n",
		float64(len(sub))/time.Since(t0).Seconds(), runtime.GOMAXPROCS(0))
	for _, th := range []float64{0.60, 0.65, 0.70, 0.75, 0.80, 0.85} {
		i := 0
		r := evalset.Score(sub, func(string) []string {
			defer func() { i++ }()
			return above(scores[i], th)
		})
		r.Report(os.Stdout, fmt.Sprintf("watchman @ %.2f", th))
	}
}

func ids(ms []namescreen.Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ListEntryID
	}
	return out
}

// watchmanList converts the list into normalized watchman entities.
func watchmanList(list []namescreen.Entry) []search.Entity[search.Value] {
	out := make([]search.Entity[search.Value], len(list))
	for i, e := range list {
		w := search.Entity[search.Value]{Name: e.Entity, SourceID: e.ListEntryID, Source: search.SourceUSOFAC}
		switch e.Type {
		case "individual":
			w.Type, w.Person = search.EntityPerson, &search.Person{Name: e.Entity, AltNames: e.Aliases}
		case "vessel":
			w.Type, w.Vessel = search.EntityVessel, &search.Vessel{Name: e.Entity, AltNames: e.Aliases}
		case "aircraft":
			w.Type, w.Aircraft = search.EntityAircraft, &search.Aircraft{Name: e.Entity, AltNames: e.Aliases}
		default:
			w.Type, w.Business = search.EntityBusiness, &search.Business{Name: e.Entity, AltNames: e.Aliases}
		}
		out[i] = w.Normalize()
	}
	return out
}

type scored struct {
	id    string
	score float64
}

// watchmanScores compares every query (name only, no type) with every
// entity, as watchman's search service does, keeping scores ≥ 0.6.
func watchmanScores(wl []search.Entity[search.Value], cases []evalset.Case) [][]scored {
	out := make([][]scored, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				q := search.Entity[search.Value]{Name: cases[i].Query, Source: search.SourceAPIRequest}.Normalize()
				for _, e := range wl {
					if s := search.Similarity(q, e); s >= 0.6 {
						out[i] = append(out[i], scored{e.SourceID, s})
					}
				}
				sort.Slice(out[i], func(a, b int) bool { return out[i][a].score > out[i][b].score })
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// above returns the ids scoring at least th, at most 10 (vigil's default
// limit).
func above(ss []scored, th float64) []string {
	var out []string
	for _, s := range ss {
		if s.score >= th && len(out) < 10 {
			out = append(out, s.id)
		}
	}
	return out
}
