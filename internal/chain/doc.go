// Package chain holds vigil's core vocabulary: chains, assets, amounts and
// address codecs. It depends on the standard library only, and every other
// package speaks in its types.
//
// Amounts are unsigned 256-bit integers (U256) because ERC-20 values and wei
// sums exceed 64 bits; sums of many amounts use Sum, which cannot overflow for
// fewer than 2^64 additions. Nothing here uses floating point.
package chain
