package csvlabels

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
)

// Options tune an import. The zero value is usable.
type Options struct {
	Now time.Time // ImportedAt; default time.Now().UTC()
	// TLP of labels whose input states none; default intel.DefaultTLP of
	// the importer (AMBER for user CSV, CLEAR for the public named formats).
	TLP intel.TLP
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now
}

// Stats counts records, labels and skipped records by reason.
type Stats struct {
	File    string         `json:"file"`
	Records int            `json:"records"`
	Labels  int            `json:"labels"`
	Skipped map[string]int `json:"skipped,omitempty"`
}

// Required and optional columns of the contract CSV.
var (
	RequiredColumns = []string{"chain", "address", "entity", "category", "source", "confidence"}
	OptionalColumns = []string{"actor", "tlp", "note"}
)

// ContractMapping maps the contract CSV columns to themselves.
func ContractMapping() Mapping {
	m := Mapping{Columns: map[string]string{}}
	for _, c := range append(append([]string(nil), RequiredColumns...), OptionalColumns...) {
		m.Columns[c] = c
	}
	return m
}

// ReadCSV reads the contract CSV. Unknown categories, confidences outside
// 0..100, bad TLPs and invalid addresses are errors naming the line.
func ReadCSV(r io.Reader, name string, opt Options) ([]intel.Label, error) {
	var out []intel.Label
	m := ContractMapping()
	tlp := opt.TLP
	if tlp == "" {
		tlp = intel.DefaultTLP(intel.ImporterCSV)
	}
	hdr := func(h []string) error { return checkHeader(h, name) }
	_, err := readCSVRecords(r, name, hdr, func(rec record) error {
		l, err := m.label(rec, intel.ImporterCSV, tlp, opt.now())
		if err != nil {
			return inputerr.Wrap(name, rec.line, err)
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkHeader requires the contract columns and rejects unknown ones.
func checkHeader(header []string, name string) error {
	have := map[string]bool{}
	for _, h := range header {
		if !isField(h) {
			return inputerr.New(name, 1, "unknown column %q (columns: %s, optional %s)", h,
				strings.Join(RequiredColumns, ","), strings.Join(OptionalColumns, ","))
		}
		have[h] = true
	}
	for _, c := range RequiredColumns {
		if !have[c] {
			return inputerr.New(name, 1, "missing column %q", c)
		}
	}
	return nil
}

// ReadMapped reads CSV (kind "csv") or JSON (kind "json") through m.
func ReadMapped(r io.Reader, name, kind string, m Mapping, opt Options) ([]intel.Label, Stats, error) {
	st := Stats{File: name, Skipped: map[string]int{}}
	tlp := opt.TLP
	if tlp == "" {
		tlp = intel.DefaultTLP(intel.ImporterCSV)
	}
	var out []intel.Label
	fn := func(rec record) error {
		st.Records++
		l, err := m.label(rec, intel.ImporterCSV, tlp, opt.now())
		var sk errSkip
		if errors.As(err, &sk) {
			st.Skipped[sk.reason]++
			return nil
		}
		if err != nil {
			return inputerr.Wrap(name, rec.line, err)
		}
		out = append(out, l)
		return nil
	}
	var err error
	switch kind {
	case "csv":
		_, err = readCSVRecords(r, name, nil, fn)
	case "json":
		err = readJSONRecords(r, name, fn)
	default:
		err = fmt.Errorf("unknown input kind %q (csv or json)", kind)
	}
	st.Labels = len(out)
	return out, st, err
}

// WriteCSV writes labels in the contract shape (all nine columns).
func WriteCSV(w io.Writer, labels []intel.Label) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append(append([]string(nil), RequiredColumns...), OptionalColumns...)); err != nil {
		return err
	}
	for _, l := range labels {
		row := []string{l.Chain, l.Address, l.Entity, string(l.Category), l.Source,
			strconv.Itoa(l.Confidence), l.Actor, string(l.TLP), l.Note}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
