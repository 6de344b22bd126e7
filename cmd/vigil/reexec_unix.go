//go:build unix

package main

import (
	"os"
	"strings"
	"syscall"
)

// reexecNoAsyncPreempt restarts the process in place with Go's
// signal-based goroutine preemption off (GODEBUG=asyncpreemptoff=1),
// unless GODEBUG already says. An ingest keeps both cores in long parse
// loops over a heap of gigabytes: at every collection the runtime, to
// scan a running goroutine's stack, signals it again and again until it
// stops (108,000 signals in one 2M-transfer ingest), and on this
// project's virtual machine those signals took a third of the ingest's
// CPU (docs/performance.md). Without them goroutines stop at their next
// function call, which the parse loops make every row. On any error it
// returns and the ingest runs as it is.
func reexecNoAsyncPreempt() {
	godebug := os.Getenv("GODEBUG")
	if strings.Contains(godebug, "asyncpreemptoff") {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if godebug != "" {
		godebug += ","
	}
	env := append(os.Environ(), "GODEBUG="+godebug+"asyncpreemptoff=1")
	_ = syscall.Exec(exe, os.Args, env)
}
