// Package namescreen screens person and organisation names against the
// sanctioned and listed entities of the label store (entity names, actors
// and aliases) and the sanctions names table (every SDN party).
//
// A name is normalized (Unicode folding, Hangul transliteration, legal-form
// noise words dropped), split into tokens, and scored against candidate
// aliases found through a blocking index: the best one-to-one assignment of
// tokens by Jaro-Winkler similarity (Korean romanization variants count as
// equal), weighted by token length. docs/screening.md has the exact
// algorithm, tables and measured quality.
package namescreen
