// Package ingest loads chain data into the store: it runs a source parser
// (ethetl, btcetl) with the store's dictionaries, then commits the parsed
// blocks. Parsing finishes before anything is written, so bad input leaves
// the store unchanged; the commit itself is atomic per batch of whole blocks
// (see package store). Progress goes to the writer given in Options.
package ingest
