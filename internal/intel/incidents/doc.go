// Package incidents is the curated registry of known thefts (heists): what
// was stolen, when, from whom, by whom, on which chains, and the seed
// addresses to trace from. Every fact carries its sources; a fact that no
// source supports is "unknown" rather than guessed. The registry ships
// embedded (registry.yaml); Load reads other files of the same shape.
package incidents
