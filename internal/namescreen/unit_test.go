package namescreen

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Kim Jong-un", []string{"kim", "jong", "un"}},
		{"KOREA KWANGSON BANKING CORP.", []string{"korea", "kwangson", "banking"}},
		{"Ch'oe Ch'ŏl-min", []string{"choe", "chol", "min"}},
		{"Müller & Søn GmbH", []string{"muller", "son"}},
		{"김정은", []string{"gim", "jeongeun"}},
		{"대진무역총회사", []string{"daejin", "trading", "general"}},
		{"Сергей Соколов", []string{"sergei", "sokolov"}},
		{"Limited", []string{"limited"}},
		{"AIX COMPNAY LIMITED", []string{"aix"}},
		{"  ", nil},
	} {
		if got := Normalize(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRomanize(t *testing.T) {
	for _, c := range []struct{ in, rr, mr string }{
		{"김정은", "gimjeongeun", "kimchŏngŭn"},
		{"리영길", "riyeonggil", "riyŏngkil"},
		{"최철민", "choecheolmin", "ch'oech'ŏlmin"},
		{"박", "bak", "pak"},
		{"x한y", "xhany", "xhany"},
	} {
		if got := Romanize(c.in, RR); got != c.rr {
			t.Errorf("RR(%q) = %q, want %q", c.in, got, c.rr)
		}
		if got := Romanize(c.in, MR); got != c.mr {
			t.Errorf("MR(%q) = %q, want %q", c.in, got, c.mr)
		}
	}
}

func TestKeyVariants(t *testing.T) {
	for _, group := range [][]string{
		{"kim", "gim", "ghim"},
		{"jong", "jeong", "chong", "chung", "jung"},
		{"un", "eun"},
		{"ri", "ree", "lee", "yi", "rhee", "li"},
		{"pak", "park", "bak"},
		{"choe", "choi"},
		{"song", "sung", "seong"},
		{"kang", "gang"},
		{"yong", "young", "yeong"},
		{"chol", "cheol", "chul"},
	} {
		for _, v := range group[1:] {
			if Key(v) != Key(group[0]) {
				t.Errorf("Key(%q) = %q, Key(%q) = %q", v, Key(v), group[0], Key(group[0]))
			}
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.9611},
		{"dwayne", "duane", 0.84},
		{"dixon", "dicksonx", 0.8133},
		{"abc", "abc", 1},
		{"", "abc", 0},
		{"abc", "xyz", 0},
		{"정은", "정운", 0.7},
	} {
		if got := JaroWinkler(c.a, c.b); math.Abs(got-c.want) > 0.001 {
			t.Errorf("JW(%q, %q) = %.4f, want %.4f", c.a, c.b, got, c.want)
		}
	}
}

func TestScreenSmall(t *testing.T) {
	x := New([]Entry{
		{Entity: "Kim Jong Un", Aliases: []string{"김정은"}, List: "SDN List", Programs: []string{"DPRK3"}, ListEntryID: "1"},
		{Entity: "Lazarus Group", Aliases: []string{"Hidden Cobra", "APT 38"}, ListEntryID: "2"},
		{Entity: "Ri Yong Gil", ListEntryID: "3"},
	})
	for _, c := range []struct{ q, want string }{
		{"Kim Jong-un", "1"}, {"Kim Jongun", "1"}, {"Un Jong Kim", "1"}, {"Gim Jeong Eun", "1"},
		{"김정은", "1"}, {"HIDDEN COBRA", "2"}, {"Lazarus", "2"}, {"Lee Young Gil", "3"},
		{"리영길", "3"}, {"Kim Jong Nam", ""}, {"John Smith", ""}, {"", ""},
	} {
		ms := x.Screen(c.q, Options{})
		got := ""
		if len(ms) > 0 {
			got = ms[0].ListEntryID
		}
		if got != c.want {
			t.Errorf("Screen(%q) = %+v, want entry %q", c.q, ms, c.want)
		}
	}
	if ms := x.Screen("Kim Jong Un", Options{}); ms[0].Score != 1 || ms[0].Programs[0] != "DPRK3" || ms[0].List != "SDN List" {
		t.Errorf("exact: %+v", ms[0])
	}
	if ms := x.Screen("Kim Jong Un", Options{Threshold: 0.01, Limit: 1}); len(ms) != 1 {
		t.Errorf("limit: %d", len(ms))
	}
	if ms := x.Screen("Kim Jong Un "+strings.Repeat("x ", 2*MaxTokens), Options{}); len(ms) != 0 {
		t.Errorf("long query: %+v", ms)
	}
	var empty *Index
	if empty.Screen("x", Options{}) != nil || New(nil).Screen("x", Options{}) != nil {
		t.Error("empty index matched")
	}
}

func TestScoreString(t *testing.T) {
	for _, c := range []struct {
		s    Score
		want string
	}{{1, "1.00"}, {0.999, "0.99"}, {0.93, "0.93"}, {0.8799, "0.87"}} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%v: %q want %q", float64(c.s), got, c.want)
		}
	}
}

// FuzzNormalize: normalizing, keying, transliterating and screening never
// panic, and produce valid UTF-8 tokens without separators.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Kim Jong-un", "김정은", "Ch'oe", "\xff\xfe", "ㄱㄴ", "a\x1fb", "Ǆ", "ﬁ", strings.Repeat("가", 50)} {
		f.Add(s)
	}
	x := New([]Entry{{Entity: "Kim Jong Un", Aliases: []string{"김정은"}, ListEntryID: "1"}})
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Normalize(s) {
			if tok == "" || !utf8.ValidString(tok) || strings.ContainsAny(tok, " \x1f") {
				t.Fatalf("bad token %q from %q", tok, s)
			}
			_ = Key(tok)
		}
		_ = Romanize(s, MR)
		for _, m := range x.Screen(s, Options{Threshold: 0.01}) {
			if m.Score < 0 || m.Score > 1 {
				t.Fatalf("score %v", m.Score)
			}
		}
	})
}
