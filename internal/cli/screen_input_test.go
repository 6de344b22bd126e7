package cli

import (
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// TestReadScreenInput reads lines and CSV, with the lines of each item.
func TestReadScreenInput(t *testing.T) {
	a, b := "0x"+strings.Repeat("1", 40), "0x"+strings.Repeat("2", 40)
	cases := []struct {
		in    string
		addrs []string
		lines []int
	}{
		{a + "\n" + b + "\n", []string{a, b}, []int{1, 2}},
		{"\ufeff# list\n\n  " + a + "  \r\n" + b, []string{a, b}, []int{3, 4}},
		{"address\n" + a + "\n" + b + "\n", []string{a, b}, []int{2, 3}},
		{"id,\"Address\",x\n1," + a + ",y\n2,\"" + b + "\",z\n", []string{a, b}, []int{2, 3}},
	}
	for _, c := range cases {
		items, err := readScreenInput(strings.NewReader(c.in), "f", 10)
		if err != nil || len(items) != len(c.addrs) {
			t.Fatalf("%q: %v %+v", c.in, err, items)
		}
		for i, it := range items {
			if it.addr != c.addrs[i] || it.line != c.lines[i] || it.file != "f" {
				t.Errorf("%q item %d: %+v", c.in, i, it)
			}
		}
	}
	if _, err := readScreenInput(strings.NewReader(a+"\n"+b+"\n"+a+"\n"), "f", 2); err == nil || !strings.Contains(err.Error(), "f:3:") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := readScreenInput(strings.NewReader(strings.Repeat("x", 5000)), "f", 2); err == nil {
		t.Errorf("overlong line accepted")
	}
}

// FuzzReadScreenInput: no input panics; every item has a line and what
// screenItems accepts is a valid address.
func FuzzReadScreenInput(f *testing.F) {
	f.Add("0x" + strings.Repeat("a", 40) + "\n# c\n")
	f.Add("address,x\n\"0x1\",2\n")
	f.Add("a,address\n1\n")
	eth, _ := chain.Lookup("eth")
	f.Fuzz(func(t *testing.T, in string) {
		items, err := readScreenInput(strings.NewReader(in), "f", 1000)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.line < 1 {
				t.Fatalf("item without a line: %+v", it)
			}
			if _, err := chain.ValidateAddress(eth, it.addr); err != nil {
				_ = it.fail(err)
			}
		}
	})
}
