//go:build !unix

package main

// reexecNoAsyncPreempt does nothing where exec is not available.
func reexecNoAsyncPreempt() {}
