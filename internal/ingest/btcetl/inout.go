package btcetl

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// ShieldedSpentIndex is the SpentIndex of a Zcash shielded input, which
// takes value from the shielded pool and spends no transparent output (its
// SpentTx is zero, like the null prevout of a coinbase input).
const ShieldedSpentIndex = ^uint32(0)

// MultisigPrefix starts the interned form of an output with several
// addresses: "multisig:" + addresses joined with ",".
const MultisigPrefix = chain.MultisigPrefix

// maxMultisigAddrs is the consensus limit of keys in OP_CHECKMULTISIG.
const maxMultisigAddrs = 20

// Input and output fields.
const (
	iSpentHash = 1 << iota
	iSpentIndex
	iAddrs
	iValue
	iType
	iIndex
)

func inoutField(k []byte) int {
	switch string(k) {
	case "spent_transaction_hash":
		return iSpentHash
	case "spent_output_index":
		return iSpentIndex
	case "addresses":
		return iAddrs
	case "value":
		return iValue
	case "type":
		return iType
	case "index":
		return iIndex
	}
	return 0
}

var (
	errNoSpentTx  = errors.New("missing (null) on an input that is not shielded")
	errShieldedNV = errors.New("missing (null) on a shielded input")
)

// inout holds the fields of one input or output object.
type inout struct {
	seen     int
	spent    chain.Hash
	hasSpent bool
	spentIdx uint32
	hasIdx   bool // spent_output_index (inputs) or index (outputs) given
	index    uint32
	addr     chain.AddrID
	value    uint64
	hasValue bool
	shielded bool
}

// object decodes the members of one input (isIn) or output object.
func (p *parser) object(list string, i int, isIn bool, io *inout) error {
	s := &p.s
	empty, err := s.open('{', '}', "'{'")
	if err != nil || empty {
		return err
	}
	for more := true; more; {
		k, err := s.key()
		if err != nil {
			return err
		}
		if err := p.member(k, list, i, isIn, io); err != nil {
			return err
		}
		if more, err = s.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// member decodes one member of an input or output object.
func (p *parser) member(k []byte, list string, i int, isIn bool, io *inout) error {
	s := &p.s
	bit := inoutField(k)
	if bit == 0 || !isIn && (bit == iSpentHash || bit == iSpentIndex || bit == iType) {
		return s.skip()
	}
	if io.seen&bit != 0 {
		return ferr(fpath{list, i, string(k)}, errDuplicate)
	}
	io.seen |= bit
	var err error
	switch bit {
	case iSpentHash:
		return p.hashField(fpath{list, i, "spent_transaction_hash"}, &io.spent, &io.hasSpent)
	case iSpentIndex, iIndex:
		if s.null() {
			return nil
		}
		var v uint64
		v, err = s.uintValue(maxUint32)
		if bit == iIndex {
			if isIn {
				return ferr(fpath{list, i, "index"}, err)
			}
			io.index = uint32(v)
		} else {
			io.spentIdx = uint32(v)
		}
		io.hasIdx = true
	case iValue:
		if s.null() {
			return nil
		}
		io.value, err = s.uintValue(maxUint64)
		io.hasValue = true
	case iType:
		var v []byte
		if !s.null() {
			if v, err = s.str(); err == errNotString {
				return p.notString(fpath{list, i, "type"})
			}
			io.shielded = string(v) == "shielded"
		}
	case iAddrs:
		io.addr, err = p.addresses(list, i)
		return err
	}
	if err != nil {
		return ferr(fpath{list, i, string(k)}, err)
	}
	return nil
}

// notString skips a non-string value and reports it.
func (p *parser) notString(path fpath) error {
	if err := p.s.skip(); err != nil {
		return err
	}
	return ferr(path, errNotString)
}

// addresses decodes an addresses array and interns it.
func (p *parser) addresses(list string, i int) (chain.AddrID, error) {
	s := &p.s
	if s.null() {
		return chain.NoAddr, nil
	}
	if s.peek() != '[' {
		if err := s.skip(); err != nil {
			return 0, err
		}
		return 0, ferr(fpath{list, i, "addresses"}, errNotArray)
	}
	empty, err := s.open('[', ']', "'['")
	if err != nil || empty {
		return chain.NoAddr, err
	}
	buf := append(p.addr[:0], MultisigPrefix...)
	n := 0
	for more := true; more; n++ {
		v, err := s.str()
		if err == errNotString {
			return 0, p.notString(fpath{list, i, fmt.Sprintf("addresses[%d]", n)})
		}
		if err != nil {
			return 0, err
		}
		if err := checkAddr(v, n); err != nil {
			return 0, ferr(fpath{list, i, fmt.Sprintf("addresses[%d]", n)}, err)
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, v...)
		if more, err = s.next(']'); err != nil {
			return 0, err
		}
	}
	p.addr = buf
	key := buf
	if n == 1 {
		key = buf[len(MultisigPrefix):]
	}
	id := p.opts.Addrs.Intern(key)
	if id == 0 {
		return 0, ferr(fpath{list, i, "addresses"}, errors.New("address interner returned 0"))
	}
	return chain.AddrID(id), nil
}

// checkAddr validates one address string of an addresses array.
func checkAddr(v []byte, n int) error {
	if n >= maxMultisigAddrs {
		return fmt.Errorf("more than %d addresses", maxMultisigAddrs)
	}
	if err := chain.CheckUTXOAddress(v); err != nil {
		return fmt.Errorf("address %q: %w", clip(v), err)
	}
	if bytes.HasPrefix(v, []byte(MultisigPrefix)) {
		return fmt.Errorf("address %q: prefix %q is reserved", clip(v), MultisigPrefix)
	}
	return nil
}

// input decodes inputs[i] and appends it to p.ins.
func (p *parser) input(i int) error {
	var io inout
	if err := p.object("inputs", i, true, &io); err != nil {
		return err
	}
	in := chain.UTXOInput{Addr: io.addr, Value: io.value, HasValue: io.hasValue}
	switch {
	case io.hasSpent && !io.hasIdx:
		return ferr(fpath{"inputs", i, "spent_output_index"}, errMissing)
	case io.hasSpent:
		in.SpentTx, in.SpentIndex = io.spent, io.spentIdx
	case !io.shielded:
		return ferr(fpath{"inputs", i, "spent_transaction_hash"}, errNoSpentTx)
	case !io.hasValue:
		return ferr(fpath{"inputs", i, "value"}, errShieldedNV)
	default:
		in.SpentIndex = ShieldedSpentIndex
	}
	p.ins = append(p.ins, in)
	return nil
}

// output decodes outputs[i] and appends it to p.outs.
func (p *parser) output(i int) error {
	var io inout
	if err := p.object("outputs", i, false, &io); err != nil {
		return err
	}
	if !io.hasValue {
		return ferr(fpath{"outputs", i, "value"}, errMissing)
	}
	idx := uint32(i)
	if io.hasIdx {
		idx = io.index
	}
	p.outs = append(p.outs, chain.UTXOOutput{Index: idx, Addr: io.addr, Value: io.value})
	return nil
}
