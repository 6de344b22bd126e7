package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// mdEscaper makes user text inert in Markdown: HTML is entity-escaped and
// Markdown punctuation backslash-escaped (table pipes included).
var mdEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", `\|`, "*", `\*`, "_", `\_`,
	"`", "\\`", "[", `\[`, "]", `\]`, "#", `\#`, "\\", `\\`, "\n", " ", "\r", " ")

func mdEsc(s string) string { return mdEscaper.Replace(s) }

// mdCode shows an address or hash as code (they never hold backticks;
// anything else is escaped as text).
func mdCode(s string) string {
	if strings.ContainsAny(s, "`\n\r|<>&") {
		return mdEsc(s)
	}
	return "`" + s + "`"
}

type mdWriter struct{ bytes.Buffer }

func (w *mdWriter) p(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }

func (w *mdWriter) table(head ...string) {
	w.p("| %s |", strings.Join(head, " | "))
	seps := make([]string, len(head))
	for i := range seps {
		seps[i] = "---"
	}
	w.p("| %s |", strings.Join(seps, " | "))
}

func (w *mdWriter) row(cells ...string) { w.p("| %s |", strings.Join(cells, " | ")) }

// markdown renders the report as GitHub-flavoured Markdown.
func (r *IncidentReport) markdown() []byte {
	w := &mdWriter{}
	w.p("# %s\n", mdEsc(r.Title))
	w.p("%s\n", mdEsc(r.scopeLine()))
	if r.Incident != nil {
		r.mdIncident(w, r.Incident)
	}
	r.mdChannels(w)
	r.mdEntities(w)
	r.mdAssets(w)
	r.mdDaily(w)
	r.mdSpeed(w)
	r.mdPaths(w)
	r.mdEndpoints(w)
	r.mdResting(w)
	w.p("## Notes and method\n")
	for _, n := range r.allNotes() {
		w.p("- %s", mdEsc(n))
	}
	return w.Bytes()
}

// scopeLine says what was traced, from when, and when the report was made.
func (r *IncidentReport) scopeLine() string {
	since := fmt.Sprintf("block %d", r.SinceBlock)
	if r.SinceTime != "" {
		since += " (" + r.SinceTime + ")"
	}
	return fmt.Sprintf("Chain %s, policy %s, value leaving %d seed address(es) at or after %s. %d endpoints, %d resting addresses. Generated %s by vigil.",
		r.Chain, r.Policy, len(r.Seeds), since, r.Stats.Endpoints, r.Stats.RestingAddresses, r.GeneratedAt)
}

func (r *IncidentReport) mdIncident(w *mdWriter, inc *incidents.Incident) {
	w.p("## Incident\n")
	w.table("Fact", "Value", "Sources")
	for _, f := range incidentFacts(inc) {
		w.row(mdEsc(f.name), mdEsc(f.value), mdEsc(strings.Join(f.sources, " ")))
	}
	w.p("")
}

func (r *IncidentReport) mdChannels(w *mdWriter) {
	w.p("## Where the value went\n")
	w.table("Channel", "Endpoints", "Amount")
	for _, c := range r.Channels {
		for i, a := range c.Amounts {
			title, n := ChannelTitle(c.Channel), fmt.Sprint(c.Endpoints)
			if i > 0 { // one channel, several assets: name and count it once
				title, n = "", ""
			}
			w.row(title, n, mdEsc(r.Format(a.Asset, a.Amount)))
		}
	}
	w.p("\nSeeds: %s\n", codeList(r.Seeds))
}

func codeList(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = mdCode(x)
	}
	return strings.Join(out, ", ")
}

func (r *IncidentReport) mdEntities(w *mdWriter) {
	w.p("## By entity\n")
	w.table("Entity", "Category", "Endpoints", "Amount")
	for _, e := range r.Entities {
		for i, a := range e.Amounts {
			if i > 0 { // one entity, several assets
				w.row("", "", "", mdEsc(r.Format(a.Asset, a.Amount)))
				continue
			}
			w.row(mdEsc(e.Entity), mdEsc(e.Category), fmt.Sprint(e.Endpoints), mdEsc(r.Format(a.Asset, a.Amount)))
		}
	}
	w.p("")
}

func (r *IncidentReport) mdAssets(w *mdWriter) {
	w.p("## By asset\n")
	w.table("Asset", "Channel", "Amount", "Share of traced")
	for _, b := range r.Assets {
		w.row(mdEsc(r.assetTable().Name(b.Asset)), "all (traced)", mdEsc(r.Format(b.Asset, b.Traced)), "100.00%")
		for _, c := range b.ByChannel {
			w.row(mdEsc(r.assetTable().Name(b.Asset)), ChannelTitle(c.Channel), mdEsc(r.Format(b.Asset, c.Amount)), c.Share+"%")
		}
	}
	w.p("")
}

