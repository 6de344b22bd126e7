package httpfast

import (
	"bufio"
	"errors"
	"net/http"
	"net/textproto"
	"strings"
)

// statusError is a request the server refuses: it answers status with
// msg as a plain-text body and closes the connection.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

func refuse(status int, msg string) *statusError { return &statusError{status: status, msg: msg} }

// head is a parsed request head.
type head struct {
	method, target, proto string
	minor                 int // HTTP/1.minor
	header                http.Header
	host                  string
	contentLength         int64 // -1: none given
	chunked               bool
	close, keepAlive      bool // Connection: close / keep-alive
	expectContinue        bool
}

// readHead reads a request head (request line and header lines, each
// ending in CRLF, up to the empty line) into buf and returns it; empty
// lines before the request line are skipped. A head over max bytes is
// refused with 414 (its request line) or 431.
func readHead(rd *bufio.Reader, buf []byte, max int) ([]byte, error) {
	buf = buf[:0]
	for {
		line, err := readLine(rd, buf, max)
		if err != nil {
			if errors.Is(err, errTooLong) {
				if len(buf) == 0 {
					return nil, refuse(http.StatusRequestURITooLong, "request line too long")
				}
				return nil, refuse(http.StatusRequestHeaderFieldsTooLarge, "request header too large")
			}
			return buf, err
		}
		n := len(line) - len(buf)
		if n == 2 && line[len(line)-2] == '\r' {
			if len(buf) == 0 {
				continue // an empty line before the request line
			}
			return line, nil
		}
		buf = line
	}
}

var errTooLong = errors.New("line too long")

// readLine appends the next line (through its LF) to buf, keeping buf
// within max bytes.
func readLine(rd *bufio.Reader, buf []byte, max int) ([]byte, error) {
	for {
		frag, err := rd.ReadSlice('\n')
		if len(buf)+len(frag) > max {
			return buf, errTooLong
		}
		buf = append(buf, frag...)
		if err == nil {
			return buf, nil
		}
		if err != bufio.ErrBufferFull {
			return buf, err
		}
	}
}

// parseHead parses a head read by readHead (text holds it as one string:
// every string of the request is a slice of it).
func parseHead(text string) (*head, *statusError) {
	h := new(head)
	return h, h.parse(text, nil)
}

// parse fills h (its previous content is dropped) from text, as
// parseHead. The header values are kept in vals when it has room (one
// allocation fewer per request).
func (h *head) parse(text string, vals []string) *statusError {
	*h = head{contentLength: -1}
	line, rest, _ := strings.Cut(text, "\n")
	if err := h.requestLine(line); err != nil {
		return err
	}
	if err := h.headers(rest, vals); err != nil {
		return err
	}
	return h.framing()
}

// requestLine parses "METHOD SP target SP HTTP/1.x CR".
func (h *head) requestLine(line string) *statusError {
	line, ok := strings.CutSuffix(line, "\r")
	if !ok {
		return refuse(http.StatusBadRequest, "request line does not end in CRLF")
	}
	method, rest, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || !isToken(method) || !isTarget(target) {
		return refuse(http.StatusBadRequest, "malformed request line")
	}
	switch proto {
	case "HTTP/1.1":
		h.minor = 1
	case "HTTP/1.0":
	default:
		if len(proto) == 8 && strings.HasPrefix(proto, "HTTP/") && proto[6] == '.' && isDigit(proto[5]) && isDigit(proto[7]) {
			return refuse(http.StatusHTTPVersionNotSupported, "HTTP version not supported")
		}
		return refuse(http.StatusBadRequest, "malformed HTTP version")
	}
	h.method, h.target, h.proto = method, target, proto
	return nil
}

