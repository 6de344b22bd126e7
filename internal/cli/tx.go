package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

func init() { register("tx", "a transaction's value moves (or inputs and outputs)", runTx) }

type moveJSON struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	To     string `json:"to"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

type inputJSON struct {
	SpentTx    string `json:"spent_transaction_hash"`
	SpentIndex uint32 `json:"spent_output_index"`
	Address    string `json:"address"`
	Value      string `json:"value"`
}

type outputJSON struct {
	Index   uint32 `json:"index"`
	Address string `json:"address"`
	Value   string `json:"value"`
}

type txJSON struct {
	Chain     string        `json:"chain"`
	Hash      string        `json:"hash"`
	Block     uint64        `json:"block"`
	Index     uint32        `json:"index"`
	Timestamp int64         `json:"timestamp"`
	Failed    *bool         `json:"failed,omitempty"`
	From      *string       `json:"from,omitempty"`
	To        *string       `json:"to,omitempty"`
	Value     *string       `json:"value,omitempty"`
	Transfers *[]moveJSON   `json:"transfers,omitempty"` // account chains: always present
	Coinbase  *bool         `json:"coinbase,omitempty"`
	Inputs    *[]inputJSON  `json:"inputs,omitempty"`  // UTXO chains: always present
	Outputs   *[]outputJSON `json:"outputs,omitempty"` // UTXO chains: always present
	Fee       *string       `json:"fee,omitempty"`
}

var kindNames = map[chain.TransferKind]string{
	chain.KindTx: "transaction", chain.KindInternal: "internal", chain.KindSelfdestruct: "selfdestruct",
	chain.KindToken: "token", chain.KindReward: "reward", chain.KindWithdrawal: "withdrawal",
}

func runTx(env *Env, args []string) error {
	var c common
	fs := newFlags("tx", env, &c)
	chainName := chainFlag(fs, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "transaction HASH"); err != nil {
		return err
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	h, err := chain.ParseHash([]byte(pos[0]))
	if err != nil {
		return usagef("transaction hash %q: %v", pos[0], err)
	}
	if _, err := os.Stat(c.data); err != nil {
		return fmt.Errorf("%s: not found (the store at %s is empty)", pos[0], c.data)
	}
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.Tx(ch, h)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: not found in the %s data loaded", pos[0], ch.Name)
	}
	if err != nil {
		return err
	}
	out := txView(ch, v)
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	printTx(env, ch, out)
	return nil
}

func txView(ch chain.Info, v store.TxView) txJSON {
	out := txJSON{Chain: ch.Name, Block: v.Block, Index: v.Index, Timestamp: v.Time}
	if ch.Kind == chain.Account {
		out.Hash = v.Hash.String()
		failed, value := v.Failed, v.Value.String()
		out.Failed, out.From, out.To, out.Value = &failed, &v.From, &v.To, &value
		moves := []moveJSON{}
		for _, m := range v.Moves {
			moves = append(moves, moveJSON{kindNames[m.Kind], m.From, m.To, m.Asset, m.Amount.String()})
		}
		out.Transfers = &moves
		return out
	}
	out.Hash = v.Hash.Hex()
	cb := v.Coinbase
	out.Coinbase = &cb
	var in, outv uint64
	ins, outs := []inputJSON{}, []outputJSON{}
	for _, i := range v.Inputs {
		in += i.Value
		ins = append(ins, inputJSON{i.SpentTx.Hex(), i.Vout, i.Address, fmt.Sprint(i.Value)})
	}
	for _, o := range v.Outputs {
		outv += o.Value
		outs = append(outs, outputJSON{o.Index, o.Address, fmt.Sprint(o.Value)})
	}
	out.Inputs, out.Outputs = &ins, &outs
	if !cb && in >= outv {
		fee := fmt.Sprint(in - outv)
		out.Fee = &fee
	}
	return out
}

func printTx(env *Env, ch chain.Info, t txJSON) {
	w := env.Stdout
	fmt.Fprintf(w, "%s tx %s\n  block %d, position %d, time %d\n", t.Chain, t.Hash, t.Block, t.Index, t.Timestamp)
	if ch.Kind == chain.Account {
		status := "success"
		if *t.Failed {
			status = "FAILED (moved nothing)"
		}
		if *t.From == "" {
			fmt.Fprintln(w, "  known only by hash (its export had no transactions.csv)")
		} else {
			fmt.Fprintf(w, "  %s -> %s, value %s %s, %s\n", *t.From, orDash(*t.To), formatUnits(*t.Value, ch.Decimals), ch.Name, status)
		}
		for _, m := range *t.Transfers {
			dec := decimalsOf(ch, m.Asset)
			fmt.Fprintf(w, "  %-12s %s -> %s  %s %s\n", m.Kind, orDash(m.From), orDash(m.To), formatUnits(m.Amount, dec), m.Asset)
		}
		return
	}
	for _, i := range *t.Inputs {
		fmt.Fprintf(w, "  in  %s:%d  %s  %s\n", i.SpentTx, i.SpentIndex, orDash(i.Address), formatUnits(i.Value, ch.Decimals))
	}
	for _, o := range *t.Outputs {
		fmt.Fprintf(w, "  out %d  %s  %s\n", o.Index, orDash(o.Address), formatUnits(o.Value, ch.Decimals))
	}
	if t.Fee != nil {
		fmt.Fprintf(w, "  fee %s\n", formatUnits(*t.Fee, ch.Decimals))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
