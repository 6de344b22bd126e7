package ethetl

// keyedPart is a part of transactions.csv, receipts.csv or traces.csv:
// parsed on its own goroutine with part-local keys (partKeys), then
// merged in file order.
type keyedPart interface {
	parse()
	partErr() error
	partKeys() *partKeys
}

func (w *txPart) partErr() error      { return w.err }
func (w *txPart) partKeys() *partKeys { return w.keys }
func (w *trPart) partErr() error      { return w.err }
func (w *trPart) partKeys() *partKeys { return w.keys }
func (w *rcPart) partErr() error      { return w.err }
func (w *rcPart) partKeys() *partKeys { return w.keys }

// parseKeyedParts makes a part of each piece of s with mk (given its
// estimated rows), parses them on all cores and, while no earlier part
// failed (those parts will be merged), resolves each part's keys against
// the earlier parts' and calls also (when not nil) for the rest of what
// needs them. It reports false when some part may have been cut inside a
// quoted field: the file is then to be parsed sequentially.
func parseKeyedParts[P keyedPart](s *split, mk func(t *table, est int) P, also func(w P, earlier []P)) ([]P, []*partKeys, bool) {
	parts := make([]P, len(s.parts))
	for i, pt := range s.parts {
		parts[i] = mk(pt, s.rowsIn(i))
	}
	s.run(func(i int) { parts[i].parse() })
	if !s.trusted(firstErr(parts, P.partErr)) {
		return nil, nil, false
	}
	keys := make([]*partKeys, len(parts))
	clean := true // parts before i have no error: i will be merged
	for i, w := range parts {
		keys[i] = w.partKeys()
		if i > 0 && clean {
			keys[i].resolve(keys[:i])
			if also != nil {
				also(w, parts[:i])
			}
		}
		clean = clean && w.partErr() == nil
	}
	return parts, keys, true
}

// keyedParallel parses t's file (transactions.csv, receipts.csv or
// traces.csv) in parts on all cores: prepare builds the indexes of earlier
// files the parts read, mk and also are parseKeyedParts', and merge joins
// the parts in file order. It returns false when the file is to be parsed
// sequentially (t is then untouched): small, compressed, or maybe cut
// inside a quoted field.
func keyedParallel[P keyedPart](p *parser, t *table, prepare func(), mk func(t *table, est int) P,
	also func(w P, earlier []P), merge func(s *split, parts []P, keys []*partKeys) error) (bool, error) {
	s, err := splitFileQuoted(t.path, t.cols, p.opts.Progress)
	if s == nil || err != nil {
		return false, err
	}
	defer s.close()
	prepare()
	parts, keys, ok := parseKeyedParts(s, mk, also)
	if !ok {
		return false, nil
	}
	return true, merge(s, parts, keys)
}
