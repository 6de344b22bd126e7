package store

// Counters are a chain's totals in the store.
type Counters struct {
	Blocks, Txs, Transfers int64
	FirstBlock, LastBlock  uint64
}

func encodeCounters(c Counters) []byte {
	var e enc
	e.uvarint(uint64(c.Blocks))
	e.uvarint(uint64(c.Txs))
	e.uvarint(uint64(c.Transfers))
	e.uvarint(c.FirstBlock)
	e.uvarint(c.LastBlock)
	return e.b
}

func decodeCounters(v []byte) (Counters, error) {
	d := dec{b: v}
	c := Counters{Blocks: int64(d.uvarint()), Txs: int64(d.uvarint()), Transfers: int64(d.uvarint())}
	c.FirstBlock = d.uvarint()
	c.LastBlock = d.uvarint()
	return c, d.err
}
