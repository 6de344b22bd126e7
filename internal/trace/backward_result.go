package trace

// result builds the contract result of a finished backward trace:
// endpoints are the labeled sources, resting the value whose source the
// loaded data (or --max-hops) does not show, by the address where the
// explanation stopped.
func (b *back) result(r *resolver) (*Result, error) {
	res := &Result{Endpoints: []Endpoint{}, Resting: []Resting{}}
	res.Stats.TransfersVisited, res.Stats.Truncated = b.work, b.cut
	res.Stats.Addresses = len(b.ds)
	for k, e := range b.ends {
		ep, err := endpointOf(r, k, e)
		if err != nil {
			return nil, err
		}
		if ep.Path, err = b.path(r, e); err != nil {
			return nil, err
		}
		res.Endpoints = append(res.Endpoints, ep)
	}
	for k, v := range b.rest {
		addr, err := r.addr(k.addr)
		if err != nil {
			return nil, err
		}
		asset, err := r.asset(k.asset)
		if err != nil {
			return nil, err
		}
		res.Resting = append(res.Resting, Resting{Address: addr, Asset: asset, Amount: v.String()})
	}
	if b.edges != nil {
		if err := edgesOut(r, b.edges, res); err != nil {
			return nil, err
		}
	}
	sortResult(res)
	return res, nil
}

// path returns the tx hashes from the source to the target, oldest first.
func (b *back) path(r *resolver, e *end) ([]string, error) {
	rows := []uint32{e.via}
	for p := int32(e.parent) - 1; p >= 0 && len(rows) <= b.maxHops+1; p = b.ds[p].parent {
		rows = append(rows, b.ds[p].before)
	}
	return r.txPath(rows)
}
