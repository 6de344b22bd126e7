package svg

import "fmt"

// Link is one band of a flow chart from a left node to a right node.
type Link struct {
	From, To string
	Value    float64 // band width (geometry only)
	Color    string  // "" means the color of the right node's index
}

// Layout of the flow chart.
const (
	flowW     = 720.0
	flowTop   = 34.0
	flowH     = 260.0
	nodeW     = 14.0
	flowLeft  = 150.0
	flowRight = flowW - 190.0
	nodeGap   = 8.0
)

// Flow draws a two-column Sankey-like chart: left nodes (e.g. the seeds or
// "stolen") to right nodes (channels or entities), band widths in
// proportion to the values. Nodes keep the order of first appearance.
func Flow(title string, links []Link) string {
	d := newDoc(flowW, flowTop+flowH+20, title)
	left, right, lsum, rsum := nodes(links)
	if len(links) == 0 || len(left) == 0 {
		d.text(8, flowTop+14, "no data", `fill="#4a5568"`)
		return d.String()
	}
	total := 0.0
	for _, n := range left {
		total += lsum[n]
	}
	gaps := float64(max(len(left), len(right))-1) * nodeGap
	scale := (flowH - gaps) / maxOf(total)
	ly := place(left, lsum, scale)
	ry := place(right, rsum, scale)
	rIndex := map[string]int{}
	for i, n := range right {
		rIndex[n] = i
	}
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
			c = Color(rIndex[l.To])
		}
		x0, x1 := flowLeft+nodeW, flowRight
		mx := (x0 + x1) / 2
		d.path(fmt.Sprintf("M%s %sC%s %s %s %s %s %sL%s %sC%s %s %s %s %s %sZ",
			num(x0), num(y0), num(mx), num(y0), num(mx), num(y1), num(x1), num(y1),
			num(x1), num(y1+w), num(mx), num(y1+w), num(mx), num(y0+w), num(x0), num(y0+w)), c, 0.45)
	}
	for _, n := range left {
		y := flowTop + ly[n]
		d.rect(flowLeft, y, nodeW, lsum[n]*scale, "#2d3748")
		d.text(flowLeft-6, y+lsum[n]*scale/2+4, clip(n, 22), `text-anchor="end"`)
	}
	for i, n := range right {
		y := flowTop + ry[n]
		d.rect(flowRight, y, nodeW, rsum[n]*scale, Color(i))
		d.text(flowRight+nodeW+6, y+rsum[n]*scale/2+4, clip(n, 26), "")
	}
	return d.String()
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

// place stacks nodes top-down and returns each node's offset.
func place(ns []string, sum map[string]float64, scale float64) map[string]float64 {
	out := map[string]float64{}
	y := 0.0
	for _, n := range ns {
		out[n] = y
		y += sum[n]*scale + nodeGap
	}
	return out
}
