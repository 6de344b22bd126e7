package cli

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// clusterFlagUsage is the help of trace's and screen's --clusters.
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
