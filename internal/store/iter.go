package store

import "github.com/cockroachdb/pebble/v2"

func iterRange(prefix []byte) *pebble.IterOptions {
	return &pebble.IterOptions{LowerBound: prefix, UpperBound: prefixEnd(prefix)}
}
