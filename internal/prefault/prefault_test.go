package prefault

import "testing"

// TestWriteKeepsZero checks Write leaves every element zero, on arrays
// below and above its size floor and of odd element sizes.
func TestWriteKeepsZero(t *testing.T) {
	type odd struct {
		a [7]byte
		b uint32
	}
	for _, n := range []int{0, 1, 100, 1 << 16, 1<<16 + 3} {
		s := make([]odd, n)
		Write(s)
		for i := range s {
			if s[i] != (odd{}) {
				t.Fatalf("n=%d: element %d is %v", n, i, s[i])
			}
		}
		b := make([]byte, 0, n)
		Write(b)
		for _, c := range b[:cap(b)] {
			if c != 0 {
				t.Fatalf("n=%d: byte %d", n, c)
			}
		}
	}
}
