package graph

// check verifies that every offset and row number of s is in range, so a
// damaged file is an error rather than a panic later.
func (s *UTXOSegment) check() error {
	nt, no, ni := uint32(s.NTx()), uint32(s.NOut()), uint32(s.NIn())
	ok := offsets(s.TxIn, ni) && offsets(s.TxOut, no) && offsets(s.AddrOff, no) &&
		below(s.OutSpent, nt) && below(s.AddrOuts, no) && below(s.CrossTx, nt) &&
		below(s.InSpends, s.OutBase+no) && below(s.CrossOut, s.OutBase) &&
		uint64(s.OutBase)+uint64(no) < uint64(NoRow) && uint64(s.TxBase)+uint64(nt) < uint64(NoRow)
	for i := 1; ok && i < len(s.TxBlock); i++ {
		ok = s.TxBlock[i] >= s.TxBlock[i-1]
	}
	if !ok {
		return errBadFile
	}
	return nil
}

// offsets reports whether off starts at 0, never decreases and ends at n.
func offsets(off []uint32, n uint32) bool {
	if len(off) == 0 || off[0] != 0 || off[len(off)-1] != n {
		return false
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return false
		}
	}
	return true
}

// below reports whether every value of col is < n or NoRow.
func below(col []uint32, n uint32) bool {
	for _, v := range col {
		if v >= n && v != NoRow {
			return false
		}
	}
	return true
}
