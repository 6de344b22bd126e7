package svg

import "fmt"

// Link is one band of a flow chart from a left node to a right node; a
// right node takes the color of its first link.
type Link struct {
	From, To string
	Value    float64 // band width (geometry only)
	Color    string  // "" means a palette color
}

// Layout of the flow chart.
const (
	flowW     = 720.0
	flowTop   = 34.0
	nodeRow   = 30.0 // height per node of the taller column
	minFlowH  = 90.0
	nodeW     = 14.0
	flowLeft  = 150.0
	flowRight = flowW - 190.0
	nodeGap   = 6.0
	minNode   = 14.0 // room of a node (its label) however small its value
)

// Flow draws a two-column Sankey-like chart: left nodes (e.g. the seeds or
// "stolen") to right nodes (channels or entities), band widths in
// proportion to the values. Nodes keep the order of first appearance.
func Flow(title string, links []Link) string {
	left, right, lsum, rsum := nodes(links)
	if len(left) == 0 {
		d := newDoc(flowW, flowTop+40, title)
		d.text(8, flowTop+14, "no data", `fill="#4a5568"`)
		return d.String()
	}
	total := 0.0
	for _, n := range left {
		total += lsum[n]
	}
	rows := float64(max(len(left), len(right)))
	scale := max(minFlowH, nodeRow*rows) * 0.8 / maxOf(total)
	ly, lh := place(left, lsum, scale)
	ry, rh := place(right, rsum, scale)
	d := newDoc(flowW, flowTop+max(lh, rh)+12, title)
	rColor := map[string]string{}
	lOff, rOff := map[string]float64{}, map[string]float64{}
	for _, l := range links {
		if l.Value <= 0 {
			continue
		}
		w := l.Value * scale
		y0 := flowTop + ly[l.From] + lOff[l.From]
		y1 := flowTop + ry[l.To] + rOff[l.To]
		lOff[l.From] += w
		rOff[l.To] += w
		c := l.Color
		if c == "" {
			c = Color(len(rColor))
		}
		if _, ok := rColor[l.To]; !ok {
			rColor[l.To] = c
		}
		band(d, y0, y1, w, c)
	}
	for _, n := range left {
		y := flowTop + ly[n]
		d.rect(flowLeft, y, nodeW, max(lsum[n]*scale, 2), "#2d3748")
		d.text(flowLeft-6, y+lsum[n]*scale/2+4, clip(n, 22), `text-anchor="end"`)
	}
	for _, n := range right {
		y := flowTop + ry[n]
		d.rect(flowRight, y, nodeW, max(rsum[n]*scale, 2), rColor[n])
		d.text(flowRight+nodeW+6, y+rsum[n]*scale/2+4, clip(n, 26), "")
	}
	return d.String()
}

// band draws one link from the left column (at y0) to the right (at y1).
func band(d *doc, y0, y1, w float64, c string) {
	x0, x1 := flowLeft+nodeW, flowRight
	mx := (x0 + x1) / 2
	d.path(fmt.Sprintf("M%s %sC%s %s %s %s %s %sL%s %sC%s %s %s %s %s %sZ",
		num(x0), num(y0), num(mx), num(y0), num(mx), num(y1), num(x1), num(y1),
		num(x1), num(y1+w), num(mx), num(y1+w), num(mx), num(y0+w), num(x0), num(y0+w)), c, 0.45)
}

// nodes lists the left and right nodes in first-seen order with their sums.
func nodes(links []Link) (left, right []string, lsum, rsum map[string]float64) {
	lsum, rsum = map[string]float64{}, map[string]float64{}
	for _, l := range links {
		if l.Value <= 0 {
			continue
		}
		if _, ok := lsum[l.From]; !ok {
			left = append(left, l.From)
		}
		if _, ok := rsum[l.To]; !ok {
			right = append(right, l.To)
		}
		lsum[l.From] += l.Value
		rsum[l.To] += l.Value
	}
	return left, right, lsum, rsum
}

// place stacks nodes top-down, each given at least minNode of room so
// labels never overlap, and returns each node's offset and the height.
func place(ns []string, sum map[string]float64, scale float64) (map[string]float64, float64) {
	out := map[string]float64{}
	y := 0.0
	for _, n := range ns {
		out[n] = y
		y += max(sum[n]*scale, minNode) + nodeGap
	}
	return out, y
}
