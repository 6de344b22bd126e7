package report

import (
	"bytes"
	"embed"
	"html/template"
	"strings"
)

//go:embed templates
var templateFS embed.FS

// css is the inline style sheet of every HTML document.
var css = mustRead("templates/style.css")

func mustRead(name string) template.CSS {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return template.CSS(b)
}

// parseTemplate parses an embedded template with the report functions;
// amounts are shown with as (nil: default assets).
func parseTemplate(name string, as Assets) *template.Template {
	if as == nil {
		as = DefaultAssets()
	}
	funcs := template.FuncMap{
		"fmtAmount": as.Format,
		"assetName": as.Name,
		"chanTitle": ChannelTitle,
		"days":      days,
		"orDash":    orDash,
		"lastTx":    lastTx,
		"usd":       func(v string) string { return "USD " + group(v) },
		"tables":    summaryTables,
	}
	return template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/"+name))
}

// htmlFact is a fact row of the HTML incident table.
type htmlFact struct {
	Name, Value string
	Sources     []string
}

// incidentView is what the incident template renders.
type incidentView struct {
	R          *IncidentReport
	CSS        template.CSS
	Scope      string
	Basis      string
	Facts      []htmlFact
	Charts     []template.HTML
	DailyChart template.HTML
	SpeedChart template.HTML
	Notes      []string
	Endpoints  []EndpointEntry
	Resting    []AssetAmountAt
	RowsNote   string
}

// html renders the report as one self-contained HTML page (inline CSS
// and SVG; no script, no external resource) that is also well-formed XML.
func (r *IncidentReport) html() ([]byte, error) {
	v := incidentView{R: r, CSS: css, Scope: r.scopeLine(), Basis: r.basisText(), Notes: r.allNotes()}
	if r.Incident != nil {
		for _, f := range incidentFacts(r.Incident) {
			v.Facts = append(v.Facts, htmlFact{Name: f.name, Value: f.value, Sources: links(f.sources)})
		}
	}
	v.Charts, v.DailyChart, v.SpeedChart = r.charts()
	v.Endpoints, v.Resting, v.RowsNote = r.tableRows()
	var b bytes.Buffer
	if err := parseTemplate("incident.html", r.assetTable()).Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// links keeps the sources that are web addresses as they are; html/template
// makes any other scheme inert in href.
func links(srcs []string) []string {
	out := make([]string, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}
