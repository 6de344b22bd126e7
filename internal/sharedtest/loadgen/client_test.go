package loadgen

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"
)

func TestParseAnswer(t *testing.T) {
	for _, c := range []struct {
		in      string
		size    int
		ok, err bool
	}{
		{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", 40, true, false},
		{"HTTP/1.1 200 OK\r\ncontent-length:2\r\n\r\nh", 0, true, false},
		{"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 45, false, false},
		{"HTTP/1.1 200 OK\r\nContent-Len", 0, false, false},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, false, true},
		{"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, false, true},
	} {
		size, ok, err := parseAnswer([]byte(c.in))
		if size != c.size || ok != c.ok || (err != nil) != c.err {
			t.Errorf("%q: got %d %v %v; want %d %v err %v", c.in, size, ok, err, c.size, c.ok, c.err)
		}
	}
}

// TestRoundTrip runs the client against a server that answers in two
// writes (the second part after a pause) and then with a 503.
func TestRoundTrip(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		s, err := ln.Accept()
		if err != nil {
			return
		}
		defer s.Close()
		rd := bufio.NewReader(s)
		for i := 0; ; i++ {
			for {
				line, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if line == "\r\n" {
					break
				}
			}
			if i == 0 {
				s.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe"))
				time.Sleep(20 * time.Millisecond)
				s.Write([]byte("llo"))
				continue
			}
			s.Write([]byte("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"))
		}
	}()
	c, err := dialClient(ln.Addr().String(), time.Now().Add(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.conn.Close()
	req := []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if ok, err := c.roundTrip(req); !ok || err != nil {
		t.Fatalf("first: %v %v", ok, err)
	}
	if ok, err := c.roundTrip(req); ok || err != nil {
		t.Fatalf("second (503): %v %v", ok, err)
	}
	big := []byte("GET /" + strings.Repeat("a", 8<<20) + " HTTP/1.1\r\nHost: x\r\n\r\n") // longer than a socket buffer: a short write
	if ok, err := c.roundTrip(big); ok || err != nil {
		t.Fatalf("third (long request): %v %v", ok, err)
	}
}