func (r *IncidentReport) mdDaily(w *mdWriter) {
	w.p("## Over time (per day, %s)\n", r.basisText())
	w.table("Day", "Channel", "Amount")
	for _, d := range r.Daily {
		for _, a := range d.Amounts {
			w.row(mdEsc(d.Day), ChannelTitle(a.Channel), mdEsc(r.Format(a.Asset, a.Amount)))
		}
	}
	w.p("")
}

func (r *IncidentReport) basisText() string {
	if r.TimeBasis == BasisBlockTime {
		return "UTC, by block time"
	}
	return "counted in blocks: no block times stored"
}

func (r *IncidentReport) mdSpeed(w *mdWriter) {
	w.p("## Laundering speed\n")
	w.p("Value that reached a service (an endpoint in any channel; resting value and fees are not) within N days of the start.\n")
	w.table("Within", "Asset", "Reached services", "Share of traced")
	for _, s := range r.Speed {
		if !s.Known {
			w.row(fmt.Sprintf("%d days", s.Days), "all", "unknown (no block times)", "")
			continue
		}
		for _, a := range s.Amounts {
			w.row(days(s.Days), mdEsc(r.assetTable().Name(a.Asset)), mdEsc(r.Format(a.Asset, a.Amount)), a.Share+"%")
		}
	}
	w.p("")
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func (r *IncidentReport) mdPaths(w *mdWriter) {
	w.p("## Top paths\n")
	for _, p := range r.TopPaths {
		w.p("%d. %s (%s) at %s: %s, %s%% of the traced %s, %d hops  ", p.Rank, mdEsc(p.Entity), mdEsc(p.Category),
			mdCode(p.Address), mdEsc(r.Format(p.Asset, p.Amount)), p.Share, mdEsc(r.assetTable().Name(p.Asset)), p.Hops)
		w.p("   path: %s", strings.ReplaceAll(codeList(p.Path), ", ", " → "))
	}
	w.p("")
}

func (r *IncidentReport) mdEndpoints(w *mdWriter) {
	w.p("## Endpoints\n")
	rows, _, note := r.tableRows()
	if note != "" {
		w.p("%s\n", note)
	}
	w.table("Entity", "Category", "Address", "Deposit for", "Amount", "Hops", "Blocks", "Last arrival")
	for _, e := range rows {
		dep := "-"
		if e.DepositFor != nil {
			dep = mdCode(*e.DepositFor)
		}
		w.row(mdEsc(e.Entity), mdEsc(e.Category), mdCode(e.Address), dep, mdEsc(r.Format(e.Asset, e.Amount)),
			fmt.Sprint(e.Hops), fmt.Sprintf("%d-%d", e.FirstBlock, e.LastBlock), orDash(e.LastTime))
	}
	w.p("")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (r *IncidentReport) mdResting(w *mdWriter) {
	w.p("## Resting\n")
	w.table("Address", "Amount")
	_, rest, _ := r.tableRows()
	for _, x := range rest {
		w.row(mdCode(x.Address), mdEsc(r.Format(x.Asset, x.Amount)))
	}
	w.p("")
}

// allNotes are the report's notes followed by the method notes.
func (r *IncidentReport) allNotes() []string {
	out := append([]string{}, r.Notes...)
	out = append(out,
		"Policy "+r.Policy+": see docs/tracing.md. Amounts are exact base units summed without rounding; shares are truncated to two decimals.",
		"An endpoint's amount counts on the day of its last arrival block (the trace does not split it by arrival); laundering speed uses the same block.",
		"Top paths are the endpoints with the largest share of their asset's traced value; each path is one evidence path of transaction hashes from a seed to the endpoint.",
		"Amounts of tokens whose decimals are not known are shown in base units.")
	if r.Stats.Truncated {
		out = append(out, "The trace was truncated: more value may have moved than is shown.")
	}
	return out
}

// fact is one row of the incident facts table.
type fact struct {
	name, value string
	sources     []string
}

// incidentFacts lists the incident's facts with their sources.
func incidentFacts(inc *incidents.Incident) []fact {
	f := func(name string, x incidents.Fact) fact {
		v := x.Value
		if x.Note != "" {
			v += " (" + x.Note + ")"
		}
		return fact{name, v, x.Sources}
	}
	out := []fact{{"Incident", inc.Name + " [" + inc.ID + "]", nil}, f("Date", inc.Date), f("Victim", inc.Victim), f("Actor", inc.Actor)}
	for _, a := range inc.Stolen {
		v := a.Display
		if v == "" {
			v = a.BaseUnits + " base units of " + a.Asset
		}
		if a.Approximate {
			v += " (approximate)"
		}
		out = append(out, fact{"Stolen", v, a.Sources})
	}
	for _, u := range inc.StolenUSD {
		out = append(out, f("Stolen (USD, published)", u))
	}
	for _, n := range inc.Notes {
		out = append(out, f("Note", n))
	}
	return out
}
