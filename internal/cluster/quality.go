package cluster

// Score is the pairwise co-membership quality of a clustering against a
// ground truth: of the address pairs the clustering puts together, the
// share that one entity owns (precision), and of the pairs one entity
// owns, the share the clustering puts together (recall).
type Score struct {
	Addresses     int     `json:"addresses"`
	PredPairs     int64   `json:"pred_pairs"`
	TruePairs     int64   `json:"true_pairs"`
	CorrectPairs  int64   `json:"correct_pairs"`
	Precision     float64 `json:"precision"`
	Recall        float64 `json:"recall"`
	ClustersOver1 int     `json:"clusters_over_1"`
}

// PairScore scores cs over the address IDs 1..cs.Len()-1; owner returns
// the true entity of an ID ("" when unknown: the address is its own
// entity).
func PairScore(cs *Clusters, owner func(id uint32) string) Score {
	type cell struct {
		root   uint32
		entity string
	}
	cells := map[cell]int64{}
	ents := map[string]int64{}
	var s Score
	for id := uint32(1); int(id) < cs.Len(); id++ {
		e := owner(id)
		if e == "" {
			continue // its own entity: no true pair, and its predicted pairs are counted below
		}
		s.Addresses++
		cells[cell{cs.Of(id), e}]++
		ents[e]++
	}
	for r := uint32(1); int(r) < cs.Len(); r++ {
		if cs.Of(r) == r {
			n := int64(cs.Size(r))
			s.PredPairs += n * (n - 1) / 2
			if n > 1 {
				s.ClustersOver1++
			}
		}
	}
	for _, n := range cells {
		s.CorrectPairs += n * (n - 1) / 2
	}
	for _, n := range ents {
		s.TruePairs += n * (n - 1) / 2
	}
	s.Precision, s.Recall = ratio(s.CorrectPairs, s.PredPairs), ratio(s.CorrectPairs, s.TruePairs)
	return s
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
