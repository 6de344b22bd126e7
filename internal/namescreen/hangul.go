package namescreen

import (
	"strings"
	"unicode/utf8"
)

// System is a romanization of Korean.
type System int

// Romanization systems.
const (
	// RR is the Revised Romanization of Korean (South Korea, 2000).
	RR System = iota
	// MR is McCune–Reischauer (with breves and apostrophes), the basis of
	// the DPRK's official romanization and of most SDN spellings.
	MR
)

const (
	sBase  = 0xAC00 // 가
	sLast  = 0xD7A3 // 힣
	nVowel = 21
	nFinal = 28
)

// Jamo romanizations, indexed by initial (19), medial (21), final (28).
var (
	rrInitial = [...]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	mrInitial = [...]string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"}
	rrVowel   = [...]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	mrVowel   = [...]string{"a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"}
	// Finals: both systems write the same sounds at the end of a syllable.
	finals = [...]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

func isSyllable(r rune) bool { return r >= sBase && r <= sLast }

// isJamo reports whether r is a conjoining or compatibility jamo (not a
// whole syllable); such letters are treated as separators.
func isJamo(r rune) bool {
	return (r >= 0x1100 && r <= 0x11FF) || (r >= 0x3130 && r <= 0x318F) || (r >= 0xA960 && r <= 0xA97F) || (r >= 0xD7B0 && r <= 0xD7FF)
}

// Syllable romanizes one Hangul syllable in sys; ok is false for any other
// rune.
func Syllable(r rune, sys System) (string, bool) {
	if !isSyllable(r) {
		return "", false
	}
	s := int(r - sBase)
	l, v, t := s/(nVowel*nFinal), (s%(nVowel*nFinal))/nFinal, s%nFinal
	if sys == MR {
		return mrInitial[l] + mrVowel[v] + finals[t], true
	}
	return rrInitial[l] + rrVowel[v] + finals[t], true
}

// Romanize transliterates every Hangul syllable of s, syllable by
// syllable (no sound-change rules), and keeps other runes as they are.
func Romanize(s string, sys System) string {
	var b strings.Builder
	for _, r := range s {
		if l, ok := Syllable(r, sys); ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isHangulWord(w string) bool {
	for _, r := range w {
		if !isSyllable(r) {
			return false
		}
	}
	return w != ""
}

// surnames are common Korean family names; a 2–4 syllable Hangul word that
// starts with one is read as surname + given name.
var surnames = setOf("김", "이", "리", "박", "최", "정", "강", "조", "윤", "장", "임", "림",
	"한", "오", "서", "신", "권", "황", "안", "송", "전", "홍", "유", "류", "고", "문", "양",
	"손", "배", "백", "허", "남", "심", "노", "로", "하", "곽", "성", "차", "주", "우", "구",
	"민", "진", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여", "추",
	"도", "소", "석", "선", "설", "마", "길", "연", "위", "표", "명", "기", "반", "왕", "금",
	"옥", "육", "인", "맹", "제", "모", "탁", "국", "어", "은", "편", "용", "예", "경", "봉",
	"부", "량", "렴", "룡", "황보", "남궁", "제갈", "선우", "독고", "사공", "서문")

// orgWords are the endings of Korean organisation names and the English
// words the list writes for them ("대진무역총회사" = "Daejin Trading
// General Corporation"); longest first.
var orgWords = []struct{ ko, en string }{
	{"무역총회사", "trading general"}, {"무역회사", "trading"}, {"총회사", "general"},
	{"회사", ""}, {"은행", "bank"}, {"무역", "trading"}, {"상사", "trading"},
	{"기업소", "enterprise"}, {"위원회", "committee"}, {"대학", "university"},
}

// syllableSep separates the syllables of a transliterated Hangul token so
// that phonetic keys are computed per syllable (Key("se")+Key("un"), not
// Key("seun")); Normalize removes it.
const syllableSep = "\x1f"

// romanizeSyllables transliterates a Hangul word in RR, syllables
// separated by syllableSep.
func romanizeSyllables(w string) string {
	var b strings.Builder
	for i, r := range w {
		if i > 0 {
			b.WriteString(syllableSep)
		}
		l, _ := Syllable(r, RR)
		b.WriteString(l)
	}
	return b.String()
}

// romanizeName turns a Hangul word into Latin tokens (RR): an
// organisation ending becomes its English word(s); else a leading surname
// is split off a 2–4 syllable word.
func romanizeName(w string) []string {
	for _, o := range orgWords {
		if stem, ok := strings.CutSuffix(w, o.ko); ok && stem != "" {
			return append([]string{romanizeSyllables(stem)}, strings.Fields(o.en)...)
		}
	}
	n := utf8.RuneCountInString(w)
	if n >= 2 && n <= 4 {
		for _, k := range []int{2, 1} {
			if n-k < 1 {
				continue
			}
			sur := string([]rune(w)[:k])
			if surnames[sur] {
				return []string{romanizeSyllables(sur), romanizeSyllables(w[len(sur):])}
			}
		}
	}
	return []string{romanizeSyllables(w)}
}
