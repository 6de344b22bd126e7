package csvlabels

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// record is one input row: field values by column or key, and its line
// (CSV) or record number (JSON).
type record struct {
	vals map[string]string
	line int
}

// KeyField is the pseudo-column holding the key of a JSON object-of-objects.
const KeyField = "$key"

// readCSVRecords reads a CSV with a header row.
func readCSVRecords(r io.Reader, name string, hdr func([]string) error, fn func(record) error) ([]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, inputerr.New(name, 1, "empty CSV: no header")
		}
		return nil, inputerr.Wrap(name, csvLine(err, 1), err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	if hdr != nil {
		if err := hdr(header); err != nil {
			return nil, err
		}
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return header, nil
		}
		if err != nil { // FieldPos must not be called after a read error
			return nil, inputerr.Wrap(name, csvLine(err, 0), err)
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(header) {
			return nil, inputerr.New(name, line, "%d fields, header has %d", len(row), len(header))
		}
		rec := record{vals: make(map[string]string, len(row)), line: line}
		for i, v := range row {
			rec.vals[header[i]] = v
		}
		if err := fn(rec); err != nil {
			return nil, err
		}
	}
}

func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return def
}

// readJSONRecords reads a JSON array of objects, or an object of objects
// (the outer key is available as KeyField). Records are numbered from 1 in
// input order (object keys sorted).
func readJSONRecords(r io.Reader, name string, fn func(record) error) error {
	var raw json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return inputerr.Wrap(name, 0, fmt.Errorf("bad JSON: %w", err))
	}
	var arr []map[string]any
	if err := json.Unmarshal(raw, &arr); err == nil {
		for i, o := range arr {
			if err := fn(record{vals: flatten(o), line: i + 1}); err != nil {
				return err
			}
		}
		return nil
	}
	var obj map[string]map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return inputerr.New(name, 0, "JSON must be an array of objects or an object of objects")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		vals := flatten(obj[k])
		vals[KeyField] = k
		if err := fn(record{vals: vals, line: i + 1}); err != nil {
			return err
		}
	}
	return nil
}

// flatten turns JSON values into strings; arrays are joined with ';'.
func flatten(o map[string]any) map[string]string {
	out := make(map[string]string, len(o))
	for k, v := range o {
		switch x := v.(type) {
		case string:
			out[k] = x
		case nil:
		case []any:
			parts := make([]string, 0, len(x))
			for _, e := range x {
				parts = append(parts, fmt.Sprint(e))
			}
			out[k] = strings.Join(parts, ";")
		default:
			b, _ := json.Marshal(x)
			out[k] = string(b)
		}
	}
	return out
}
