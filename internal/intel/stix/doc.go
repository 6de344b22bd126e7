// Package stix reads and writes STIX 2.1 bundles of crypto-address
// intelligence.
//
// Import takes indicators whose pattern compares a cryptocurrency address
// ([cryptocurrency-wallet:value = '...'], [x-crypto-address:address =
// '...'], any object type naming a crypto wallet or address), and
// observed-data whose objects (inline, STIX 2.0 style) or object_refs are
// such wallets. Actor names come from "indicates"/"attributed-to"
// relationships to threat-actor, intrusion-set or identity objects. TLP
// comes from object_marking_refs (TLP 2.0 and TLP 1.0 official ids).
//
// Export writes one indicator per label with deterministic ids (UUIDv5 of
// the label's content), vigil's fields as x_vigil_* properties (so a
// bundle round-trips losslessly), threat-actor objects with "indicates"
// relationships, and the official TLP 2.0 marking-definition objects.
package stix
