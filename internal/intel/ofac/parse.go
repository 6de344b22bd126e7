package ofac

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
)

const featurePrefix = "Digital Currency Address - "

// refs holds what is needed from ReferenceValueSets.
type refs struct {
	assets      map[string]string // FeatureTypeID -> asset code (XBT, ETH, ...)
	programType string            // SanctionsTypeID whose name is "Program"
	lists       map[string]string // ListID -> list name
}

// party is a distinct party with at least one digital currency address.
type party struct {
	fixedRef, profileID string
	name                string
	aliases             []string
	line                int
	addrs               []feature
	programs            []string
	list                string
}

type feature struct{ id, asset, addr string }

// document is the parsed content of one SDN Advanced XML file.
type document struct {
	date    string
	parties []*party
}

// parseDocument reads an SDN Advanced XML stream.
func parseDocument(r io.Reader, file string) (*document, error) {
	s := newScanner(r)
	bad := func(p int, err error) error { return inputerr.Wrap(file, s.line(p), err) }
	if err := s.skipPast("<DateOfIssue"); err != nil {
		return nil, bad(s.pos, fmt.Errorf("not an SDN Advanced XML file: %w", err))
	}
	d := &document{}
	p := s.pos
	b, err := s.until("</DateOfIssue>")
	if err != nil {
		return nil, bad(p, err)
	}
	if d.date, err = parseDate(b); err != nil {
		return nil, bad(p, err)
	}
	if err := s.skipPast("<ReferenceValueSets>"); err != nil {
		return nil, bad(s.pos, err)
	}
	if b, err = s.until("</ReferenceValueSets>"); err != nil {
		return nil, bad(s.pos, err)
	}
	rf := parseRefs(b)
	if len(rf.assets) == 0 {
		return nil, bad(s.pos, fmt.Errorf("no %q feature types in ReferenceValueSets", featurePrefix+"*"))
	}
	byProfile, err := readParties(s, rf, d, bad)
	if err != nil {
		return nil, err
	}
	if err := readEntries(s, rf, byProfile, bad); err != nil {
		return nil, err
	}
	return d, nil
}

// parseDate reads <Year>, <Month>, <Day> children as YYYY-MM-DD.
func parseDate(b []byte) (string, error) {
	y, err1 := strconv.Atoi(childText(b, "Year"))
	m, err2 := strconv.Atoi(childText(b, "Month"))
	dd, err3 := strconv.Atoi(childText(b, "Day"))
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || dd < 1 || dd > 31 {
		return "", fmt.Errorf("bad DateOfIssue")
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd), nil
}

func parseRefs(b []byte) refs {
	rf := refs{assets: map[string]string{}, lists: map[string]string{}}
	children(b, "FeatureType", func(e []byte) bool {
		if t := text(e); strings.HasPrefix(t, featurePrefix) {
			id, _ := attr(e, "ID")
			rf.assets[id] = strings.TrimSpace(strings.TrimPrefix(t, featurePrefix))
		}
		return true
	})
	children(b, "SanctionsType", func(e []byte) bool {
		if text(e) == "Program" {
			rf.programType, _ = attr(e, "ID")
		}
		return true
	})
	children(b, "List", func(e []byte) bool {
		id, _ := attr(e, "ID")
		rf.lists[id] = text(e)
		return true
	})
	return rf
}

type badFunc func(p int, err error) error

// readParties reads the DistinctParties section, keeping parties that have
// digital currency addresses.
func readParties(s *scanner, rf refs, d *document, bad badFunc) (map[string]*party, error) {
	if err := s.skipPast("<DistinctParties>"); err != nil {
		return nil, bad(s.pos, err)
	}
	byProfile := map[string]*party{}
	for !s.hasNext("</DistinctParties>") {
		e, at, err := s.element("<DistinctParty", "</DistinctParty>")
		if err != nil {
			return nil, bad(at, err)
		}
		if !hasAddress(e, rf) {
			continue
		}
		pt, err := parseParty(e, rf)
		if err != nil {
			return nil, bad(at, err)
		}
		pt.line = s.line(at)
		d.parties = append(d.parties, pt)
		byProfile[pt.profileID] = pt
	}
	return byProfile, nil
}

var featureTypeAttr = []byte(` FeatureTypeID="`)

// hasAddress is the fast filter: does the party have a currency feature?
func hasAddress(e []byte, rf refs) bool {
	for {
		i := bytes.Index(e, featureTypeAttr)
		if i < 0 {
			return false
		}
		e = e[i+len(featureTypeAttr):]
		j := bytes.IndexByte(e, '"')
		if j < 0 {
			return false
		}
		if _, ok := rf.assets[string(e[:j])]; ok {
			return true
		}
	}
}

// readEntries reads SanctionsEntries and attaches list and programs.
func readEntries(s *scanner, rf refs, byProfile map[string]*party, bad badFunc) error {
	if err := s.skipPast("<SanctionsEntries>"); err != nil {
		return bad(s.pos, err)
	}
	for !s.hasNext("</SanctionsEntries>") {
		e, at, err := s.element("<SanctionsEntry", "</SanctionsEntry>")
		if err != nil {
			return bad(at, err)
		}
		id, _ := attr(e, "ProfileID")
		pt := byProfile[id]
		if pt == nil {
			continue
		}
		listID, _ := attr(e, "ListID")
		pt.list = rf.lists[listID]
		children(e, "SanctionsMeasure", func(m []byte) bool {
			if t, _ := attr(m, "SanctionsTypeID"); t == rf.programType {
				if prog := childText(m, "Comment"); prog != "" {
					pt.programs = appendUnique(pt.programs, prog)
				}
			}
			return true
		})
	}
	return nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
