package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// parse checks that s is one well-formed SVG element.
func parse(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
	}
}

func TestCharts(t *testing.T) {
	evil := `<script>alert(1)</script>&"'`
	cases := map[string]string{
		"bar":          BarChart("Bars "+evil, []Bar{{Label: evil, Value: 3, Text: evil}, {Label: "b", Value: 0, Text: "0"}}),
		"bar empty":    BarChart("Empty", nil),
		"stacked":      StackedBars("Days", []string{evil, "b"}, []Stack{{Label: "2024-01-01", Values: []float64{1, 2}, Text: evil}, {Label: "d2", Values: []float64{0, 5}}}),
		"stacked none": StackedBars("None", []string{"a"}, nil),
		"flow":         Flow("Flow", []Link{{From: "Exchanges", To: evil, Value: 5}, {From: "Mixers", To: "M", Value: 1e-9}, {From: "x", To: "y", Value: 0}}),
		"flow none":    Flow("None", nil),
	}
	for name, s := range cases {
		parse(t, s)
		if strings.Contains(s, "<script") {
			t.Errorf("%s: unescaped script", name)
		}
		if !strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg"`) || !strings.HasSuffix(s, "</svg>") {
			t.Errorf("%s: not an svg element", name)
		}
	}
	if !strings.Contains(cases["bar"], "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#34;&#39;") {
		t.Errorf("bar text not escaped: %s", cases["bar"])
	}
	if !strings.Contains(cases["bar empty"], "no data") || !strings.Contains(cases["flow none"], "no data") {
		t.Error("empty charts do not say so")
	}
}

// TestDeterministic: same input, same bytes; NaN and huge values do not
// leak into coordinates.
func TestDeterministic(t *testing.T) {
	bars := []Bar{{Label: "a", Value: 1.0 / 3}, {Label: "b", Value: 2.0 / 3}}
	if BarChart("t", bars) != BarChart("t", bars) {
		t.Error("bar chart differs between runs")
	}
	nan := 0.0
	s := BarChart("t", []Bar{{Label: "n", Value: nan / nan}, {Label: "h", Value: 1e300}})
	parse(t, s)
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") || strings.Contains(s, "e+") {
		t.Errorf("bad coordinates: %s", s)
	}
	var b bytes.Buffer
	b.WriteString(Flow("f", []Link{{From: "a", To: "b", Value: 1}, {From: "a", To: "c", Value: 2}}))
	if b.String() != Flow("f", []Link{{From: "a", To: "b", Value: 1}, {From: "a", To: "c", Value: 2}}) {
		t.Error("flow differs between runs")
	}
}
