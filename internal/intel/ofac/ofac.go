package ofac

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/pbzip2"
)

// DefaultSource is the Source of labels from the SDN Advanced XML.
const DefaultSource = "https://www.treasury.gov/ofac/downloads/sanctions/1.0/sdn_advanced.xml"

// Options tune an import. The zero value is usable.
type Options struct {
	Now     time.Time // ImportedAt of the labels; default time.Now().UTC()
	Source  string    // label Source; default DefaultSource
	Workers int       // bzip2 decompression goroutines; 0 = GOMAXPROCS
}

// Edition is one imported edition of the list.
type Edition struct {
	Date   string // DateOfIssue (YYYY-MM-DD); "" when the input has none
	File   string
	Labels []intel.Label
	// AssetCounts counts distinct address strings per asset code, exactly
	// as the list generator does (so they equal the line counts of
	// sanctioned_addresses_<ASSET>.txt of the same edition).
	AssetCounts map[string]int
	// Skipped lists addresses that match no chain vigil knows (kept in
	// AssetCounts, not turned into labels).
	Skipped []string
}

// ImportFile imports an SDN Advanced XML file; names ending in .bz2 (or
// content starting with the bzip2 magic) are decompressed in parallel.
func ImportFile(path string, opt Options) (*Edition, error) {
	r, done, err := openXML(path, opt.Workers)
	if err != nil {
		return nil, err
	}
	defer done()
	return Read(r, path, opt)
}

// openXML opens an SDN Advanced XML file as a stream, decompressing .bz2
// (or bzip2-magic) content in parallel with workers goroutines (0 =
// GOMAXPROCS). done releases the file and the decompressor.
func openXML(path string, workers int) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	head, _ := br.Peek(3)
	if !strings.HasSuffix(path, ".bz2") && !bytes.Equal(head, []byte("BZh")) {
		return br, func() { f.Close() }, nil
	}
	data, err := io.ReadAll(br)
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	zr := pbzip2.NewReader(data, workers)
	return zr, func() { zr.Close() }, nil
}

// Read imports an SDN Advanced XML stream; name is used in errors.
func Read(r io.Reader, name string, opt Options) (*Edition, error) {
	doc, err := parseDocument(r, name)
	if err != nil {
		return nil, err
	}
	return buildEdition(doc, name, opt)
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now
}

func (o Options) source(def string) string {
	if o.Source != "" {
		return o.Source
	}
	return def
}

// buildEdition turns parsed parties into labels.
func buildEdition(doc *document, name string, opt Options) (*Edition, error) {
	ed := &Edition{Date: doc.date, File: filepath.Base(name), AssetCounts: map[string]int{}}
	seenAsset := map[string]bool{}
	conf, _ := intel.ParseConfidence("authority_data")
	for _, pt := range doc.parties {
		seen := map[string]bool{}
		for _, f := range pt.addrs {
			if k := f.asset + "\x00" + f.addr; !seenAsset[k] {
				seenAsset[k] = true
				ed.AssetCounts[f.asset]++
			}
			chainName, canon, err := intel.ChainForAsset(f.asset, f.addr)
			if err != nil {
				ed.Skipped = append(ed.Skipped, fmt.Sprintf("%s %s (entry %s): %v", f.asset, f.addr, pt.fixedRef, err))
				continue
			}
			if k := chainName + canon + f.asset; seen[k] {
				continue
			} else {
				seen[k] = true
			}
			l := intel.Label{
				Chain: chainName, Address: canon, Entity: pt.name, Category: intel.Sanctioned,
				Actor: pt.name, Aliases: pt.aliases, Asset: f.asset,
				Source: opt.source(DefaultSource), Importer: intel.ImporterOFACXML,
				ImportedAt: opt.now(), Confidence: conf, TLP: intel.TLPClear,
				List: pt.list, Programs: pt.programs, ListEntryID: pt.fixedRef, ListDate: doc.date,
				Note: fmt.Sprintf("SDN Advanced XML feature %s (Digital Currency Address - %s)", f.id, f.asset),
			}
			if err := l.Validate(); err != nil {
				return nil, inputerr.Wrap(name, pt.line, fmt.Errorf("entry %s: %w", pt.fixedRef, err))
			}
			ed.Labels = append(ed.Labels, l)
		}
	}
	sortLabels(ed.Labels)
	return ed, nil
}

// sortLabels orders labels by chain, address, list entry and asset.
func sortLabels(ls []intel.Label) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := &ls[i], &ls[j]
		if a.Chain != b.Chain {
			return a.Chain < b.Chain
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.ListEntryID != b.ListEntryID {
			return a.ListEntryID < b.ListEntryID
		}
		return a.Asset < b.Asset
	})
}
