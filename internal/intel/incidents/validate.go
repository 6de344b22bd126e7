package incidents

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
)

func (inc *Incident) validate() error {
	if inc.ID == "" || inc.Name == "" {
		return errors.New("id and name are required")
	}
	if inc.Date.Value != Unknown {
		if _, err := time.Parse("2006-01-02", inc.Date.Value); err != nil {
			return fmt.Errorf("date %q is not YYYY-MM-DD or unknown", inc.Date.Value)
		}
	}
	for _, f := range []struct {
		name string
		fact Fact
	}{{"date", inc.Date}, {"victim", inc.Victim}, {"actor", inc.Actor}} {
		if err := f.fact.check(f.name); err != nil {
			return err
		}
	}
	for _, c := range inc.Chains {
		if _, err := intel.LabelChain(c); err != nil {
			return err
		}
	}
	for i := range inc.Stolen {
		if err := inc.Stolen[i].check(); err != nil {
			return err
		}
	}
	for _, u := range inc.StolenUSD {
		if err := u.check("stolen_usd"); err != nil {
			return err
		}
		if u.Value != Unknown {
			if err := checkDecimal(u.Value); err != nil {
				return fmt.Errorf("stolen_usd %q: %w", u.Value, err)
			}
		}
	}
	for i := range inc.Seeds {
		if err := inc.Seeds[i].check(); err != nil {
			return err
		}
	}
	return nil
}

// check requires a value and, unless unknown, a source.
func (f Fact) check(name string) error {
	if f.Value == "" {
		return fmt.Errorf("%s has no value (write %q)", name, Unknown)
	}
	if f.Value != Unknown && len(f.Sources) == 0 {
		return fmt.Errorf("%s %q has no source", name, f.Value)
	}
	return nil
}

func (a *Amount) check() error {
	if _, _, err := chain.ParseAssetName(a.Asset); err != nil {
		return fmt.Errorf("stolen asset %q: %w", a.Asset, err)
	}
	a.Asset = strings.ToLower(a.Asset)
	if err := checkDecimal(a.BaseUnits); err != nil {
		return fmt.Errorf("stolen %s %q: %w", a.Asset, a.BaseUnits, err)
	}
	if len(a.Sources) == 0 {
		return fmt.Errorf("stolen %s has no source", a.Asset)
	}
	return nil
}

func (s *Seed) check() error {
	canon, err := intel.CanonicalAddress(s.Chain, s.Address)
	if err != nil {
		return err
	}
	s.Address = canon
	if s.Role == "" || len(s.Sources) == 0 {
		return fmt.Errorf("seed %s needs a role and a source", s.Address)
	}
	return nil
}
