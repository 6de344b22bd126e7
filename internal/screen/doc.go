// Package screen is address screening (KYT): the risk of an address from
// its own labels (direct exposure) and from the share of its received and
// sent value that comes from or goes to risky entities within a few hops
// (indirect exposure, computed with the tracing engine), graded by an
// ordered rules file. See docs/screening.md.
package screen
