//go:build unix

package cluster

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user+system CPU time (benchmarks report
// it beside wall time: on a shared machine, wall time includes waiting
// for a core).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
