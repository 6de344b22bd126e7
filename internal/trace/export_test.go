package trace

// OwnBalance runs the trace of Session.SentFlows from address id and
// returns, per asset, the own amounts that reached endpoints and those
// still held by addresses (for conservation checks).
func OwnBalance(s *Session, id uint32, q Query, labels *Labels) (ends, rest []AssetTotal) {
	if q.MaxHops <= 0 {
		q.MaxHops = DefaultMaxHops
	}
	q.SinceBlock = max(q.SinceBlock, firstOutBlock(s.x, id))
	a := newAcct(s.x, q, labels, []uint32{id})
	a.trackOwn = true
	a.run()
	for _, e := range a.ends {
		ends = addOwn(ends, e.own)
	}
	for _, n := range a.nodes {
		for i := range n.holdings {
			rest = addOwn(rest, n.holdings[i].own)
		}
	}
	return ends, rest
}
