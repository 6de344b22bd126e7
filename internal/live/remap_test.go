package live

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// TestRemapUTXO: IDs of a private interner become store IDs in block
// order, NoAddr stays, and a key already in the store keeps its ID.
func TestRemapUTXO(t *testing.T) {
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	btc, _ := chain.Lookup("btc")
	d, _ := st.Addresses(btc)
	d.Intern([]byte("1known"))
	var local chain.MapInterner
	a, k, b := local.Intern([]byte("1a")), local.Intern([]byte("1known")), local.Intern([]byte("1b"))
	blocks := []chain.UTXOBlock{{Txs: []chain.UTXOTx{
		{Outputs: []chain.UTXOOutput{{Addr: chain.AddrID(b)}, {Addr: chain.NoAddr}}},
		{Inputs: []chain.UTXOInput{{Addr: chain.AddrID(k)}}, Outputs: []chain.UTXOOutput{{Addr: chain.AddrID(a)}}},
	}}}
	remapUTXO(blocks, &local, d)
	for _, c := range []struct {
		got  chain.AddrID
		want string
	}{
		{blocks[0].Txs[0].Outputs[0].Addr, "1b"},
		{blocks[0].Txs[1].Inputs[0].Addr, "1known"},
		{blocks[0].Txs[1].Outputs[0].Addr, "1a"},
	} {
		key, err := d.Key(uint32(c.got))
		if err != nil || string(key) != c.want {
			t.Errorf("ID %d is %q (%v), want %q", c.got, key, err, c.want)
		}
	}
	if blocks[0].Txs[0].Outputs[1].Addr != chain.NoAddr {
		t.Error("NoAddr remapped")
	}
	if id := blocks[0].Txs[0].Outputs[0].Addr; id != 2 {
		t.Errorf("first new address got ID %d, want 2 (block order)", id)
	}
}
