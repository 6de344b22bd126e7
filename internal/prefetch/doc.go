// Package prefetch asks the processor to start loading a cache line that
// will be read soon, without waiting for it: a hash-table probe issued a
// few hundred nanoseconds before the lookup finds its slot in cache. On
// processors without an instruction for it here, Line does nothing.
package prefetch
