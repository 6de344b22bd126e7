package trace

import (
	"errors"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// traceUTXO traces a UTXO chain (being written: see docs/tracing.md).
func traceUTXO(st *store.Store, q Query, labels *intel.Index) (*Result, error) {
	return nil, errors.New("trace: UTXO chains are not traced yet")
}
