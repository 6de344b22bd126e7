package sim

import (
	"crypto/sha256"
	"encoding/binary"
)

// Namespaces of the Bitcoin simulator's identifiers (distinct from the
// Ethereum ones).
const (
	tagBtcAddr uint64 = 100 + iota
	tagBtcTx
	tagBtcHeist
	tagBtcBlock
	tagBtcSig
	tagBtcRoot
	tagBtcCommit
)

// bkind is the script type of a simulated Bitcoin address.
type bkind uint8

const (
	kWPKH bkind = iota // P2WPKH, bech32 bc1q…
	kPKH               // P2PKH, base58 1…
	kSH                // P2SH (wrapping P2WPKH), base58 3…
)

// baddr indexes the address table.
type baddr uint32

// bent is one address with its pre-rendered JSON: frag is an output's
// script_asm, script_hex, required_signatures, type and addresses
// fields followed by `"value": `; frag[tail:] is the part an input repeats.
// sig is the script_asm and script_hex of a spending input for P2SH
// (empty for P2WPKH; P2PKH signatures are written per input).
type bent struct {
	frag string
	sig  string
	tail uint16 // start of the input's part of frag
	aoff uint16 // the address text is frag[aoff:aoff+alen]
	alen uint8
	kind bkind
	pub  [33]byte // public key (P2PKH inputs)
}

// btcAddrs derives addresses lazily from (seed, index): the same index
// always gives the same address. Indexes below fixed are derived; above,
// they were added with a chosen kind.
type btcAddrs struct {
	d     ids
	ents  []bent
	done  []bool
	kinds []bkind // kind of every address, known before it is rendered
}

func newBtcAddrs(d ids, n int) *btcAddrs {
	t := &btcAddrs{d: d, ents: make([]bent, n), done: make([]bool, n), kinds: make([]bkind, n)}
	for i := range t.kinds {
		switch r := d.word(tagBtcAddr, uint64(i), 7) % 10; {
		case r >= 9:
			t.kinds[i] = kSH
		case r >= 7:
			t.kinds[i] = kPKH
		}
	}
	return t
}

// add appends a new address of kind k and returns it.
func (t *btcAddrs) add(k bkind) baddr {
	i := len(t.ents)
	t.ents = append(t.ents, bent{})
	t.done = append(t.done, false)
	t.kinds = append(t.kinds, k)
	return baddr(i)
}

// set fixes the kind of derived address i.
func (t *btcAddrs) set(i int, k bkind) { t.kinds[i] = k }

// kind returns the script type of a.
func (t *btcAddrs) kind(a baddr) bkind { return t.kinds[a] }

// get returns the entry of a, rendering it on first use.
func (t *btcAddrs) get(a baddr) *bent {
	if !t.done[a] {
		t.render(int(a), t.kinds[a])
		t.done[a] = true
	}
	return &t.ents[a]
}

// String returns the address text of a.
func (t *btcAddrs) String(a baddr) string {
	e := t.get(a)
	return e.frag[e.aoff : int(e.aoff)+int(e.alen)]
}

func (t *btcAddrs) render(i int, k bkind) {
	var h [20]byte
	t.hash160(&h, i, 0)
	e := &t.ents[i]
	e.kind = k
	b := make([]byte, 0, 224)
	pre, mid, post, typ := `"script_asm": "0 `, `", "script_hex": "0014`, `", `, "witness_v0_keyhash"
	switch k {
	case kPKH:
		pre, mid, post, typ = `"script_asm": "OP_DUP OP_HASH160 `, ` OP_EQUALVERIFY OP_CHECKSIG", "script_hex": "76a914`, `88ac", `, "pubkeyhash"
	case kSH:
		pre, mid, post, typ = `"script_asm": "OP_HASH160 `, ` OP_EQUAL", "script_hex": "a914`, `87", `, "scripthash"
	}
	b = rawHex(append(rawHex(append(b, pre...), h[:]), mid...), h[:])
	b = append(b, post...)
	e.tail = uint16(len(b))
	b = append(append(append(b, `"required_signatures": 1, "type": "`...), typ...), `", "addresses": ["`...)
	e.aoff = uint16(len(b))
	switch k {
	case kWPKH:
		b = appendBech32(b, h[:])
	case kPKH:
		b = appendBase58Check(b, 0x00, h[:])
		e.pub[0] = 2 + byte(t.d.word(tagBtcAddr, uint64(i), 3)&1)
		for j := 0; j < 4; j++ {
			binary.BigEndian.PutUint64(e.pub[1+8*j:], t.d.word(tagBtcAddr, uint64(i), uint64(8+j)))
		}
	default:
		b = appendBase58Check(b, 0x05, h[:])
		var w [20]byte // the wrapped key hash of the redeem script
		t.hash160(&w, i, 4)
		sig := rawHex(append(make([]byte, 0, 96), `"script_asm": "0014`...), w[:])
		sig = rawHex(append(sig, `", "script_hex": "160014`...), w[:])
		e.sig = string(append(sig, `", `...))
	}
	e.alen = uint8(len(b) - int(e.aoff))
	b = append(b, `"], "value": `...)
	e.frag = string(b)
}

// hash160 fills h with the 20-byte hash number k of address i.
func (t *btcAddrs) hash160(h *[20]byte, i int, k uint64) {
	binary.BigEndian.PutUint64(h[0:], t.d.word(tagBtcAddr, uint64(i), k))
	binary.BigEndian.PutUint64(h[8:], t.d.word(tagBtcAddr, uint64(i), k+1))
	binary.BigEndian.PutUint32(h[16:], uint32(t.d.word(tagBtcAddr, uint64(i), k+2)))
}

// appendBech32 appends the bech32 (BIP-173) segwit v0 address of a
// 20-byte key hash.
func appendBech32(dst []byte, prog []byte) []byte {
	const hrp = "bc"
	data := make([]byte, 0, 40)
	data = append(data, 0) // witness version
	acc, bits := uint32(0), uint(0)
	for _, v := range prog {
		acc = acc<<8 | uint32(v)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<(5-bits)&31))
	}
	vals := []byte{hrp[0] >> 5, hrp[1] >> 5, 0, hrp[0] & 31, hrp[1] & 31}
	vals = append(vals, data...)
	vals = append(vals, 0, 0, 0, 0, 0, 0)
	pm := bech32Poly(vals) ^ 1
	dst = append(dst, hrp+"1"...)
	for _, d := range data {
		dst = append(dst, bech32Chars[d])
	}
	for i := 0; i < 6; i++ {
		dst = append(dst, bech32Chars[pm>>(5*(5-i))&31])
	}
	return dst
}

const bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Poly(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

const base58Chars = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// appendBase58Check appends the base58check encoding of version+payload.
func appendBase58Check(dst []byte, version byte, payload []byte) []byte {
	raw := append([]byte{version}, payload...)
	s1 := sha256.Sum256(raw)
	s2 := sha256.Sum256(s1[:])
	raw = append(raw, s2[:4]...)
	zeros := 0
	for zeros < len(raw) && raw[zeros] == 0 {
		zeros++
	}
	var digits []byte // little-endian base-58 digits
	for _, c := range raw {
		carry := int(c)
		for j := range digits {
			carry += int(digits[j]) << 8
			digits[j] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	for i := 0; i < zeros; i++ {
		dst = append(dst, '1')
	}
	for i := len(digits) - 1; i >= 0; i-- {
		dst = append(dst, base58Chars[digits[i]])
	}
	return dst
}
