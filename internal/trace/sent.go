package trace

// SentFlows is Flows forward from the address with ID id, with each
// flow's Own filled on account chains under the haircut policy: what the
// taint arriving at the endpoint accounts for of the address's own sent
// value, per asset it sent, converted back through every swap on the way
// (see own.go and docs/tracing.md, "Own amounts"). Own is then non-nil
// (empty when rounding left nothing); on UTXO chains and under other
// policies it is nil, as from Flows. It is safe to call from several
// goroutines.
func (s *Session) SentFlows(id uint32, q Query, labels *Labels) ([]Flow, error) {
	q.Backward = false
	if s.x == nil || q.Policy != Haircut {
		return s.Flows(id, q, labels)
	}
	if q.MaxHops <= 0 {
		q.MaxHops = DefaultMaxHops
	}
	if labels == nil {
		labels = NewLabels(nil)
	}
	q.SinceBlock = max(q.SinceBlock, firstOutBlock(s.x, id))
	a := newAcct(s.x, q, labels, []uint32{id})
	a.trackOwn = true
	a.run()
	return a.flows(), nil
}

// flows lists the endpoints of a forward trace with their own amounts.
func (a *acct) flows() []Flow {
	out := acctFlows(a.ends)
	for i := range out {
		f := &out[i]
		if f.Own = a.ends[endKey{f.Addr, f.Asset}].own; f.Own == nil {
			f.Own = []AssetTotal{}
		}
	}
	return out
}
