package httpfast

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/sharedtest/loadgen"
)

// fixedBody is what the loopback benchmarks' handler writes: the size of
// a one-address /v1/screen answer.
var fixedBody = []byte(`{"results":[{"chain":"eth","address":"0x71aee4105a974db383b4bcc2eda63566b467e858","labels":[]}]}` + "\n")

func fixedHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(fixedBody)))
	w.Write(fixedBody)
}

// BenchmarkLoopback sends keep-alive GETs over 8 loopback connections
// (raw HTTP/1.1, one request in flight per connection) to a fixed-body
// handler served by net/http and by this package, and to "raw": a
// goroutine per connection that skips to each blank line and writes a
// canned answer (no HTTP at all), the floor of any Go server on this
// machine; all in the same run.
func BenchmarkLoopback(b *testing.B) {
	for _, eng := range []string{"raw", "net", "fast"} {
		b.Run(eng, func(b *testing.B) {
			addr, stop := serveEngine(b, eng, http.HandlerFunc(fixedHandler))
			defer stop()
			rawLoad(b, addr, 8, b.N)
		})
	}
}

// serveEngine serves h on a loopback port with net/http or httpfast.
func serveEngine(tb testing.TB, engine string, h http.Handler) (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	switch engine {
	case "net":
		hs := &http.Server{Handler: h}
		go hs.Serve(ln)
		return ln.Addr().String(), func() { hs.Close() }
	case "raw":
		go rawServe(ln)
		return ln.Addr().String(), func() { ln.Close() }
	}
	s := &Server{Handler: h}
	go s.Serve(ln)
	return ln.Addr().String(), func() { s.Close() }
}

// rawLoad sends n GET requests over conns connections and fails tb
// unless each answer is a 200 with a body.
func rawLoad(tb testing.TB, addr string, conns, n int) {
	if r := loadgen.Run(tb, addr, []string{"/x"}, conns, n, time.Minute); r.Errors > 0 {
		tb.Errorf("%d answers were not 200", r.Errors)
	}
}

// rawServe answers every request head on ln with a canned 200 carrying
// fixedBody: no parsing, no handler (bodies are not supported).
func rawServe(ln net.Listener) {
	resp := []byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(fixedBody)) + "\r\n\r\n" + string(fixedBody))
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			rd := bufio.NewReaderSize(c, readBufSize)
			for {
				for {
					line, err := rd.ReadSlice('\n')
					if err != nil {
						return
					}
					if len(line) <= 2 {
						break
					}
				}
				if _, err := c.Write(resp); err != nil {
					return
				}
			}
		}()
	}
}
