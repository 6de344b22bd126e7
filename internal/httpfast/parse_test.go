package httpfast

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http/httputil"
	"strings"
	"testing"
)

// TestParseHead: request heads the parser accepts (with what it reads)
// and refuses (with which status).
func TestParseHead(t *testing.T) {
	cases := []struct {
		name, head string
		status     int    // 0: accepted
		want       string // accepted: method target minor host cl chunked close keepalive continue
	}{
		{"get", "GET /v1/screen?a=1 HTTP/1.1\r\nHost: x\r\n\r\n", 0, "GET /v1/screen?a=1 1 x -1 false false false false"},
		{"http10 no host", "GET / HTTP/1.0\r\n\r\n", 0, "GET / 0  -1 false false false false"},
		{"http10 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 0, "GET / 0  -1 false false true false"},
		{"post length", "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n", 0, "POST /p 1 x 12 false false false false"},
		{"chunked any case", "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n", 0, "POST /p 1 x -1 true false false false"},
		{"close token", "GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n", 0, "GET / 1 x -1 false true false false"},
		{"expect", "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n", 0, "PUT / 1 x 1 false false false true"},
		{"ows trimmed", "GET / HTTP/1.1\r\nHost: \t x:80 \t\r\n\r\n", 0, "GET / 1 x:80 -1 false false false false"},
		{"absolute form", "GET http://h/p HTTP/1.1\r\nHost: x\r\n\r\n", 0, "GET http://h/p 1 x -1 false false false false"},
		{"asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 0, "OPTIONS * 1 x -1 false false false false"},
		{"obs-text value", "GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf\xc3\xa9\r\n\r\n", 0, "GET / 1 x -1 false false false false"},

		{"both framings", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400, ""},
		{"both framings reversed", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400, ""},
		{"duplicate length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 400, ""},
		{"length list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\n", 400, ""},
		{"signed length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\n", 400, ""},
		{"huge length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, ""},
		{"duplicate te", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400, ""},
		{"te list", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, ""},
		{"te identity", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", 501, ""},
		{"te in 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, ""},
		{"obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400, ""},
		{"space before colon", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\n", 400, ""},
		{"no colon", "GET / HTTP/1.1\r\nHost: x\r\nJunk\r\n\r\n", 400, ""},
		{"empty name", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", 400, ""},
		{"bare lf", "GET / HTTP/1.1\nHost: x\n\n", 400, ""},
		{"bare lf header", "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400, ""},
		{"cr in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", 400, ""},
		{"nul in value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n", 400, ""},
		{"missing host", "GET / HTTP/1.1\r\n\r\n", 400, ""},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, ""},
		{"bad host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, ""},
		{"http2", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, ""},
		{"bad version", "GET / HTTX/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"lower version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"two spaces", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"bad method", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, ""},
		{"no version", "GET /\r\nHost: x\r\n\r\n", 400, ""},
		{"expect other", "GET / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n", 417, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := parseHead(c.head)
			if c.status != 0 {
				if err == nil {
					t.Fatalf("accepted, want %d", c.status)
				}
				if err.status != c.status {
					t.Fatalf("status %d (%s), want %d", err.status, err.msg, c.status)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %d %s", err.status, err.msg)
			}
			if got := describe(h); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func describe(h *head) string {
	return strings.Join([]string{h.method, h.target, itoa(h.minor), h.host, itoa(int(h.contentLength)),
		btoa(h.chunked), btoa(h.close), btoa(h.keepAlive), btoa(h.expectContinue)}, " ")
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

func btoa(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestParseHeadHeader: header keys are canonical, Host leaves the map,
// repeated fields keep their order.
func TestParseHeadHeader(t *testing.T) {
	h, err := parseHead("GET / HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\nAccept: a\r\naccept: b\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if h.host != "x" || h.header.Get("X-Api-Key") != "k" || strings.Join(h.header["Accept"], ",") != "a,b" || h.header["Host"] != nil {
		t.Errorf("header %v host %q", h.header, h.host)
	}
}

// TestReadHead: the head is read through the empty line; leading empty
// lines are skipped; limits give 414 and 431.
func TestReadHead(t *testing.T) {
	cases := []struct {
		in, want string
		max      int
		status   int
	}{
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1024, 0},
		{"\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1024, 0},
		{"GET /" + strings.Repeat("a", 100) + " HTTP/1.1\r\n\r\n", "", 64, 414},
		{"GET / HTTP/1.1\r\n" + strings.Repeat("X: y\r\n", 20) + "\r\n", "", 64, 431},
		{"GET / HTTP/1.1\r\nX: " + strings.Repeat("y", 10000) + "\r\n\r\n", "GET / HTTP/1.1\r\nX: " + strings.Repeat("y", 10000) + "\r\n\r\n", 20000, 0},
	}
	for i, c := range cases {
		rd := bufio.NewReaderSize(strings.NewReader(c.in), 16) // lines longer than the buffer
		got, err := readHead(rd, nil, c.max)
		var se *statusError
		switch {
		case c.status != 0 && (!errors.As(err, &se) || se.status != c.status):
			t.Errorf("%d: error %v, want status %d", i, err, c.status)
		case c.status == 0 && (err != nil || string(got) != c.want):
			t.Errorf("%d: %q %v, want %q", i, got, err, c.want)
		}
	}
	if _, err := readHead(bufio.NewReader(strings.NewReader("GET / HTTP/1.1\r\nHost")), nil, 1024); err != io.EOF {
		t.Errorf("truncated head: %v, want EOF", err)
	}
}

// TestChunkSize: chunk-size lines.
func TestChunkSize(t *testing.T) {
	cases := []struct {
		line string
		n    int64
		ok   bool
	}{
		{"0\r\n", 0, true}, {"1a\r\n", 26, true}, {"FF;name=value\r\n", 255, true}, {"5 ;x\r\n", 5, true},
		{"fffffffffffffff\r\n", 1<<60 - 1, true},
		{"ffffffffffffffff\r\n", 0, false}, {"\r\n", 0, false}, {"x\r\n", 0, false}, {"5\n", 0, false},
		{"5 x\r\n", 0, false}, {"-5\r\n", 0, false}, {"5;\x00\r\n", 0, false}, {"0x5\r\n", 0, false},
	}
	for _, c := range cases {
		n, err := parseChunkSize([]byte(c.line))
		if (err == nil) != c.ok || n != c.n {
			t.Errorf("%q: %d %v, want %d ok=%v", c.line, n, err, c.n, c.ok)
		}
	}
}

// TestChunkedBody: chunked bodies decode as net/http/httputil's reader
// decodes them; malformed ones fail.
func TestChunkedBody(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world", true},
		{"5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n", "hello", true},
		{"0\r\n\r\n", "", true},
		{"5\r\nhello0\r\n\r\n", "", false},            // no CRLF after the data
		{"5\r\nhel", "", false},                       // truncated
		{"5\r\nhello\r\n0\r\nbad\r\n\r\n", "", false}, // malformed trailer
		{"5\r\nhello\r\n0\r\n", "", false},            // no end of trailers
	}
	for _, c := range cases {
		got, err := readChunked(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("%q: %q %v, want %q ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

// readChunked decodes a chunked body through body.Read.
func readChunked(in string) (string, error) {
	c := &conn{srv: &Server{}, rd: bufio.NewReader(strings.NewReader(in))}
	b := &body{c: c, chunked: true, started: true}
	got, err := io.ReadAll(b)
	return string(got), err
}

// FuzzParseHead: any head is either refused with a 4xx/5xx status or
// parsed into a request with one framing, a valid method and target.
func FuzzParseHead(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.0\r\nConnection: keep-alive\r\nX: a\r\n b\r\n\r\n",
		"PUT / HTTP/1.1\r\nHost: [::1]:80\r\nExpect: 100-continue\r\nContent-Length: 007\r\n\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHead(s)
		if err != nil {
			if err.status < 400 || err.status > 599 {
				t.Fatalf("status %d", err.status)
			}
			return
		}
		if h.chunked && h.contentLength >= 0 {
			t.Fatal("both framings accepted")
		}
		if !isToken(h.method) || !isTarget(h.target) || h.header["Host"] != nil {
			t.Fatalf("accepted %q %q %v", h.method, h.target, h.header)
		}
		for k, vs := range h.header {
			for _, v := range vs {
				if !isToken(k) || !isFieldValue(v) {
					t.Fatalf("header %q: %q", k, v)
				}
			}
		}
	})
}

// FuzzChunked: a body this package accepts decodes to the same bytes as
// with net/http/httputil's chunked reader.
func FuzzChunked(f *testing.F) {
	for _, s := range []string{"5\r\nhello\r\n0\r\n\r\n", "1;a=b\r\nx\r\n0\r\nT: v\r\n\r\n", "a\r\n0123456789\r\n0\r\n\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := readChunked(s)
		if err != nil {
			return
		}
		ref, rerr := io.ReadAll(httputil.NewChunkedReader(strings.NewReader(s)))
		if rerr != nil || !bytes.Equal(ref, []byte(got)) {
			t.Fatalf("%q: ours %q, httputil %q %v", s, got, ref, rerr)
		}
	})
}
