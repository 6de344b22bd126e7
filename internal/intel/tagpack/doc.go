// Package tagpack imports GraphSense TagPacks (YAML): header fields are
// inherited by every tag unless the tag overrides them; the GraphSense
// confidence names map to their levels (intel.ConfidenceLevels); currency
// (or network) maps to a vigil chain; the GraphSense category / abuse
// taxonomy maps to a vigil category with the original term kept in
// Label.SourceCategory; actor ids resolve to names through an ActorPack.
//
// Tags for currencies vigil has no chain for are skipped and counted per
// pack (Stats). Bad YAML, unknown confidence names, and addresses that fail
// their chain's checks (e.g. an EIP-55 checksum) are *inputerr.Error with
// the file and line of the tag.
package tagpack
