package cli

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// clusterFlagUsage is the help of --clusters (trace, screen, report).
const clusterFlagUsage = "let addresses inherit the labels of their cluster when a cluster build exists (vigil cluster build)"

// labelIndex loads the store's labels and, when clusters is set and chain
// ch has a cluster build, adds the labels its clusters' members inherit.
func labelIndex(s *store.Store, ch chain.Info, clusters bool) (*intel.Index, error) {
	x, err := s.LabelIndex()
	if err != nil || !clusters {
		return x, err
	}
	return cluster.ExtendIndex(s, x, ch)
}

// chainLabels gives the label index of each chain as labelIndex makes it,
// loading the store's labels once and each chain's cluster labels the
// first time that chain is asked for (a report may trace several chains).
type chainLabels struct {
	s        *store.Store
	clusters bool
	base     *intel.Index
	byChain  map[string]*intel.Index
}

// newChainLabels loads the store's own labels.
func newChainLabels(s *store.Store, clusters bool) (*chainLabels, error) {
	x, err := s.LabelIndex()
	if err != nil {
		return nil, err
	}
	return &chainLabels{s: s, clusters: clusters, base: x, byChain: map[string]*intel.Index{}}, nil
}

// index returns the labels for chain ch (not safe for concurrent use).
func (c *chainLabels) index(ch chain.Info) (*intel.Index, error) {
	if !c.clusters {
		return c.base, nil
	}
	if x, ok := c.byChain[ch.Name]; ok {
		return x, nil
	}
	x, err := cluster.ExtendIndex(c.s, c.base, ch)
	if err == nil {
		c.byChain[ch.Name] = x
	}
	return x, err
}
