package ofac

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel/pbzip2"
)

// Party is one distinct party of the SDN Advanced XML with every documented
// name, for name screening (ReadNames keeps all parties, not only those
// with digital currency addresses).
type Party struct {
	ListEntryID string   // FixedRef of the DistinctParty
	Type        string   // individual, entity, vessel, aircraft (or "")
	Name        string   // primary name
	Aliases     []string // every other documented name (Latin and other scripts)
	List        string   // e.g. "SDN List"
	Programs    []string // e.g. DPRK3
}

// Names is every party of one edition of the SDN Advanced XML.
type Names struct {
	Date    string // DateOfIssue (YYYY-MM-DD)
	File    string
	Parties []Party
}

// ReadNamesFile reads all party names of an SDN Advanced XML file (also
// .bz2, decompressed in parallel with workers goroutines; 0 = GOMAXPROCS).
func ReadNamesFile(path string, workers int) (*Names, error) {
	r, done, err := openXML(path, workers)
	if err != nil {
		return nil, err
	}
	defer done()
	return ReadNames(r, path)
}

// ReadNames reads all party names of an SDN Advanced XML stream; name is
// used in errors.
func ReadNames(r io.Reader, name string) (*Names, error) {
	s := newScanner(r)
	bad := func(p int, err error) error { return inputerr.Wrap(name, s.line(p), err) }
	if err := s.skipPast("<DateOfIssue"); err != nil {
		return nil, bad(s.pos, fmt.Errorf("not an SDN Advanced XML file: %w", err))
	}
	p := s.pos
	b, err := s.until("</DateOfIssue>")
	if err != nil {
		return nil, bad(p, err)
	}
	out := &Names{File: name}
	if out.Date, err = parseDate(b); err != nil {
		return nil, bad(p, err)
	}
	if err := s.skipPast("<ReferenceValueSets>"); err != nil {
		return nil, bad(s.pos, err)
	}
	if b, err = s.until("</ReferenceValueSets>"); err != nil {
		return nil, bad(s.pos, err)
	}
	rf := parseRefs(b)
	byProfile, err := readAllParties(s, bad)
	if err != nil {
		return nil, err
	}
	if err := readEntries(s, rf, byProfile.m, bad); err != nil {
		return nil, err
	}
	for _, pt := range byProfile.order {
		out.Parties = append(out.Parties, Party{
			ListEntryID: pt.fixedRef, Type: byProfile.types[pt.profileID], Name: pt.name, Aliases: pt.aliases,
			List: pt.list, Programs: pt.programs,
		})
	}
	return out, nil
}

type partySet struct {
	m     map[string]*party
	order []*party
	types map[string]string // profile ID -> party type
}

// partyTypes names the PartySubTypeIDs of the SDN Advanced reference
// values (1 Vessel, 2 Aircraft, 3 entity, 4 individual).
var partyTypes = map[string]string{"1": "vessel", "2": "aircraft", "3": "entity", "4": "individual"}

// readAllParties reads every DistinctParty with its names.
func readAllParties(s *scanner, bad badFunc) (*partySet, error) {
	if err := s.skipPast("<DistinctParties>"); err != nil {
		return nil, bad(s.pos, err)
	}
	ps := &partySet{m: map[string]*party{}, types: map[string]string{}}
	for !s.hasNext("</DistinctParties>") {
		e, at, err := s.element("<DistinctParty", "</DistinctParty>")
		if err != nil {
			return nil, bad(at, err)
		}
		pt := &party{line: s.line(at)}
		pt.fixedRef, _ = attr(e, "FixedRef")
		children(e, "Profile", func(p []byte) bool {
			pt.profileID, _ = attr(p, "ID")
			st, _ := attr(p, "PartySubTypeID")
			ps.types[pt.profileID] = partyTypes[st]
			return false
		})
		parseNames(e, pt)
		if pt.fixedRef == "" || pt.profileID == "" || pt.name == "" {
			return nil, bad(at, fmt.Errorf("DistinctParty without FixedRef, Profile ID or primary name"))
		}
		ps.m[pt.profileID] = pt
		ps.order = append(ps.order, pt)
	}
	return ps, nil
}

// ImportFileWithNames is ImportFile that also reads every party's names
// (ReadNames) from the same file, decompressing it once.
func ImportFileWithNames(path string, opt Options) (*Edition, *Names, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	data := raw
	if strings.HasSuffix(path, ".bz2") || bytes.HasPrefix(raw, []byte("BZh")) {
		zr := pbzip2.NewReader(raw, opt.Workers)
		// SDN Advanced XML compresses about 33:1; one allocation of that
		// size avoids the copies of a growing buffer.
		buf := bytes.NewBuffer(make([]byte, 0, min(40*len(raw), 1<<30)))
		_, err = buf.ReadFrom(zr)
		data = buf.Bytes()
		zr.Close()
		if err != nil {
			return nil, nil, err
		}
	}
	// The two readers share nothing but the bytes: run them side by side.
	var ns *Names
	nerr := make(chan error, 1)
	go func() {
		var err error
		ns, err = ReadNames(bytes.NewReader(data), path)
		nerr <- err
	}()
	ed, err := Read(bytes.NewReader(data), path, opt)
	if e := <-nerr; err == nil {
		err = e
	}
	if err != nil {
		return nil, nil, err
	}
	return ed, ns, nil
}
