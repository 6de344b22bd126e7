package sharedtest

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// EachJSONLine decodes every line of a newline-delimited JSON file into a
// fresh map (numbers as json.Number) and calls f with it.
func EachJSONLine(t testing.TB, path string, f func(map[string]any)) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		d := json.NewDecoder(strings.NewReader(sc.Text()))
		d.UseNumber()
		m := map[string]any{}
		if err := d.Decode(&m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		f(m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
