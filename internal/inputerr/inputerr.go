// Package inputerr is the one error type for bad input: a file (or other
// source name), the line or record where the problem is, and why. The CLI
// maps it to exit status 2 and prints it as "vigil: <file>:<line>: <why>".
package inputerr

import (
	"errors"
	"fmt"
)

// Error is bad input at a place in a file.
type Error struct {
	File string // path or source name
	Line int    // 1-based line (or record) number; 0 when unknown
	Err  error  // why
}

// Error formats as "<file>:<line>: <why>" (":<line>" omitted when unknown).
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an *Error with a formatted reason.
func New(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Wrap returns an *Error for err at file:line.
func Wrap(file string, line int, err error) *Error {
	return &Error{File: file, Line: line, Err: err}
}

// Is reports whether err is (or wraps) bad input.
func Is(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Usage is bad usage (unknown flag, unknown chain, missing argument): exit 2
// without a file place.
type Usage struct{ Err error }

// Error returns the reason.
func (u *Usage) Error() string { return u.Err.Error() }

// Unwrap returns the cause.
func (u *Usage) Unwrap() error { return u.Err }

// Usagef returns a *Usage error.
func Usagef(format string, args ...any) *Usage { return &Usage{Err: fmt.Errorf(format, args...)} }

// IsUsage reports whether err is bad usage.
func IsUsage(err error) bool {
	var u *Usage
	return errors.As(err, &u)
}
