package namescreen

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// noise are legal-form and filler words dropped before matching (unless a
// name has nothing else). Words that tell entities apart ("bank",
// "trading", "international") are kept.
var noise = setOf("co", "company", "companies", "corp", "corporation", "inc", "incorporated",
	"ltd", "limited", "llc", "llp", "lp", "plc", "sa", "ag", "gmbh", "bv", "nv", "jsc", "ojsc",
	"pjsc", "cjsc", "ooo", "zao", "oao", "pao", "fze", "fzco", "fzc", "fzllc", "srl", "spa",
	"sarl", "pte", "pvt", "bhd", "sdn", "kk", "the", "and", "of", "group", "aka", "liability",
	// Russian legal forms (transliterated): OOO, AO, PAO, ZAO, OAO spelled out.
	"obshchestvo", "s", "ogranichennoi", "ogranichennoy", "otvetstvennostyu", "aktsionernoe",
	"publichnoe", "zakrytoe", "otkrytoe", "obshestvo", "tovarishchestvo")

// isNoise reports whether t is a noise word or, for words of 6 letters or
// more, one edit away from one ("limitde", "compnay").
func isNoise(t string) bool {
	if noise[t] {
		return true
	}
	if len(t) < 6 {
		return false
	}
	for _, w := range longNoise {
		if JaroWinkler(t, w) >= 0.9 && abs(len(t)-len(w)) <= 1 {
			return true
		}
	}
	return false
}

var longNoise = []string{"company", "corporation", "incorporated", "limited", "liability",
	"obshchestvo", "ogranichennoi", "otvetstvennostyu", "aktsionernoe"}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// special folds letters that NFKD does not decompose.
var special = map[rune]string{
	'ß': "ss", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'æ': "ae",
	'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ı': "i", 'þ': "th", 'ð': "d", 'ħ': "h",
}

// Normalize returns the tokens a name is matched by: Unicode compatibility
// decomposition with marks removed, lowercase, Hangul transliterated
// (Revised Romanization, the surname split off a Korean name written in
// one word), Cyrillic transliterated, apostrophes removed, every other
// non-letter non-digit a separator, noise words dropped unless nothing else
// is left.
func Normalize(name string) []string {
	toks := tokens(name)
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(t, syllableSep, "")
	}
	return toks
}

// tokens is Normalize with syllableSep between the syllables of
// transliterated Hangul.
func tokens(name string) []string {
	var toks []string
	for _, w := range words(name) {
		if isHangulWord(w) {
			toks = append(toks, romanizeName(w)...)
			continue
		}
		toks = append(toks, w)
	}
	kept := toks[:0:0]
	for _, t := range toks {
		if !isNoise(t) {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return toks
	}
	return kept
}

// words folds s and splits it into lowercase words; Hangul syllables stay
// as they are.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	prevHangul := false
	for _, r := range s {
		h := isSyllable(r)
		if h != prevHangul {
			flush()
			prevHangul = h
		}
		switch {
		case h:
			b.WriteRune(r)
		case r < 0x80:
			foldRune(&b, r, flush)
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				foldRune(&b, d, flush)
			}
		}
	}
	flush()
	return out
}

// foldRune writes the folded form of one decomposed rune.
func foldRune(b *strings.Builder, r rune, flush func()) {
	switch {
	case unicode.Is(unicode.Mn, r):
	case r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == 'ʻ':
	case special[r] != "":
		b.WriteString(special[r])
	case r >= 0x400 && r <= 0x4FF:
		if l, ok := cyrillic[unicode.ToLower(r)]; ok {
			b.WriteString(l)
		}
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		if isJamo(r) {
			flush()
			return
		}
		b.WriteRune(unicode.ToLower(r))
	default:
		flush()
	}
}

// cyrillic is a simple transliteration of Russian and Ukrainian letters.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "i", 'є': "ye", 'ґ': "g",
}
