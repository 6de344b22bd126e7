package intel

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Label is one attribution of an address, with its provenance. Address is
// always in the chain's canonical form (see CanonicalAddress).
type Label struct {
	Chain    string   `json:"chain" yaml:"chain"`
	Address  string   `json:"address" yaml:"address"`
	Entity   string   `json:"entity" yaml:"entity"`
	Category Category `json:"category" yaml:"category"`
	// SourceCategory is the category term of the source taxonomy (e.g.
	// GraphSense "mixing_service"), kept when it was mapped.
	SourceCategory string   `json:"source_category,omitempty" yaml:"source_category,omitempty"`
	Actor          string   `json:"actor,omitempty" yaml:"actor,omitempty"`
	Aliases        []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	// Asset is the asset code as the source gave it (OFAC "XBT", "USDT";
	// TagPack currency), empty when the source has none.
	Asset      string    `json:"asset,omitempty" yaml:"asset,omitempty"`
	Source     string    `json:"source" yaml:"source"`
	Importer   string    `json:"importer" yaml:"importer"`
	ImportedAt time.Time `json:"imported_at" yaml:"imported_at"`
	Confidence int       `json:"confidence" yaml:"confidence"`
	TLP        TLP       `json:"tlp" yaml:"tlp"`
	Note       string    `json:"note,omitempty" yaml:"note,omitempty"`

	// Sanctions fields (OFAC and other lists).
	List        string   `json:"list,omitempty" yaml:"list,omitempty"`         // e.g. "SDN List"
	Programs    []string `json:"programs,omitempty" yaml:"programs,omitempty"` // e.g. DPRK3, CYBER2
	ListEntryID string   `json:"list_entry_id,omitempty" yaml:"list_entry_id,omitempty"`
	ListDate    string   `json:"list_date,omitempty" yaml:"list_date,omitempty"` // edition date YYYY-MM-DD
}

// Importer names used by the importers in this module.
const (
	ImporterOFACXML  = "ofac-xml"
	ImporterOFACList = "ofac-list"
	ImporterTagPack  = "tagpack"
	ImporterCSV      = "csv"
	ImporterSTIX     = "stix"
)

// Errors from label validation.
var (
	ErrNoEntity     = errors.New("label has no entity")
	ErrNoSource     = errors.New("label has no source")
	ErrNoImporter   = errors.New("label has no importer")
	ErrBadListDate  = errors.New("list date is not YYYY-MM-DD")
	ErrBadAddressID = errors.New("address is not in canonical form")
)

// Normalize canonicalizes l in place (chain name lowercase, canonical
// address, default TLP of its importer) and then validates it.
func (l *Label) Normalize() error {
	l.Chain = strings.ToLower(strings.TrimSpace(l.Chain))
	l.Entity = strings.TrimSpace(l.Entity)
	canon, err := CanonicalAddress(l.Chain, strings.TrimSpace(l.Address))
	if err != nil {
		return err
	}
	l.Address = canon
	if l.TLP == "" {
		l.TLP = DefaultTLP(l.Importer)
	}
	return l.Validate()
}

// Validate checks that l is complete and consistent: known chain, canonical
// address, entity, known category, confidence 0–100, TLP 2.0 level,
// provenance (source and importer) and a well-formed list date.
func (l *Label) Validate() error {
	canon, err := CanonicalAddress(l.Chain, l.Address)
	if err != nil {
		return err
	}
	if canon != l.Address {
		return fmt.Errorf("%w: %q (canonical %q)", ErrBadAddressID, l.Address, canon)
	}
	if l.Entity == "" {
		return ErrNoEntity
	}
	if _, err := ParseCategory(string(l.Category)); err != nil {
		return err
	}
	if err := CheckConfidence(l.Confidence); err != nil {
		return err
	}
	if _, err := ParseTLP(string(l.TLP)); err != nil {
		return err
	}
	if l.Source == "" {
		return ErrNoSource
	}
	if l.Importer == "" {
		return ErrNoImporter
	}
	if l.ListDate != "" {
		if _, err := time.Parse("2006-01-02", l.ListDate); err != nil {
			return ErrBadListDate
		}
	}
	return nil
}

// Key returns the (chain, address) key of l as one string "chain:address".
func (l *Label) Key() string { return l.Chain + ":" + l.Address }
