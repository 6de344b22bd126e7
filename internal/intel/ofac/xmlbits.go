package ofac

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// startTag returns the start tag of elem (up to and including the first '>').
func startTag(elem []byte) []byte {
	if i := bytes.IndexByte(elem, '>'); i >= 0 {
		return elem[:i+1]
	}
	return elem
}

// attr returns the value of attribute name in the start tag of elem.
func attr(elem []byte, name string) (string, bool) {
	tag := startTag(elem)
	key := " " + name + `="`
	i := bytes.Index(tag, []byte(key))
	if i < 0 {
		return "", false
	}
	v := tag[i+len(key):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return "", false
	}
	return unescape(v[:j]), true
}

// children iterates over the elements <tag ...>...</tag> (or self-closing
// <tag .../>) inside b, calling fn with each element's bytes. Elements of
// the same name must not nest, which holds for the ones read here.
func children(b []byte, tag string, fn func(elem []byte) bool) {
	open := []byte("<" + tag)
	closeTag := []byte("</" + tag + ">")
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return
		}
		rest := b[i:]
		if n := len(open); len(rest) > n && rest[n] != ' ' && rest[n] != '>' && rest[n] != '/' {
			b = rest[n:] // a longer tag name with the same prefix
			continue
		}
		gt := bytes.IndexByte(rest, '>')
		if gt < 0 {
			return
		}
		end := gt + 1
		if rest[gt-1] != '/' {
			j := bytes.Index(rest, closeTag)
			if j < 0 {
				return
			}
			end = j + len(closeTag)
		}
		if !fn(rest[:end]) {
			return
		}
		b = rest[end:]
	}
}

// text returns the unescaped character content of a simple element
// <tag ...>text</tag>; "" for a self-closing one.
func text(elem []byte) string {
	gt := bytes.IndexByte(elem, '>')
	if gt < 0 || elem[gt-1] == '/' {
		return ""
	}
	body := elem[gt+1:]
	if j := bytes.LastIndex(body, []byte("</")); j >= 0 {
		body = body[:j]
	}
	return strings.TrimSpace(unescape(body))
}

// childText returns the text of the first child element tag of b.
func childText(b []byte, tag string) string {
	var s string
	children(b, tag, func(e []byte) bool { s = text(e); return false })
	return s
}

// unescape decodes the XML predefined entities and character references.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			sb.Write(b)
			break
		}
		sb.Write(b[:i])
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			sb.WriteByte('&')
			b = b[1:]
			continue
		}
		sb.WriteString(entity(string(b[1:semi])))
		b = b[semi+1:]
	}
	return sb.String()
}

func entity(name string) string {
	switch name {
	case "amp":
		return "&"
	case "lt":
		return "<"
	case "gt":
		return ">"
	case "quot":
		return `"`
	case "apos":
		return "'"
	}
	if strings.HasPrefix(name, "#") {
		base, digits := 10, name[1:]
		if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
			base, digits = 16, digits[1:]
		}
		if v, err := strconv.ParseUint(digits, base, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v))
		}
	}
	return "&" + name + ";"
}
