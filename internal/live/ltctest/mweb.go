package ltctest

// mwebState returns the MWEB deployment status getblockchaininfo reports
// for the next block and the height it has had it since.
func (n *Node) mwebState() (string, uint64) {
	n.t.Helper()
	var info struct {
		Softforks map[string]struct {
			BIP9 struct {
				Status string `json:"status"`
				Since  uint64 `json:"since"`
			} `json:"bip9"`
		} `json:"softforks"`
	}
	n.Call(&info, "getblockchaininfo")
	mw := info.Softforks["mweb"].BIP9
	return mw.Status, mw.Since
}

// MineToMWEB mines to addr until the next block is the first MWEB block
// and returns that block's height. MWEB is a BIP9 deployment on regtest
// (start time 2020, 144-block windows): defined, started at 144, locked
// in at 288, active from 432; generatetoaddress blocks signal it.
func (n *Node) MineToMWEB(addr string) uint64 {
	n.t.Helper()
	for i := 0; i < 5; i++ {
		if st, since := n.mwebState(); st == "active" {
			if since <= n.Tip() {
				n.t.Fatalf("MWEB already active since block %d", since)
			}
			return since
		}
		next := (n.Tip()/144 + 1) * 144
		n.Generate(int(next-n.Tip()-1), addr)
		if st, _ := n.mwebState(); st != "active" {
			n.Generate(1, addr)
		}
	}
	st, since := n.mwebState()
	n.t.Fatalf("MWEB not active after mining to block %d: %s since %d", n.Tip(), st, since)
	return 0
}
