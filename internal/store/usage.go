package store

// NamespaceUsage is the estimated on-disk size of one key namespace.
type NamespaceUsage struct {
	Name  string
	Bytes uint64
}

var namespaceNames = []struct {
	ns   byte
	name string
}{
	{nsBlock, "blocks"}, {nsTxHash, "txindex"}, {nsDictMark, "dictmarks"},
	{nsAddr, "addrdict"}, {nsAddrLog, "addrlog"}, {nsToken, "tokendict"},
}

// Usage returns the on-disk bytes by namespace (after Compact for accurate
// figures) and "total" for all sstables.
func (s *Store) Usage() []NamespaceUsage {
	var out []NamespaceUsage
	for _, n := range namespaceNames {
		u, _ := s.db.EstimateDiskUsage([]byte{n.ns}, []byte{n.ns + 1})
		out = append(out, NamespaceUsage{n.name, u})
	}
	total, _ := s.db.EstimateDiskUsage([]byte{0}, []byte{0xff})
	return append(out, NamespaceUsage{"total", total})
}
