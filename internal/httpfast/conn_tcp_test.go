package httpfast

import (
	"io"
	"log"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var tcpSeeds = []string{
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nHEAD /c HTTP/1.1\r\nHost: x\r\n\r\n",
	"POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
	"POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /q HTTP/1.1\r\nHost: x\r\n\r\n",
	"PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz",
	"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
	"\r\nGET /lead HTTP/1.1\r\nHost: x\r\n\r\n", "GET /lf HTTP/1.1\nHost: x\r\n\r\n", "GET /cut HTTP/1.1\r\nHo",
	"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET /" + strings.Repeat("a", 5000) + " HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n",
}

// FuzzConnTCP checks that a connection over a loopback socket answers
// any input, written in two parts with a pause between them and then
// half-closed, with the same bytes as an in-memory connection given the
// whole input at once (Date headers aside): reads that return part of a
// head or body, and the client's end of input, change nothing.
func FuzzConnTCP(f *testing.F) {
	for i, s := range tcpSeeds {
		f.Add(s, uint16(i*7))
		f.Add(s, uint16(len(s)))
	}
	srv := &Server{ErrorLog: log.New(io.Discard, "", 0), IdleTimeout: 10 * time.Second, Handler: http.HandlerFunc(echo)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	go srv.Serve(ln)
	f.Cleanup(func() { srv.Close() })
	f.Fuzz(func(t *testing.T, in string, cut uint16) {
		mem := &memConn{in: strings.NewReader(in)}
		srv.newConn(mem).serve()
		got := overTCP(t, ln.Addr().String(), in, min(int(cut), len(in)))
		if want := dateRE.ReplaceAllString(mem.out.String(), "Date: -"); dateRE.ReplaceAllString(got, "Date: -") != want {
			t.Fatalf("input %q cut at %d:\nsocket: %q\nmemory: %q", in, cut, got, want)
		}
	})
}

var dateRE = regexp.MustCompile(`Date: [^\r]*`)

// overTCP writes in[:cut], pauses, writes the rest, half-closes and
// returns all the server wrote until it closed.
func overTCP(t *testing.T, addr, in string, cut int) string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	go func() {
		c.Write([]byte(in[:cut]))
		time.Sleep(2 * time.Millisecond)
		c.Write([]byte(in[cut:]))
		c.(*net.TCPConn).CloseWrite()
	}()
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the answers: %v", err)
	}
	return string(b)
}
