// Package cli is vigil's command line: one file per subcommand, each a thin
// shell over library calls. Main returns the process exit status: 0 success,
// 1 runtime failure, 2 bad usage or bad input (see CONTRACT.md). Errors are
// printed to stderr as one line "vigil: <what>: <why>"; with --json, stdout
// carries exactly one JSON document.
package cli
