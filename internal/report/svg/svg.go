package svg

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// Palette colors series in order; Color picks one by index.
var Palette = []string{"#2b6cb0", "#c05621", "#6b46c1", "#c53030", "#2f855a", "#b7791f", "#4a5568", "#0987a0", "#97266d", "#718096"}

// Color returns the palette color of series i.
func Color(i int) string { return Palette[((i%len(Palette))+len(Palette))%len(Palette)] }

// Esc escapes text for an SVG (XML) text node or attribute value.
func Esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal, deterministically.
func num(v float64) string {
	if v != v || v > 1e9 || v < -1e9 { // NaN or absurd: draw nothing sensible
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// doc accumulates one SVG document.
type doc struct {
	b strings.Builder
}

func newDoc(w, h float64, title string) *doc {
	d := &doc{}
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
		num(w), num(h), num(w), num(h), Esc(title))
	fmt.Fprintf(&d.b, `<title>%s</title>`, Esc(title))
	d.text(8, 18, title, `font-size="14" font-weight="bold"`)
	return d
}

func (d *doc) rect(x, y, w, h float64, fill string) {
	if w < 0 {
		w = 0
	}
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(y), num(w), num(h), Esc(fill))
}

func (d *doc) text(x, y float64, s, attrs string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	fmt.Fprintf(&d.b, `<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), attrs, Esc(s))
}

func (d *doc) line(x1, y1, x2, y2 float64, stroke string) {
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x1), num(y1), num(x2), num(y2), Esc(stroke))
}

func (d *doc) path(p, fill string, opacity float64) {
	fmt.Fprintf(&d.b, `<path d="%s" fill="%s" fill-opacity="%s"/>`, p, Esc(fill), num(opacity))
}

func (d *doc) String() string { return d.b.String() + "</svg>" }

// clip shortens s to at most n runes (with an ellipsis).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// maxOf returns the largest value (at least a tiny positive number, so
// scales never divide by zero).
func maxOf(vs ...float64) float64 {
	m := 0.0
	for _, v := range vs {
		if v > m {
			m = v
		}
	}
	if m <= 0 {
		return 1
	}
	return m
}
