package svg

// Stack is one column of a stacked bar chart: Label under it, one value
// per series (geometry only) and Text printed above it.
type Stack struct {
	Label  string
	Values []float64
	Text   string
}

// Layout of the stacked chart.
const (
	stackW      = 720.0
	stackPlotH  = 200.0
	stackTop    = 44.0
	stackBottom = 40.0
	stackLeft   = 16.0
	legendRow   = 16.0
)

// StackedBars draws one vertical stacked column per Stack (e.g. one per
// day), series colored by Color(i) and named in the legend.
func StackedBars(title string, series []string, cols []Stack) string {
	legendH := legendRow * float64((len(series)+3)/4)
	h := stackTop + stackPlotH + stackBottom + legendH
	d := newDoc(stackW, h, title)
	if len(cols) == 0 {
		d.text(8, stackTop+14, "no data", `fill="#4a5568"`)
		return d.String()
	}
	totals := make([]float64, len(cols))
	for i, c := range cols {
		for _, v := range c.Values {
			if v > 0 {
				totals[i] += v
			}
		}
	}
	scale := stackPlotH / maxOf(totals...)
	slot := (stackW - 2*stackLeft) / float64(len(cols))
	bw := slot * 0.7
	if bw > 80 {
		bw = 80
	}
	base := stackTop + stackPlotH
	d.line(stackLeft, base, stackW-stackLeft, base, "#4a5568")
	for i, c := range cols {
		x := stackLeft + float64(i)*slot + (slot-bw)/2
		y := base
		for si, v := range c.Values {
			if v <= 0 {
				continue
			}
			hh := v * scale
			y -= hh
			d.rect(x, y, bw, hh, Color(si))
		}
		d.text(x+bw/2, y-4, clip(c.Text, 22), `text-anchor="middle" font-size="10"`)
		if len(cols) <= 16 || i%((len(cols)+15)/16) == 0 {
			d.text(x+bw/2, base+14, clip(c.Label, 18), `text-anchor="middle" font-size="10"`)
		}
	}
	legend(d, series, base+stackBottom-8)
	return d.String()
}

// legend writes series names with their colors, four per row.
func legend(d *doc, series []string, y float64) {
	for i, s := range series {
		x := stackLeft + float64(i%4)*175
		yy := y + float64(i/4)*legendRow
		d.rect(x, yy-9, 10, 10, Color(i))
		d.text(x+14, yy, clip(s, 24), "")
	}
}
