package sim

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// outpoint names an output.
type outpoint struct {
	h hash
	n uint32
}

// verify replays the heist transactions in written order through a ledger
// of stolen outputs and fills the truth from it. It fails unless every
// input spends a stolen output not yet spent (the theft: the victim's
// reserve), no fee is negative, stolen = endpoints + resting + fees
// exactly, and every deposit into an exchange was swept.
func (h *btcHeist) verify(tr *Truth, sweptDeposits int) error {
	if h.bad > 0 {
		return fmt.Errorf("%d heist transactions could not be planned", h.bad)
	}
	l := btcLedger{live: map[outpoint]butxo{}, ends: map[baddr]uint64{}}
	for i := range h.events {
		if err := l.apply(&h.events[i], i == 0); err != nil {
			return err
		}
	}
	rest := map[baddr]uint64{}
	for _, u := range l.live {
		rest[u.a] += u.v
	}
	h.p.Deposit, h.p.Mixer, h.p.Resting = l.deposits, l.mixer, len(rest)
	if l.deposits != sweptDeposits {
		return fmt.Errorf("%d heist deposits, %d swept", l.deposits, sweptDeposits)
	}
	return h.fillTruth(tr, l.stolen, l.fees, l.ends, rest)
}

// btcLedger follows stolen outputs through the heist's transactions.
type btcLedger struct {
	live            map[outpoint]butxo // unspent stolen outputs
	ends            map[baddr]uint64   // stolen value received by endpoints
	stolen, fees    uint64
	deposits, mixer int
}

// apply replays e, the theft when theft is set.
func (l *btcLedger) apply(e *bevent, theft bool) error {
	t := &e.t
	if t.inValue() < t.outValue() {
		return fmt.Errorf("heist tx %x pays more than it spends", t.h[:4])
	}
	for _, in := range t.ins {
		op := outpoint{in.h, in.n}
		if _, ok := l.live[op]; !ok && !(theft && in.a == btcVictim) {
			return fmt.Errorf("heist tx %x spends %x:%d, not an unspent stolen output", t.h[:4], in.h[:4], in.n)
		}
		delete(l.live, op)
	}
	if !theft {
		l.fees += t.fee()
	}
	for k, o := range t.outs {
		switch r := e.role[k]; {
		case r == roleAttacker:
			l.live[outpoint{t.h, uint32(k)}] = t.utxo(k)
			if theft {
				l.stolen += o.v
			}
		case r == roleVictim && theft:
		case r == roleVictim:
			return fmt.Errorf("heist tx %x pays the victim", t.h[:4])
		default:
			l.ends[o.a] += o.v
			if r >= 0 {
				l.deposits++
			} else {
				l.mixer++
			}
		}
	}
	return nil
}

// fillTruth writes the ledger's amounts into tr and checks conservation.
func (h *btcHeist) fillTruth(tr *Truth, stolen, fees uint64, ends, rest map[baddr]uint64) error {
	if stolen != h.stolen {
		return fmt.Errorf("stolen %d differs from the plan %d", stolen, h.stolen)
	}
	s := strconv.FormatUint
	tr.StolenBeforeSwaps = []Amount{{Asset: "btc", Amount: s(stolen, 10)}}
	tr.Stolen = tr.StolenBeforeSwaps
	tr.Swaps = []Swap{}
	tr.Fees = []Amount{{Asset: "btc", Amount: s(fees, 10)}}
	var endSum, restSum uint64
	for a, v := range ends {
		info := h.endpoint[a]
		e := Endpoint{Address: h.tab.String(a), Entity: info.entity, Category: info.category, Asset: "btc", Amount: s(v, 10)}
		if info.deposit {
			hot := h.tab.String(info.depositFor)
			e.DepositFor = &hot
		}
		tr.Endpoints = append(tr.Endpoints, e)
		endSum += v
	}
	slices.SortFunc(tr.Endpoints, func(x, y Endpoint) int { return cmp.Compare(x.Address, y.Address) })
	tr.Resting = []Amount{}
	for a, v := range rest {
		tr.Resting = append(tr.Resting, Amount{Address: h.tab.String(a), Asset: "btc", Amount: s(v, 10)})
		restSum += v
	}
	slices.SortFunc(tr.Resting, func(x, y Amount) int { return cmp.Compare(x.Address, y.Address) })
	ok := endSum+restSum+fees == stolen
	tr.Conservation = []Conservation{{Asset: "btc", Stolen: s(stolen, 10), Endpoints: s(endSum, 10),
		Resting: s(restSum, 10), Fees: s(fees, 10), OK: ok}}
	if !ok {
		return fmt.Errorf("conservation fails: stolen %d != endpoints %d + resting %d + fees %d", stolen, endSum, restSum, fees)
	}
	return nil
}

// btcTruthFile is truth.json for Bitcoin: one line whose "type" makes
// vigil's bitcoin-etl reader skip it when the directory is ingested.
type btcTruthFile struct {
	Type string `json:"type"`
	Truth
}

// BtcTruthType is the "type" of the Bitcoin truth.json record.
const BtcTruthType = "vigil_simulation_truth"

func writeBtcTruth(dir string, tr Truth) error {
	b, err := json.Marshal(btcTruthFile{Type: BtcTruthType, Truth: tr})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644)
}

// writeBtcLabels writes labels.csv: the exchanges' hot wallets, the mixer
// addresses and the first heist seed. Deposit addresses and other attacker
// addresses stay unlabeled.
func writeBtcLabels(dir string, h *btcHeist, seed uint64) error {
	f, err := os.Create(filepath.Join(dir, "labels.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	src := "vigil-simulate seed " + strconv.FormatUint(seed, 10)
	row := func(a baddr, entity, category, confidence, actor, note string) {
		w.WriteString("btc," + h.tab.String(a) + "," + entity + "," + category + "," + src + "," + confidence + "," + actor + ",CLEAR," + note + "\n")
	}
	w.WriteString(LabelsHeader + "\n")
	for _, x := range h.ex {
		row(x.hot, x.entity, "exchange", "100", "", "hot wallet")
	}
	for i := 0; i < 2; i++ {
		row(baddr(btcMixer0+i), btcMixerEntity, "mixer", "100", "", "fixed denominations")
	}
	row(h.seeds[0], heistEntity, "heist", "90", heistActor, "first heist seed")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
