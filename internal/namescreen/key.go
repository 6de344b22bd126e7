package namescreen

import "strings"

// variants maps whole-token spellings of common Korean surnames and
// syllables to one spelling; Key then folds the rest.
var variants = map[string]string{
	// 이/리
	"lee": "ri", "li": "ri", "yi": "ri", "i": "ri", "rhee": "ri", "ree": "ri", "rhie": "ri", "lie": "ri", "rie": "ri", "yee": "ri", "reo": "ri",
	// 박
	"park": "pak", "bak": "pak", "bahk": "pak", "pack": "pak", "paik": "paek",
	// 최
	"choi": "choe", "chwe": "choe", "choy": "choe", "chey": "choe",
	// 정, 성, 현, 철, 영, 용
	"chung": "jong", "jung": "jong", "cheong": "jong", "sung": "song", "seong": "song",
	"hyun": "hyon", "chul": "chol", "cheol": "chol", "young": "yong", "yeong": "yong", "yung": "yong",
	// 은, 김, 강, 신, 조, 윤
	"eun": "un", "oon": "un", "ghim": "kim", "gim": "kim", "kahng": "kang", "gang": "kang",
	"shin": "sin", "cho": "jo", "yoon": "yun", "moon": "mun", "koo": "ku", "joo": "ju", "choo": "chu", "woo": "u",
	"soo": "su", "hoon": "hun", "joon": "jun", "yeon": "yon", "hee": "hi", "kyoung": "kyong", "byoung": "pyong", "youn": "yun", "kwon": "kwon", "gwon": "kwon",
	"han": "han", "ahn": "an", "oh": "o", "roh": "no", "noh": "no", "ryu": "yu", "yoo": "yu",
	"rim": "im", "lim": "im",
}

// rewrites fold spelling differences between Revised Romanization,
// McCune–Reischauer (breves and apostrophes already removed) and common
// spellings: aspirated and plain consonants, voiced and voiceless stops,
// r/l, eo/ŏ and eu/ŭ. (Spellings like Yoon, Lee, Young are in variants,
// not rules, so that a typo stays one edit away in the key.)
var rewrites = strings.NewReplacer(
	"tch", "j", "ch", "j", "sh", "s", "ph", "p", "kh", "k", "gh", "k", "th", "t",
	"eo", "o", "eu", "u",
	"kk", "k", "tt", "t", "pp", "p", "ss", "s", "jj", "j", "ll", "r", "nn", "n", "mm", "m",
	"g", "k", "d", "t", "b", "p", "l", "r", "c", "k", "q", "k", "x", "ks", "z", "j", "f", "p", "v", "p",
)

// Key is the phonetic key of a lowercase Latin token: equal keys mean the
// spellings are romanization variants of the same Korean syllables (and,
// for other names, that they sound alike). Whole-token variants first
// (Lee/Rhee/Yi → ri), then the rewrite rules.
func Key(tok string) string {
	if v, ok := variants[tok]; ok {
		tok = v
	}
	return rewrites.Replace(tok)
}
