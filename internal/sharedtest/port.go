package sharedtest

import (
	"net"
	"testing"
)

// FreePort returns a loopback address ("127.0.0.1:PORT") whose port was
// free a moment ago, for a test node to listen on.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
