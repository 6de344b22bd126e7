package stix

import (
	"crypto/sha1"
	"fmt"
)

// namespace is vigil's UUIDv5 namespace for STIX ids (a UUIDv5 of
// "vigil-project.org" in the DNS namespace, fixed here).
var namespace = [16]byte{0x6b, 0x1f, 0x8e, 0x4a, 0x52, 0x77, 0x5c, 0x3d, 0x9a, 0x1e, 0x2b, 0x4c, 0x7d, 0x80, 0x91, 0xa2}

// uuid5 returns the RFC 4122 version-5 UUID of name in namespace.
func uuid5(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// id returns a deterministic STIX id of the given type.
func id(typ, name string) string { return typ + "--" + uuid5(typ+"|"+name) }
