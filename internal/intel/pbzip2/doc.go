// Package pbzip2 decompresses a bzip2 stream on all CPUs.
//
// bzip2 blocks are independent but bit-aligned. The stream is searched for
// the 48-bit block magic 0x314159265359 and the end-of-stream magic
// 0x177245385090 at every bit offset; each block is re-wrapped as a
// standalone one-block stream (header, the block's bits, end-of-stream
// magic, stream CRC = the block's CRC) and decoded with compress/bzip2,
// which verifies the block CRC. Before any output, the combined stream CRC
// computed from the block CRCs must equal the stored one; this rejects a
// magic pattern that occurred by chance inside compressed data. On any
// doubt (no single stream, CRC mismatch, a block that fails to decode) the
// reader falls back to plain sequential compress/bzip2, skipping what it
// already delivered, so the output is always exactly what compress/bzip2
// would produce.
package pbzip2
