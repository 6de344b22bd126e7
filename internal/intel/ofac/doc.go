// Package ofac imports the OFAC SDN list: the SDN Advanced XML
// (sdn_advanced.xml, plain or .bz2) and the per-asset address lists
// (sanctioned_addresses_<ASSET>.txt/.json, format "ofac-list") written by
// the ofac-sanctioned-digital-currency-addresses generator.
//
// Every "Digital Currency Address - <ASSET>" feature of a distinct party
// becomes one intel.Label (category sanctioned) carrying the party's
// primary name, all its aliases (every script), its sanctions programs
// (the SanctionsMeasure entries of type "Program" in the party's
// SanctionsEntry), the list name and the SDN entry id (the party's
// FixedRef). The XML is read as a stream by a targeted byte scanner that
// only looks inside the sections it needs; .bz2 input is decompressed in
// parallel (package pbzip2).
//
// Diff compares two editions and reports added and delisted labels.
package ofac
