// Package intel is vigil's label model: what is known about an address
// (entity, category, actor, sanctions data) together with where that
// knowledge came from (source, importer, time), how much to trust it
// (confidence 0–100 with the GraphSense TagPack level names) and how far it
// may be shared (TLP 2.0).
//
// The importers live in subpackages (ofac, tagpack, csvlabels, stix) and all
// return []Label; incidents holds the curated heist registry. Label is a
// plain value with JSON and YAML tags so a store can serialize it as is.
// Index answers "which labels does (chain, address) have" without
// allocating, for screening and tracing hot paths.
package intel