// headers parses the header lines of text (each ending in CRLF, the
// last one empty).
func (h *head) headers(text string, vals []string) *statusError {
	n := strings.Count(text, "\n")
	h.header = make(http.Header, n)
	if cap(vals) < n {
		vals = make([]string, n) // one backing array for the usual single values
	}
	vals = vals[:n]
	hosts := 0
	for i := 0; ; i++ {
		line, rest, found := strings.Cut(text, "\n")
		text = rest
		line, ok := strings.CutSuffix(line, "\r")
		if !ok || !found {
			return refuse(http.StatusBadRequest, "header line does not end in CRLF")
		}
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			return refuse(http.StatusBadRequest, "obsolete line folding in the header")
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) {
			return refuse(http.StatusBadRequest, "malformed header line")
		}
		value = strings.Trim(value, " \t")
		if !isFieldValue(value) {
			return refuse(http.StatusBadRequest, "invalid character in a header value")
		}
		key := canonicalKey(name)
		if key == "Host" {
			hosts++
			h.host = value
			continue
		}
		if err := h.special(key, value); err != nil {
			return err
		}
		if old := h.header[key]; old != nil {
			h.header[key] = append(old, value)
			continue
		}
		vals[i] = value
		h.header[key] = vals[i : i+1 : i+1]
	}
	if hosts > 1 || (hosts == 0 && h.minor == 1) || !validHost(h.host) {
		return refuse(http.StatusBadRequest, "missing, repeated or invalid Host header")
	}
	return nil
}

// special reads the headers that frame the request or steer the
// connection; repeats that could smuggle a request are refused.
func (h *head) special(key, value string) *statusError {
	switch key {
	case "Content-Length":
		if h.contentLength >= 0 {
			return refuse(http.StatusBadRequest, "repeated Content-Length")
		}
		n, ok := parseLength(value)
		if !ok {
			return refuse(http.StatusBadRequest, "invalid Content-Length")
		}
		h.contentLength = n
	case "Transfer-Encoding":
		if h.chunked {
			return refuse(http.StatusBadRequest, "repeated Transfer-Encoding")
		}
		if !strings.EqualFold(value, "chunked") {
			return refuse(http.StatusNotImplemented, "unsupported Transfer-Encoding (only chunked)")
		}
		h.chunked = true
	case "Connection":
		for _, t := range strings.Split(value, ",") {
			t = strings.Trim(t, " \t")
			h.close = h.close || strings.EqualFold(t, "close")
			h.keepAlive = h.keepAlive || strings.EqualFold(t, "keep-alive")
		}
	case "Expect":
		if h.minor == 1 {
			if !strings.EqualFold(value, "100-continue") {
				return refuse(http.StatusExpectationFailed, "unsupported Expect")
			}
			h.expectContinue = true
		}
	}
	return nil
}

// framing checks how the body is delimited.
func (h *head) framing() *statusError {
	if h.chunked && h.contentLength >= 0 {
		return refuse(http.StatusBadRequest, "both Content-Length and Transfer-Encoding")
	}
	if h.chunked && h.minor == 0 {
		return refuse(http.StatusBadRequest, "Transfer-Encoding in an HTTP/1.0 request")
	}
	return nil
}

// parseLength parses a Content-Length: decimal digits, at most 18.
func parseLength(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isToken reports whether s is an RFC 9110 token (a method or a header
// name).
func isToken(s string) bool { return s != "" && allIn(s, &tchar) }

var tchar = byteClass("!#$%&'*+-.^_`|~")

// byteClass is the set of ASCII letters, digits and the bytes of extra.
func byteClass(extra string) (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for i := 0; i < len(extra); i++ {
		t[extra[i]] = true
	}
	return t
}

// allIn reports whether every byte of s is in class.
func allIn(s string, class *[256]bool) bool {
	for i := 0; i < len(s); i++ {
		if !class[s[i]] {
			return false
		}
	}
	return true
}

// isTarget reports whether s may be a request target: visible ASCII.
func isTarget(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// isFieldValue reports whether s holds no control character but HTAB.
func isFieldValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// validHost accepts the characters of a host and port (RFC 3986
// reg-name, IPv6 literal, percent-encoding); empty is checked by the
// caller.
func validHost(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(tchar[c] || c == ':' || c == '[' || c == ']' || c == '(' || c == ')' || c == ',' || c == ';' || c == '=' || c == '@') {
			return false
		}
	}
	return true
}

// canonicalKey returns name in canonical form ("Content-Type"), without
// allocating when it already is.
func canonicalKey(name string) string {
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if upper && c >= 'a' && c <= 'z' || !upper && c >= 'A' && c <= 'Z' {
			return textproto.CanonicalMIMEHeaderKey(name)
		}
		upper = c == '-'
	}
	return name
}
