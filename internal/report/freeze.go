package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// FreezeOptions selects and signs the freeze-request package.
type FreezeOptions struct {
	// Exchange limits the package to one exchange (its name or folder
	// name, any case); "" means every exchange that received value.
	Exchange string
	// Requester is who sends the request (printed in the letter); ""
	// leaves a placeholder to fill in.
	Requester string
}

// Case is what one exchange is asked to freeze.
type Case struct {
	Exchange string          `json:"exchange"`
	Folder   string          `json:"folder"`
	Totals   []AssetAmount   `json:"totals"`
	Accounts []EndpointEntry `json:"accounts"`
}

// Evidence is evidence.json of one exchange's folder.
type Evidence struct {
	Kind        string              `json:"kind"`
	GeneratedAt string              `json:"generated_at"`
	Exchange    string              `json:"exchange"`
	Incident    *incidents.Incident `json:"incident"`
	Chain       string              `json:"chain"`
	Policy      string              `json:"policy"`
	Seeds       []string            `json:"seeds"`
	SinceBlock  uint64              `json:"since_block"`
	SinceTime   string              `json:"since_time,omitempty"`
	TimeBasis   string              `json:"time_basis"`
	Totals      []AssetAmount       `json:"totals"`
	Accounts    []EndpointEntry     `json:"accounts"` // each with its evidence path (tx hashes, seed to deposit)
}

// Cases groups the exchange endpoints of r by exchange (name order).
func (r *IncidentReport) Cases() []Case {
	by := map[string]*Case{}
	tot := map[string]sums{}
	var names []string
	for _, e := range r.Endpoints {
		if e.Channel != ChanExchange {
			continue
		}
		c := by[e.Entity]
		if c == nil {
			c = &Case{Exchange: e.Entity}
			by[e.Entity], tot[e.Entity] = c, sums{}
			names = append(names, e.Entity)
		}
		c.Accounts = append(c.Accounts, e)
		tot[e.Entity].add(e.Asset, e.Amount)
	}
	slices.Sort(names)
	out := make([]Case, 0, len(names))
	used := map[string]bool{}
	for _, n := range names {
		c := by[n]
		c.Totals = tot[n].list()
		c.Folder = uniqueSlug(n, used)
		out = append(out, *c)
	}
	return out
}

// uniqueSlug makes a folder name from an exchange name.
func uniqueSlug(name string, used map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "exchange"
	}
	base := s
	for i := 2; used[s]; i++ {
		s = fmt.Sprintf("%s-%d", base, i)
	}
	used[s] = true
	return s
}

// Freeze writes the freeze-request package: a ZIP with one folder per
// exchange (Case.Folder) holding letter.html, accounts.csv and
// evidence.json. An unknown exchange is ErrNotFound (wrapped, with the
// exchanges there are); no exchange at all is ErrNotFound too.
func (r *IncidentReport) Freeze(o FreezeOptions) ([]byte, error) {
	cases, err := r.selectCases(o.Exchange)
	if err != nil {
		return nil, err
	}
	mod, _ := time.Parse(time.RFC3339, r.GeneratedAt)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, c := range cases {
		files, err := r.caseFiles(c, o)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: c.Folder + "/" + f.name, Method: zip.Deflate, Modified: mod})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(f.body); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (r *IncidentReport) selectCases(exchange string) ([]Case, error) {
	cases := r.Cases()
	if len(cases) == 0 {
		return nil, NotFoundf("no traced value reached an exchange: nothing to freeze")
	}
	if exchange == "" {
		return cases, nil
	}
	names := make([]string, len(cases))
	for i, c := range cases {
		if strings.EqualFold(c.Exchange, exchange) || strings.EqualFold(c.Folder, exchange) {
			return []Case{c}, nil
		}
		names[i] = c.Exchange
	}
	return nil, NotFoundf("exchange %q received nothing in this trace (exchanges: %s)", exchange, strings.Join(names, ", "))
}

type zipFile struct {
	name string
	body []byte
}

func (r *IncidentReport) caseFiles(c Case, o FreezeOptions) ([]zipFile, error) {
	letter, err := r.letter(c, o)
	if err != nil {
		return nil, err
	}
	ev, err := marshal(Evidence{Kind: KindEvidence, GeneratedAt: r.GeneratedAt, Exchange: c.Exchange, Incident: r.Incident,
		Chain: r.Chain, Policy: r.Policy, Seeds: r.Seeds, SinceBlock: r.SinceBlock, SinceTime: r.SinceTime,
		TimeBasis: r.TimeBasis, Totals: c.Totals, Accounts: c.Accounts})
	if err != nil {
		return nil, err
	}
	accounts, err := r.accountsCSV(c)
	if err != nil {
		return nil, err
	}
	return []zipFile{{"letter.html", letter}, {"accounts.csv", accounts}, {"evidence.json", ev}}, nil
}

// AccountsHeader is the header of accounts.csv.
var AccountsHeader = []string{"address", "deposit_for", "asset", "amount", "amount_display", "hops", "first_block",
	"first_time", "last_block", "last_time", "deposit_tx", "tx_hashes"}

// accountsCSV lists one exchange's accounts; tx_hashes is the evidence
// path (space-separated, seed to deposit), deposit_tx its last hash.
func (r *IncidentReport) accountsCSV(c Case) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(AccountsHeader); err != nil {
		return nil, err
	}
	for _, a := range c.Accounts {
		dep := ""
		if a.DepositFor != nil {
			dep = *a.DepositFor
		}
		row := []string{a.Address, dep, a.Asset, a.Amount, r.Format(a.Asset, a.Amount), fmt.Sprint(a.Hops),
			fmt.Sprint(a.FirstBlock), a.FirstTime, fmt.Sprint(a.LastBlock), a.LastTime, lastTx(a.Path), strings.Join(a.Path, " ")}
		if err := w.Write(csvSafe(row)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// csvSafe defuses cells a spreadsheet would run as a formula.
func csvSafe(row []string) []string {
	for i, s := range row {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			row[i] = "'" + s
		}
	}
	return row
}

func lastTx(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

// letterView is what the letter template renders.
type letterView struct {
	CSS                                 template.CSS
	Exchange, Subject, Requester, Date  string
	Generated, Chain, Policy, SinceTime string
	SinceBlock                          uint64
	Seeds                               []string
	Incident                            *incidents.Incident
	Facts                               []htmlFact
	Totals                              []AssetAmount
	Accounts                            []EndpointEntry
}

func (r *IncidentReport) letter(c Case, o FreezeOptions) ([]byte, error) {
	req := o.Requester
	if req == "" {
		req = "[requesting organisation, contact person, e-mail, phone]"
	}
	subject := "the traced funds"
	if r.Incident != nil {
		subject = r.Incident.Name
		if r.Incident.Date.Value != incidents.Unknown {
			subject += " (" + r.Incident.Date.Value + ")"
		}
	}
	v := letterView{CSS: css, Exchange: c.Exchange, Subject: subject, Requester: req, Date: r.GeneratedAt[:10],
		Generated: r.GeneratedAt, Chain: r.Chain, Policy: r.Policy, SinceTime: r.SinceTime, SinceBlock: r.SinceBlock,
		Seeds: r.Seeds, Incident: r.Incident, Totals: c.Totals, Accounts: c.Accounts}
	if r.Incident != nil {
		for _, f := range incidentFacts(r.Incident) {
			v.Facts = append(v.Facts, htmlFact{Name: f.name, Value: f.value, Sources: links(f.sources)})
		}
	}
	t := parseTemplate("letter.html", r.assetTable())
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
