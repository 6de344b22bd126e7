package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"
)

// readZip returns the files of a ZIP by name.
func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = body
	}
	return out
}

// TestFreezePackage: one folder per exchange with the three files; the
// CSV, the evidence JSON, the letter and the report agree on every
// account and total.
func TestFreezePackage(t *testing.T) {
	_, r := simReport(t)
	b, err := r.Freeze(FreezeOptions{Requester: "Test Unit <units@example.org>"})
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, b)
	cases := r.Cases()
	if len(cases) != 3 || len(files) != 3*len(cases) {
		t.Fatalf("%d exchanges, %d files", len(cases), len(files))
	}
	entity := map[string]EntityTotal{}
	for _, e := range r.Entities {
		entity[e.Entity] = e
	}
	for _, c := range cases {
		ev := checkEvidence(t, files[c.Folder+"/evidence.json"], c)
		csvSums := checkAccountsCSV(t, files[c.Folder+"/accounts.csv"], ev)
		for _, a := range entity[c.Exchange].Amounts {
			if csvSums[a.Asset] != a.Amount {
				t.Errorf("%s %s: CSV sums to %s, report says %s", c.Exchange, a.Asset, csvSums[a.Asset], a.Amount)
			}
		}
		text := wellFormed(t, c.Folder+"/letter.html", files[c.Folder+"/letter.html"])
		for _, a := range ev.Accounts {
			if !strings.Contains(text, a.Address) || !strings.Contains(text, r.Format(a.Asset, a.Amount)) {
				t.Errorf("letter to %s lacks account %s %s", c.Exchange, a.Address, r.Format(a.Asset, a.Amount))
			}
		}
		if !strings.Contains(text, "Test Unit <units@example.org>") || !strings.Contains(text, r.Incident.Name) {
			t.Errorf("letter to %s lacks the requester or the incident", c.Exchange)
		}
	}
	again, _ := r.Freeze(FreezeOptions{Requester: "Test Unit <units@example.org>"})
	if !bytes.Equal(b, again) {
		t.Error("two packages of one report differ")
	}
}

// checkEvidence decodes evidence.json and compares it with the case.
func checkEvidence(t *testing.T, b []byte, c Case) Evidence {
	t.Helper()
	var ev Evidence
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("%s evidence: %v", c.Exchange, err)
	}
	if ev.Kind != KindEvidence || ev.Exchange != c.Exchange || len(ev.Accounts) != len(c.Accounts) || ev.Incident == nil {
		t.Errorf("%s evidence header: %+v", c.Exchange, ev)
	}
	for _, a := range ev.Accounts {
		if len(a.Path) == 0 || a.DepositFor == nil || a.LastTime == "" || a.Channel != ChanExchange {
			t.Errorf("%s evidence account %+v", c.Exchange, a)
		}
	}
	return ev
}

// checkAccountsCSV checks accounts.csv against the evidence and returns
// its amounts summed per asset.
func checkAccountsCSV(t *testing.T, b []byte, ev Evidence) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(AccountsHeader, ",") || len(rows) != len(ev.Accounts)+1 {
		t.Fatalf("%s accounts.csv: header %v, %d rows", ev.Exchange, rows[0], len(rows))
	}
	sum := sums{}
	for i, row := range rows[1:] {
		a := ev.Accounts[i]
		if row[0] != a.Address || row[1] != *a.DepositFor || row[3] != a.Amount || row[10] != a.Path[len(a.Path)-1] ||
			row[11] != strings.Join(a.Path, " ") || row[9] != a.LastTime {
			t.Errorf("%s row %d %v, evidence %+v", ev.Exchange, i+1, row, a)
		}
		sum.add(row[2], row[3])
	}
	out := map[string]string{}
	for a, v := range sum {
		out[a] = v.String()
	}
	evSum := new(big.Int)
	for _, tot := range ev.Totals {
		evSum.Add(evSum, bigOf(tot.Amount))
		if out[tot.Asset] != tot.Amount {
			t.Errorf("%s %s: CSV %s, evidence total %s", ev.Exchange, tot.Asset, out[tot.Asset], tot.Amount)
		}
	}
	return out
}

// TestFreezeSelect: --exchange picks one folder by name or folder name in
// any case; an unknown exchange is ErrNotFound naming the ones there are.
func TestFreezeSelect(t *testing.T) {
	_, r := simReport(t)
	for _, name := range []string{"Kestrel Exchange", "KESTREL exchange", "kestrel-exchange"} {
		b, err := r.Freeze(FreezeOptions{Exchange: name})
		if err != nil {
			t.Fatal(err)
		}
		files := readZip(t, b)
		if len(files) != 3 || files["kestrel-exchange/accounts.csv"] == nil {
			t.Errorf("%q: files %v", name, keys(files))
		}
	}
	_, err := r.Freeze(FreezeOptions{Exchange: "Binance"})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "Kestrel Exchange") {
		t.Errorf("unknown exchange: %v", err)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCSVSafe: cells a spreadsheet would run as formulas are quoted.
func TestCSVSafe(t *testing.T) {
	got := csvSafe([]string{"=HYPERLINK(\"x\")", "+1", "-1", "@SUM", "0xab", ""})
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-1", "'@SUM", "0xab", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%q", got)
	}
}
