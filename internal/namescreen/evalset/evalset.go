// Package evalset builds the name-screening evaluation set from a
// sanctions list: variants of listed names that must find their entity,
// and ordinary names that must find nothing. vigil's tests and the
// watchman comparison (tools/watchman-eval) score the same set.
package evalset

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"github.com/vigil-project/vigil/internal/namescreen"
)

// Case kinds.
const (
	Reorder      = "reorder"      // tokens rotated
	Spacing      = "spacing"      // last two tokens hyphenated or joined
	Typo         = "typo"         // one edit in a token of ≥ 5 letters
	Romanization = "romanization" // DPRK names in other romanizations
	HangulLatin  = "hangul-latin" // Hangul query, list has only Latin names
	LatinHangul  = "latin-hangul" // Latin query, list has only Hangul names
	Negative     = "negative"     // common name, not listed
)

// Case is one query; Want is the ListEntryID it must find, "" for a
// negative that must find nothing.
type Case struct {
	Kind, Query, Want string
}

// Sizes of the sampled kinds.
const (
	nReorder = 400
	nSpacing = 200
	nTypo    = 400
)

// Build returns the list to index (entries, with the Hangul names of half
// the parties that have both scripts removed, and the Latin names of the
// other half) and the cases, deterministically.
func Build(entries []namescreen.Entry) ([]namescreen.Entry, []Case) {
	list := make([]namescreen.Entry, len(entries))
	copy(list, entries)
	var cases []Case
	cases = append(cases, crossScript(list)...)
	rng := rand.New(rand.NewPCG(7, 11))
	cases = append(cases, sample(rng, list, Reorder, nReorder, reorder)...)
	cases = append(cases, sample(rng, list, Spacing, nSpacing, spacing)...)
	cases = append(cases, sample(rng, list, Typo, nTypo, func(s string) string { return typo(rng, s) })...)
	cases = append(cases, romanizations(list)...)
	cases = append(cases, negatives(list)...)
	return list, cases
}

func hasHangul(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

func latinOnly(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && r > 0x24F {
			return false
		}
	}
	return true
}

// crossScript splits the parties with Hangul and Latin names in two:
// even ones lose their Hangul names (query: the Hangul name), odd ones
// their Latin names (query: the primary Latin name).
func crossScript(list []namescreen.Entry) []Case {
	var out []Case
	n := 0
	for i := range list {
		e := &list[i]
		var hangul, other []string
		for _, a := range e.Aliases {
			if hasHangul(a) {
				hangul = append(hangul, a)
			} else {
				other = append(other, a)
			}
		}
		if len(hangul) == 0 || !latinOnly(e.Entity) {
			continue
		}
		if n%2 == 0 {
			e.Aliases = other
			out = append(out, Case{HangulLatin, hangul[0], e.ListEntryID})
		} else {
			out = append(out, Case{LatinHangul, e.Entity, e.ListEntryID})
			e.Entity, e.Aliases = hangul[0], hangul[1:]
		}
		n++
	}
	return out
}

// sample draws up to n parties whose primary name gen changes.
func sample(rng *rand.Rand, list []namescreen.Entry, kind string, n int, gen func(string) string) []Case {
	var out []Case
	perm := rng.Perm(len(list))
	for _, i := range perm {
		if len(out) == n {
			break
		}
		e := &list[i]
		if !latinOnly(e.Entity) {
			continue
		}
		if q := gen(e.Entity); q != "" && q != e.Entity {
			out = append(out, Case{kind, q, e.ListEntryID})
		}
	}
	return out
}

func reorder(s string) string {
	f := strings.Fields(s)
	if len(f) < 2 {
		return ""
	}
	return strings.Join(append(f[1:], f[0]), " ")
}

func spacing(s string) string {
	f := strings.Fields(s)
	if len(f) < 3 {
		return ""
	}
	sep := "-"
	if len(f[len(f)-1])%2 == 0 {
		sep = ""
	}
	return strings.Join(f[:len(f)-2], " ") + " " + f[len(f)-2] + sep + f[len(f)-1]
}

// typo makes one substitution, deletion or transposition in a random
// token of at least 5 letters of a name of at least 10 letters.
func typo(rng *rand.Rand, s string) string {
	f := strings.Fields(s)
	var long []int
	for i, w := range f {
		if len(w) >= 5 && isASCIILetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 || len(strings.ReplaceAll(s, " ", "")) < 10 {
		return ""
	}
	i := long[rng.IntN(len(long))]
	w := []byte(f[i])
	p := 1 + rng.IntN(len(w)-2)
	switch rng.IntN(3) {
	case 0:
		w[p] = "aeioubdgkmnrst"[rng.IntN(14)]
		if unicode.IsUpper(rune(f[i][p])) {
			w[p] = byte(unicode.ToUpper(rune(w[p])))
		}
	case 1:
		w = append(w[:p], w[p+1:]...)
	default:
		w[p], w[p+1] = w[p+1], w[p]
	}
	f[i] = string(w)
	return strings.Join(f, " ")
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// romanVariants are other spellings of syllables as the SDN list writes
// them (McCune–Reischauer without diacritics): RR and common spellings.
var romanVariants = map[string]string{
	"kim": "Gim", "jong": "Jeong", "chong": "Jeong", "un": "Eun", "ri": "Lee", "pak": "Park",
	"choe": "Choi", "song": "Seong", "kang": "Gang", "yong": "Young", "chol": "Cheol",
	"hyok": "Hyeok", "hyon": "Hyun", "il": "Il", "myong": "Myeong", "kwang": "Gwang",
	"chon": "Jeon", "sok": "Seok", "kyong": "Gyeong", "tong": "Dong", "ho": "Ho",
	"nam": "Nam", "chu": "Ju", "o": "Oh", "han": "Han", "yun": "Yoon", "hwang": "Hwang",
	"su": "Soo", "sol": "Seol", "chang": "Jang", "pong": "Bong", "to": "Do", "ko": "Go",
}

// romanizations respells the DPRK individuals' primary names.
func romanizations(list []namescreen.Entry) []Case {
	var out []Case
	for i := range list {
		e := &list[i]
		if e.Type != "individual" || !dprk(e.Programs) || !latinOnly(e.Entity) {
			continue
		}
		f := strings.Fields(e.Entity)
		changed := false
		for j, w := range f {
			if v, ok := romanVariants[strings.ToLower(w)]; ok && !strings.EqualFold(v, w) {
				f[j], changed = v, true
			}
		}
		if changed {
			out = append(out, Case{Romanization, strings.Join(f, " "), e.ListEntryID})
		}
	}
	return out
}

func dprk(progs []string) bool {
	for _, p := range progs {
		if strings.HasPrefix(p, "DPRK") {
			return true
		}
	}
	return false
}

// negatives are the common names whose normalized tokens equal no listed
// name's.
func negatives(list []namescreen.Entry) []Case {
	listed := map[string]bool{}
	for i := range list {
		for _, n := range append([]string{list[i].Entity}, list[i].Aliases...) {
			listed[tokenSet(n)] = true
		}
	}
	var out []Case
	for _, n := range commonNames {
		if !listed[tokenSet(n)] {
			out = append(out, Case{Negative, n, ""})
		}
	}
	return out
}

func tokenSet(s string) string {
	t := namescreen.Normalize(s)
	sort.Strings(t)
	return strings.Join(t, " ")
}
