package sim

// appendEvents appends pointers to evs to due.
func appendEvents(due []*event, evs []event) []*event {
	for i := range evs {
		due = append(due, &evs[i])
	}
	return due
}

// truth fills tr's answer from the heist's written moves: without
// commingling, the ledger's no-policy truth (verify); with it, the
// reference replay's answer per policy, haircut's at the top level.
func (h *heist) truth(tr *Truth, c Config, moves []rmove, p *Patterns) error {
	if !c.Commingle {
		return h.verify(tr)
	}
	if err := h.policyTruth(tr, moves); err != nil {
		return err
	}
	p.Resting = len(tr.Resting)
	return nil
}
