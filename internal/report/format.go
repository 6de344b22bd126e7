package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Format is an output format of a report.
type Format string

// The formats. Not every document has every format: the incident report
// has md, html and json; the activity summary csv, json and html.
const (
	MD   Format = "md"
	HTML Format = "html"
	JSON Format = "json"
	CSV  Format = "csv"
)

// ErrBadFormat is returned (wrapped) for a format a document lacks.
var ErrBadFormat = errors.New("unknown report format")

// ErrNotFound is what errors for an unknown incident or exchange match
// (errors.Is); make them with NotFoundf.
var ErrNotFound = errors.New("not found")

// notFound is an ErrNotFound with its own message.
type notFound struct{ msg string }

func (e *notFound) Error() string        { return e.msg }
func (e *notFound) Is(target error) bool { return target == ErrNotFound }

// NotFoundf returns an error that matches ErrNotFound with the message.
func NotFoundf(format string, a ...any) error { return &notFound{fmt.Sprintf(format, a...)} }

// ParseFormat checks s against the formats allowed.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	for _, f := range allowed {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	names := make([]string, len(allowed))
	for i, f := range allowed {
		names[i] = string(f)
	}
	return "", fmt.Errorf("%w %q: want %s", ErrBadFormat, s, strings.Join(names, ", "))
}

// ContentType is the MIME type of documents in format f.
func ContentType(f Format) string {
	switch f {
	case MD:
		return "text/markdown; charset=utf-8"
	case HTML:
		return "text/html; charset=utf-8"
	case CSV:
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

// marshal encodes v as indented JSON without HTML escaping (the JSON is a
// document, not embedded in a page).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Render writes the report in format f (md, html or json).
func (r *IncidentReport) Render(f Format) ([]byte, error) {
	switch f {
	case JSON:
		return marshal(r)
	case MD:
		return r.markdown(), nil
	case HTML:
		return r.html()
	}
	return nil, fmt.Errorf("%w %q: want md, html or json", ErrBadFormat, f)
}
