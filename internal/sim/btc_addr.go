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

// bent is one rendered address: its 20-byte hash and its text. It fills
// one cache line, so formatting reads little memory.
type bent struct {
	h    [20]byte
	text [42]byte // bech32 P2WPKH addresses have 42 characters
	n    uint8    // length of text
	kind bkind
}

// Per-kind JSON around an address's hash: an output writes pre, hex,
// mid, hex, post, text, `"], "value": `; an input repeats tail (the end
// of post), text, `"], "value": `.
var (
	kindPre  = [3]string{`"script_asm": "0 `, `"script_asm": "OP_DUP OP_HASH160 `, `"script_asm": "OP_HASH160 `}
	kindMid  = [3]string{`", "script_hex": "0014`, ` OP_EQUALVERIFY OP_CHECKSIG", "script_hex": "76a914`, ` OP_EQUAL", "script_hex": "a914`}
	kindTail = [3]string{
		`"required_signatures": 1, "type": "witness_v0_keyhash", "addresses": ["`,
		`"required_signatures": 1, "type": "pubkeyhash", "addresses": ["`,
		`"required_signatures": 1, "type": "scripthash", "addresses": ["`,
	}
	kindPost = [3]string{`", ` + kindTail[0], `88ac", ` + kindTail[1], `87", ` + kindTail[2]}
)

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
	const extra = 1024 // room for the heist's addresses
	t := &btcAddrs{d: d, ents: make([]bent, n, n+extra), done: make([]bool, n, n+extra), kinds: make([]bkind, n, n+extra)}
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
	return string(e.text[:e.n])
}

func (t *btcAddrs) render(i int, k bkind) {
	e := &t.ents[i]
	t.hash160(&e.h, i, 0)
	e.kind = k
	var b []byte
	switch k {
	case kWPKH:
		b = appendBech32(e.text[:0], e.h[:])
	case kPKH:
		b = appendBase58Check(e.text[:0], 0x00, e.h[:])
	default:
		b = appendBase58Check(e.text[:0], 0x05, e.h[:])
	}
	e.n = uint8(copy(e.text[:], b))
}

// pubKey fills p with the compressed public key of P2PKH address i.
func (t *btcAddrs) pubKey(p *[33]byte, i baddr) {
	p[0] = 2 + byte(t.d.word(tagBtcAddr, uint64(i), 3)&1)
	for j := 0; j < 4; j++ {
		binary.BigEndian.PutUint64(p[1+8*j:], t.d.word(tagBtcAddr, uint64(i), uint64(8+j)))
	}
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
	var vals [5 + 33 + 6]byte // expanded hrp, data, checksum
	vals[0], vals[1], vals[2], vals[3], vals[4] = hrp[0]>>5, hrp[1]>>5, 0, hrp[0]&31, hrp[1]&31
	data := vals[5:5]
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
	pm := bech32Poly(vals[:5+len(data)+6]) ^ 1
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
	chk := uint32(1)
	for _, v := range values {
		chk = (chk&0x1ffffff)<<5 ^ uint32(v) ^ bech32Gen[chk>>25]
	}
	return chk
}

// bech32Gen is the generator term of BIP-173's checksum for each value of
// the five bits shifted out.
var bech32Gen = func() (t [32]uint32) {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	for b := range t {
		for i := 0; i < 5; i++ {
			if b>>i&1 == 1 {
				t[b] ^= gen[i]
			}
		}
	}
	return t
}()

const base58Chars = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// appendBase58Check appends the base58check encoding of version and a
// 20-byte payload: the 25 bytes are divided by 58^5 as seven 32-bit limbs,
// five digits per pass.
func appendBase58Check(dst []byte, version byte, payload []byte) []byte {
	var raw [25]byte
	raw[0] = version
	copy(raw[1:21], payload)
	s1 := sha256.Sum256(raw[:21])
	s2 := sha256.Sum256(s1[:])
	copy(raw[21:], s2[:4])
	limbs := [7]uint32{uint32(raw[0])}
	for i := 0; i < 6; i++ {
		limbs[1+i] = binary.BigEndian.Uint32(raw[1+4*i:])
	}
	const div = 58 * 58 * 58 * 58 * 58
	var digits [40]byte // little-endian base-58 digits
	nd := 0
	for first := 0; first < len(limbs); {
		var rem uint64
		for i := first; i < len(limbs); i++ {
			cur := rem<<32 | uint64(limbs[i])
			limbs[i], rem = uint32(cur/div), cur%div
		}
		for k := 0; k < 5; k++ {
			digits[nd], rem = byte(rem%58), rem/58
			nd++
		}
		for first < len(limbs) && limbs[first] == 0 {
			first++
		}
	}
	for nd > 0 && digits[nd-1] == 0 {
		nd--
	}
	for i := 0; i < len(raw) && raw[i] == 0; i++ {
		dst = append(dst, '1')
	}
	for i := nd - 1; i >= 0; i-- {
		dst = append(dst, base58Chars[digits[i]])
	}
	return dst
}
