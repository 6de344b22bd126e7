package namescreen

// JaroWinkler is the Jaro-Winkler similarity 0–1 of a and b (prefix scale
// 0.1, prefix up to 4), over bytes for ASCII strings and runes otherwise.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if ascii(a) && ascii(b) {
		return jw([]byte(a), []byte(b))
	}
	return jw([]rune(a), []rune(b))
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func jw[T byte | rune](a, b []T) float64 {
	j := jaro(a, b)
	p := 0
	for p < len(a) && p < len(b) && p < 4 && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

func jaro[T byte | rune](a, b []T) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	win := len(b)/2 - 1
	if win < 0 {
		win = 0
	}
	var used [64]bool
	usedB := used[:0]
	if len(b) <= 64 {
		usedB = used[:len(b)]
	} else {
		usedB = make([]bool, len(b))
	}
	var ma [64]T
	matchA := ma[:0]
	m := 0
	for i, c := range a {
		lo, hi := max(0, i-win), min(len(b), i+win+1)
		for k := lo; k < hi; k++ {
			if !usedB[k] && b[k] == c {
				usedB[k] = true
				matchA = append(matchA, c)
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, n := 0, 0
	for k, u := range usedB {
		if u {
			if matchA[n] != b[k] {
				t++
			}
			n++
		}
	}
	fm := float64(m)
	return (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(t)/2)/fm) / 3
}
