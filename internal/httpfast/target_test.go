package httpfast

import (
	"bufio"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

var targetSeeds = []string{
	"/", "/v1/screen?chain=eth&address=0x71aee4105a974db383b4bcc2eda63566b467e858", "/a?", "/a??", "/a?b?c",
	"/a%20b", "/a%zz", "/a b", "//x/y?z", "*", "http://h/p?q", "/p;x?y", "/~u/a-b.c_d", "/é", "/a#b?c", "?x", "",
	"/%", "/a?b#c", "/A/Z/0/9/", "/p?%zz", "/p?a=1&a=2;b",
}

// TestParseTarget checks parseTarget against url.ParseRequestURI on the
// fast path's edges.
func TestParseTarget(t *testing.T) {
	for _, s := range targetSeeds {
		checkTarget(t, s)
	}
}

// FuzzParseTarget checks that parseTarget and url.ParseRequestURI agree
// on every target the parser lets through.
func FuzzParseTarget(f *testing.F) {
	for _, s := range targetSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isTarget(s) {
			checkTarget(t, s)
		}
	})
}

func checkTarget(t *testing.T, s string) {
	want, werr := url.ParseRequestURI(s)
	var got url.URL
	gerr := parseTarget(s, &got)
	if (werr == nil) != (gerr == nil) || werr == nil && !reflect.DeepEqual(*want, got) {
		t.Errorf("%q: got %#v, %v; url.ParseRequestURI: %#v, %v", s, got, gerr, want, werr)
	}
}

var headSeeds = []string{
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
	"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\n\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n", "\r\n\r\n", "a\r\n\r\n", "GET / HTTP/1.1\r\nX: \r\r\n\r\n",
}

// FuzzBufferedHead checks that when bufferedHead takes a head straight
// from the buffer, it is the head readHead reads, and both leave the
// same bytes unread.
func FuzzBufferedHead(f *testing.F) {
	for _, s := range headSeeds {
		f.Add(s, 64)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max <= 0 || len(s) > readBufSize {
			return
		}
		fast := bufio.NewReaderSize(strings.NewReader(s), readBufSize)
		fast.Peek(len(s))
		text, ok := bufferedHead(fast, max)
		if !ok {
			if fast.Buffered() != len(s) {
				t.Fatalf("%q: refused but consumed", s)
			}
			return
		}
		slow := bufio.NewReaderSize(strings.NewReader(s), readBufSize)
		b, err := readHead(slow, nil, max)
		if err != nil || string(b) != text || slow.Buffered() != fast.Buffered() {
			t.Fatalf("%q (max %d): bufferedHead %q, %d left; readHead %q, %v, %d left", s, max, text, fast.Buffered(), b, err, slow.Buffered())
		}
	})
}
