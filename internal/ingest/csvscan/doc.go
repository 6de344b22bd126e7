// Package csvscan is a fast, allocation-free CSV record scanner for large
// exporter files (ethereum-etl, bitcoin-etl and the like).
//
// A Scanner reads through one large buffer and hands out each record as a
// slice of fields that point into that buffer: they are valid only until the
// next call to Next. Nothing is allocated per record once the buffer and the
// field slice have grown to fit the longest record.
//
// The accepted syntax is RFC 4180: fields separated by commas, records by LF
// or CRLF; a field may be enclosed in double quotes, and then may contain
// commas, newlines and doubled quotes ("" stands for one "). Quoted fields
// are unescaped in place. Strictness follows encoding/csv without LazyQuotes:
// a quote inside an unquoted field, text after a closing quote, an
// unterminated quote and a record with the wrong number of fields are errors
// that carry the 1-based physical line where the record starts. Empty lines
// are skipped (but counted). A UTF-8 byte order mark before the first record
// is dropped.
//
// The usual loop:
//
//	s := csvscan.New(r)
//	for s.Next() {
//		f := s.Fields()
//		...
//	}
//	if err := s.Err(); err != nil { ... }
package csvscan
