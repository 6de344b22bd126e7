// Command vigil follows stolen and sanctioned crypto money. See README.md
// and CONTRACT.md; the commands live in internal/cli.
package main

import (
	"os"

	"github.com/vigil-project/vigil/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], nil)) }
