package csvscan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

type rec struct {
	line   int
	fields []string
}

// scanAll reads every record of in with a buffer of bufSize bytes.
func scanAll(r io.Reader, bufSize int) ([]rec, error) {
	s := NewSize(r, bufSize)
	var out []rec
	for s.Next() {
		f := make([]string, len(s.Fields()))
		for i, b := range s.Fields() {
			f[i] = string(b)
		}
		out = append(out, rec{s.Line(), f})
	}
	return out, s.Err()
}

func TestScanner(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []rec
		err   error
		eline int
	}{
		{"empty", "", nil, nil, 0},
		{"simple", "a,b\n1,2\n", []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}, nil, 0},
		{"no final newline", "a,b\n1,2", []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}, nil, 0},
		{"crlf", "a,b\r\n1,2\r\n", []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}, nil, 0},
		{"empty fields", "a,,\n,,\n", []rec{{1, []string{"a", "", ""}}, {2, []string{"", "", ""}}}, nil, 0},
		{"blank lines", "a\n\n\nb\n", []rec{{1, []string{"a"}}, {4, []string{"b"}}}, nil, 0},
		{"bom", "\xef\xbb\xbfa,b\n", []rec{{1, []string{"a", "b"}}}, nil, 0},
		{"quoted", `x,"a,b",y` + "\n", []rec{{1, []string{"x", "a,b", "y"}}}, nil, 0},
		{"doubled quotes", `"{""a"":1},{""b"":2}",z` + "\n", []rec{{1, []string{`{"a":1},{"b":2}`, "z"}}}, nil, 0},
		{"quoted newline", "h,i\n\"a\nb\",c\nd,e\n", []rec{{1, []string{"h", "i"}}, {2, []string{"a\nb", "c"}}, {4, []string{"d", "e"}}}, nil, 0},
		{"quoted empty", `"",""` + "\n", []rec{{1, []string{"", ""}}}, nil, 0},
		{"quoted last comma", `"a",` + "\n", []rec{{1, []string{"a", ""}}}, nil, 0},
		{"field count", "a,b\n1,2\n1,2,3\n", []rec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}, ErrFieldCount, 3},
		{"bare quote", "a,b\n1,x\"y\n", []rec{{1, []string{"a", "b"}}}, ErrBareQuote, 2},
		{"text after quote", "a,b\n1,\"x\"y\n", []rec{{1, []string{"a", "b"}}}, ErrQuote, 2},
		{"unclosed", "a,b\n1,\"x\n2,3\n", []rec{{1, []string{"a", "b"}}}, ErrUnclosed, 2},
		{"unclosed at eof", "a,b\n1,\"x", []rec{{1, []string{"a", "b"}}}, ErrUnclosed, 2},
	}
	for _, tc := range tests {
		for _, size := range []int{16, 64, 4096} {
			for _, onebyte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tc.in)
				if onebyte {
					r = iotest.OneByteReader(r)
				}
				got, err := scanAll(r, size)
				if !equalRecs(got, tc.want) {
					t.Errorf("%s (buf %d): got %v, want %v", tc.name, size, got, tc.want)
				}
				checkErr(t, tc.name, err, tc.err, tc.eline)
			}
		}
	}
}

func checkErr(t *testing.T, name string, err, want error, line int) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, want) || e.Line != line {
		t.Errorf("%s: error %v, want %v at line %d", name, err, want, line)
	}
}

func equalRecs(a, b []rec) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].line != b[i].line || strings.Join(a[i].fields, "\x00") != strings.Join(b[i].fields, "\x00") ||
			len(a[i].fields) != len(b[i].fields) {
			return false
		}
	}
	return true
}

func TestLongRecordGrowsBuffer(t *testing.T) {
	long := strings.Repeat("x", 100000)
	in := "a,b\n" + long + ",\"" + long + "\"\n1,2\n"
	got, err := scanAll(strings.NewReader(in), 16)
	if err != nil || len(got) != 3 || got[1].fields[1] != long || got[2].line != 3 {
		t.Fatalf("got %d records, err %v", len(got), err)
	}
}

func TestMaxRecord(t *testing.T) {
	s := NewSize(strings.NewReader("a,b\n"+strings.Repeat("x", 1000)+"\n"), 16)
	s.MaxRecord = 256
	for s.Next() {
	}
	if !errors.Is(s.Err(), ErrTooLong) {
		t.Fatalf("err = %v, want ErrTooLong", s.Err())
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("a,b\n1,2\n3,"), iotest.ErrReader(boom))
	got, err := scanAll(r, 16)
	if len(got) != 2 {
		t.Fatalf("got %d records before the error", len(got))
	}
	checkErr(t, "read error", err, boom, 3)
}

// TestAgainstEncodingCSV checks records and errors against encoding/csv on
// the seed corpus of the fuzzer.
func TestAgainstEncodingCSV(t *testing.T) {
	for _, s := range seeds {
		compareWithStdlib(t, []byte(s))
	}
}

var seeds = []string{
	"a,b\n1,2\n",
	"a,\"b\nc\",d\n1,2,3\n",
	"\"a\"\"b\",c\n",
	"x\n\ny\n",
	"a,b\n1,2,3\n",
	"\"a\"b\n",
	"a\"b\n",
	"\"abc",
	",\n,\n",
	"\"\"\n",
}

// compareWithStdlib compares the Scanner with encoding/csv on in.
func compareWithStdlib(t *testing.T, in []byte) {
	if bytes.IndexByte(in, '\r') >= 0 || bytes.HasPrefix(in, []byte("\xef\xbb\xbf")) {
		return // encoding/csv rewrites CR and keeps BOMs
	}
	cr := csv.NewReader(bytes.NewReader(in))
	var want [][]string
	var werr error
	for {
		r, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			werr = err
			break
		}
		want = append(want, r)
	}
	got, gerr := scanAll(bytes.NewReader(in), 16)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("input %q: error %v, encoding/csv %v", in, gerr, werr)
	}
	if len(got) != len(want) {
		t.Fatalf("input %q: %d records, encoding/csv %d", in, len(got), len(want))
	}
	for i := range got {
		if strings.Join(got[i].fields, "\x00") != strings.Join(want[i], "\x00") || len(got[i].fields) != len(want[i]) {
			t.Fatalf("input %q record %d: %q, encoding/csv %q", in, i, got[i].fields, want[i])
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		compareWithStdlib(t, in)
		// Any buffer size and reader chunking gives the same result.
		a, aerr := scanAll(bytes.NewReader(in), 1<<16)
		b, berr := scanAll(iotest.OneByteReader(bytes.NewReader(in)), 16)
		if !equalRecs(a, b) || (aerr == nil) != (berr == nil) {
			t.Fatalf("input %q: results differ with buffer size", in)
		}
	})
}
