// Command vigil follows stolen and sanctioned crypto money. See README.md
// and CONTRACT.md; the commands live in internal/cli.
package main

import (
	"os"

	"github.com/vigil-project/vigil/internal/cli"
)

func main() {
	if cli.Command(os.Args[1:]) == "ingest" {
		reexecNoAsyncPreempt() // returns only when it did not restart
	}
	os.Exit(cli.Main(os.Args[1:], nil))
}
