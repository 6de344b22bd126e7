package httpfast

import (
	"bufio"
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// memConn is a net.Conn that reads a fixed input and records the output.
type memConn struct {
	in  *strings.Reader
	out bytes.Buffer
}

func (m *memConn) Read(p []byte) (int, error)       { return m.in.Read(p) }
func (m *memConn) Write(p []byte) (int, error)      { return m.out.Write(p) }
func (m *memConn) Close() error                     { return nil }
func (m *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }
func (m *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9} }
func (m *memConn) SetDeadline(time.Time) error      { return nil }
func (m *memConn) SetReadDeadline(time.Time) error  { return nil }
func (m *memConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzConn serves arbitrary bytes as a connection's input: the server
// never panics, and what it writes is a sequence of well-formed HTTP/1.1
// responses (one per request it accepted, then maybe a refusal).
func FuzzConn(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcHEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
		"PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz",
		"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var methods []string // of the requests served, to read their responses
		s := &Server{ErrorLog: log.New(io.Discard, "", 0), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			methods = append(methods, r.Method)
			echo(w, r)
		})}
		m := &memConn{in: strings.NewReader(in)}
		c := s.newConn(m)
		c.serve()
		out := bufio.NewReader(&m.out)
		for {
			if _, err := out.Peek(1); err == io.EOF {
				return
			}
			if line, _ := out.Peek(12); string(line) == "HTTP/1.1 100" {
				out.ReadString('\n')
				out.ReadString('\n')
				continue
			}
			req := &http.Request{Method: "GET"}
			if len(methods) > 0 {
				req.Method, methods = methods[0], methods[1:]
			}
			resp, err := http.ReadResponse(out, req)
			if err != nil {
				t.Fatalf("output %q: %v", m.out.String(), err)
			}
			if _, err := io.ReadAll(resp.Body); err != nil {
				t.Fatalf("response body: %v", err)
			}
		}
	})
}
