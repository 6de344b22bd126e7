// Package csvlabels imports labels from CSV and JSON.
//
//   - ReadCSV reads the contract CSV: header chain,address,entity,category,
//     source,confidence with optional actor,tlp,note (any column order).
//     Every problem is an *inputerr.Error naming file and line.
//   - ReadMapped loads other CSV/JSON shapes through a Mapping (the
//     "--map" option: ParseMapping("chain:=eth,address=Address,...")).
//   - ReadFormat loads the named public formats (Formats): the FBI Bybit
//     PSA list, brianleect etherscan-labels (combined JSON and per-label
//     CSVs), dawsbot eth-labels (per chain/label JSON) and Forta's labelled
//     datasets. In these public datasets a record whose category has no
//     vigil category, or whose address fails its EIP-55 checksum (a
//     mis-cased duplicate), is skipped and counted in Stats, not fatal.
//   - WriteCSV writes labels in the contract CSV shape.
package csvlabels
