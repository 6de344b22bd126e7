package btcetl

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// record is one parsed transaction line before grouping.
type record struct {
	tx        chain.UTXOTx
	block     uint64
	blockHash chain.Hash
	hasHash   bool // block_hash was given
	time      int64
	hasTime   bool // block_timestamp was given
	hasIndex  bool // index was given
}

// Top-level fields seen on a line, to reject duplicates and find missing ones.
const (
	fHash = 1 << iota
	fBlockNumber
	fBlockHash
	fTimestamp
	fCoinbase
	fIndex
	fInputs
	fOutputs
	fType
	fMerkleRoot
)

// fpath names a field: a top-level one (list empty) or list[i].field. It
// is formatted only when an error is reported.
type fpath struct {
	list  string
	i     int
	field string
}

func top(field string) fpath { return fpath{field: field} }

func (f fpath) String() string {
	if f.list == "" {
		return f.field
	}
	return fmt.Sprintf("%s[%d].%s", f.list, f.i, f.field)
}

// fieldError is a decoding problem at a field such as outputs[1].value.
type fieldError struct {
	path fpath
	err  error
}

func (e *fieldError) Error() string { return e.path.String() + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// ferr attaches the field path to err; nil and syntax errors pass through.
func ferr(path fpath, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*syntaxError); ok {
		return err
	}
	return &fieldError{path: path, err: err}
}

// parseLine decodes one line into rec. skip reports a line that is not a
// transaction (a block record or another type).
func (p *parser) parseLine(line []byte, rec *record) (skip bool, err error) {
	s := &p.s
	s.reset(line)
	*rec = record{}
	p.ins, p.outs = p.ins[:0], p.outs[:0]
	var seen, typeSkip int
	empty, err := s.open('{', '}', "'{' (a JSON object)")
	if err != nil {
		return false, err
	}
	for more := !empty; more; {
		k, err := s.key()
		if err != nil {
			return false, err
		}
		if typeSkip != 0 {
			err = s.skip()
		} else {
			err = p.field(k, rec, &seen, &typeSkip)
		}
		if err != nil {
			return false, err
		}
		if more, err = s.next('}'); err != nil {
			return false, err
		}
	}
	if err := s.end(); err != nil {
		return false, err
	}
	if typeSkip != 0 || seen&(fType|fBlockNumber|fMerkleRoot) == fMerkleRoot {
		return true, nil
	}
	return false, p.finishTx(rec, seen)
}

// field decodes the value of top-level key k.
func (p *parser) field(k []byte, rec *record, seen, typeSkip *int) error {
	s := &p.s
	bit := topField(k)
	if bit == 0 {
		return s.skip()
	}
	if *seen&bit != 0 {
		return ferr(top(string(k)), errDuplicate)
	}
	*seen |= bit
	switch bit {
	case fType:
		v, err := s.str()
		if err != nil {
			return ferr(top("type"), err)
		}
		if string(v) != "transaction" {
			*typeSkip = 1
		}
		return nil
	case fHash:
		return p.hashField(top("hash"), &rec.tx.Hash, nil)
	case fBlockHash:
		return p.hashField(top("block_hash"), &rec.blockHash, &rec.hasHash)
	case fBlockNumber:
		v, err := s.uintValue(maxUint64)
		rec.block = v
		return ferr(top("block_number"), nullAware(err, s))
	case fTimestamp:
		if s.null() {
			return nil
		}
		v, err := s.uintValue(maxInt64)
		rec.time, rec.hasTime = int64(v), true
		return ferr(top("block_timestamp"), err)
	case fCoinbase:
		v, err := s.boolValue()
		rec.tx.Coinbase = v
		return ferr(top("is_coinbase"), err)
	case fIndex:
		if s.null() {
			return nil
		}
		v, err := s.uintValue(maxUint32)
		rec.tx.Index, rec.hasIndex = uint32(v), true
		return ferr(top("index"), err)
	case fInputs:
		return p.list("inputs", true, p.input)
	case fOutputs:
		return p.list("outputs", false, p.output)
	}
	return s.skip() // fMerkleRoot: only noted
}

func topField(k []byte) int {
	switch string(k) {
	case "hash":
		return fHash
	case "block_number":
		return fBlockNumber
	case "block_hash":
		return fBlockHash
	case "block_timestamp":
		return fTimestamp
	case "is_coinbase":
		return fCoinbase
	case "index":
		return fIndex
	case "inputs":
		return fInputs
	case "outputs":
		return fOutputs
	case "type":
		return fType
	case "merkle_root":
		return fMerkleRoot
	}
	return 0
}

// nullAware turns "not a number" into "missing (null)" when the value was
// null, for required fields.
func nullAware(err error, s *scanner) error {
	if err == errNotNumber && s.i >= 4 && string(s.b[s.i-4:s.i]) == "null" {
		return errNull
	}
	return err
}

// hashField decodes a 64-hex-digit hash. With has != nil null is allowed.
func (p *parser) hashField(name fpath, dst *chain.Hash, has *bool) error {
	s := &p.s
	if s.null() {
		if has != nil {
			return nil
		}
		return ferr(name, errNull)
	}
	v, err := s.str()
	if err == errNotString {
		if err = s.skip(); err == nil {
			err = errNotString
		}
	}
	if err != nil {
		return ferr(name, err)
	}
	h, err := parseHash(v)
	if err != nil {
		return ferr(name, fmt.Errorf("bad hash %q: %w", clip(v), err))
	}
	*dst = h
	if has != nil {
		*has = true
	}
	return nil
}

// clip shortens v for error messages.
func clip(v []byte) string {
	if len(v) > 80 {
		return string(v[:80]) + "..."
	}
	return string(v)
}

// list decodes an array of objects with fn(path, i). null is an empty list
// when nullOK.
func (p *parser) list(name string, nullOK bool, fn func(i int) error) error {
	s := &p.s
	if s.null() {
		if nullOK {
			return nil
		}
		return ferr(top(name), errNull)
	}
	if s.peek() != '[' {
		if err := s.skip(); err != nil {
			return err
		}
		return ferr(top(name), errNotArray)
	}
	empty, err := s.open('[', ']', "'['")
	if err != nil || empty {
		return err
	}
	for i, more := 0, true; more; i++ {
		if s.peek() != '{' {
			if err := s.skip(); err != nil {
				return err
			}
			return ferr(top(fmt.Sprintf("%s[%d]", name, i)), errNotObject)
		}
		if err := fn(i); err != nil {
			return err
		}
		if more, err = s.next(']'); err != nil {
			return err
		}
	}
	return nil
}
