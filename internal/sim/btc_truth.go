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
	live := map[outpoint]butxo{}
	ends, rest := map[baddr]uint64{}, map[baddr]uint64{}
	var stolen, fees, deposits uint64
	for i := range h.events {
		e := &h.events[i]
		t := &e.t
		if t.inValue() < t.outValue() {
			return fmt.Errorf("heist tx %x pays more than it spends", t.h[:4])
		}
		theft := i == 0
		for _, in := range t.ins {
			op := outpoint{in.h, in.n}
			if _, ok := live[op]; !ok && !(theft && in.a == btcVictim) {
				return fmt.Errorf("heist tx %x spends %x:%d, not an unspent stolen output", t.h[:4], in.h[:4], in.n)
			}
			delete(live, op)
		}
		if !theft {
			fees += t.fee()
		}
		for k, o := range t.outs {
			switch r := e.role[k]; {
			case r == roleAttacker:
				live[outpoint{t.h, uint32(k)}] = t.utxo(k)
				if theft {
					stolen += o.v
				}
			case r == roleVictim && theft:
			case r == roleVictim:
				return fmt.Errorf("heist tx %x pays the victim", t.h[:4])
			default:
				ends[o.a] += o.v
				if r >= 0 {
					deposits++
				} else {
					h.p.Mixer++
				}
			}
		}
	}
	for _, u := range live {
		rest[u.a] += u.v
	}
	h.p.Deposit, h.p.Resting = int(deposits), len(rest)
	if int(deposits) != sweptDeposits {
		return fmt.Errorf("%d heist deposits, %d swept", deposits, sweptDeposits)
	}
	return h.fillTruth(tr, stolen, fees, ends, rest)
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
