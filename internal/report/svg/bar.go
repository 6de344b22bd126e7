package svg

// Bar is one bar: Label names it, Value sets its length (geometry only)
// and Text is printed after it (e.g. an exact amount).
type Bar struct {
	Label string
	Value float64
	Text  string
	Color string // "" means the palette color of the bar's index
}

// Layout constants of the bar chart.
const (
	barWidth  = 760.0
	labelW    = 190.0
	barH      = 18.0
	barGap    = 6.0
	textRoom  = 290.0
	topMargin = 30.0
)

// BarChart draws horizontal bars, longest scale first as given.
func BarChart(title string, bars []Bar) string {
	h := topMargin + float64(len(bars))*(barH+barGap) + 10
	if len(bars) == 0 {
		h = topMargin + 24
	}
	d := newDoc(barWidth, h, title)
	if len(bars) == 0 {
		d.text(8, topMargin+14, "no data", `fill="#4a5568"`)
		return d.String()
	}
	vals := make([]float64, len(bars))
	for i, b := range bars {
		vals[i] = b.Value
	}
	scale := (barWidth - labelW - textRoom) / maxOf(vals...)
	for i, b := range bars {
		y := topMargin + float64(i)*(barH+barGap)
		c := b.Color
		if c == "" {
			c = Color(i)
		}
		d.text(labelW-6, y+barH-5, clip(b.Label, 30), `text-anchor="end"`)
		w := b.Value * scale
		if b.Value > 0 && w < 1 {
			w = 1
		}
		d.rect(labelW, y, w, barH, c)
		d.text(labelW+w+4, y+barH-5, clip(b.Text, 48), `fill="#1a202c"`)
	}
	return d.String()
}
