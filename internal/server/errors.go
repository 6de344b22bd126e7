package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// Class is the kind of an API error; each class has one HTTP status.
type Class uint8

// The error classes. statusOf maps them to HTTP statuses.
const (
	ClassInternal       Class = iota // a bug or a failing store: 500
	ClassBadRequest                  // bad parameter, address, chain or JSON: 400
	ClassUnauthorized                // missing or wrong API key: 401
	ClassNotFound                    // no such route or resource: 404
	ClassMethod                      // route exists, method does not: 405
	ClassTooLarge                    // request body over the limit: 413
	ClassNotImplemented              // the backend of this route is not built in: 501
	ClassUnavailable                 // the store is busy (held by an ingest): 503
)

// statusOf is the one table from error class to HTTP status.
var statusOf = map[Class]int{
	ClassInternal:       http.StatusInternalServerError,
	ClassBadRequest:     http.StatusBadRequest,
	ClassUnauthorized:   http.StatusUnauthorized,
	ClassNotFound:       http.StatusNotFound,
	ClassMethod:         http.StatusMethodNotAllowed,
	ClassTooLarge:       http.StatusRequestEntityTooLarge,
	ClassNotImplemented: http.StatusNotImplemented,
	ClassUnavailable:    http.StatusServiceUnavailable,
}

// Stable error codes of the JSON error body.
const (
	CodeInternal       = "internal"
	CodeBadParameter   = "bad_parameter"
	CodeMissing        = "missing_parameter"
	CodeBadAddress     = "bad_address"
	CodeUnknownChain   = "unknown_chain"
	CodeBadJSON        = "bad_json"
	CodeBatchTooLarge  = "batch_too_large"
	CodeBodyTooLarge   = "body_too_large"
	CodeUnauthorized   = "unauthorized"
	CodeNotFound       = "not_found"
	CodeMethod         = "method_not_allowed"
	CodeNotImplemented = "not_implemented"
	CodeStoreBusy      = "store_busy"
	CodeBadRequest     = "bad_request"
)

// Error is an API error: its class decides the status, Code is stable
// for clients, Item names the offending input (address, parameter).
type Error struct {
	Class   Class
	Code    string
	Message string
	Item    string
	allow   string // the Allow header of a 405
}

// Error returns "code: message (item)".
func (e *Error) Error() string {
	if e.Item != "" {
		return e.Code + ": " + e.Message + " (" + e.Item + ")"
	}
	return e.Code + ": " + e.Message
}

// Errorf returns an *Error of class c with code and item.
func Errorf(c Class, code, item, format string, a ...any) *Error {
	return &Error{Class: c, Code: code, Item: item, Message: fmt.Sprintf(format, a...)}
}

// ErrStoreBusy is what backends return (wrapped) when the store is held
// by another process; it maps to 503 store_busy.
var ErrStoreBusy = errors.New("store is in use by another vigil process (an ingest?); retry later")

// errorBody is the JSON of an error response.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Item    string `json:"item,omitempty"`
}

// toAPIError classes any error: *Error as is, bad usage from the engines
// as 400, a busy store as 503, everything else as 500 (its message is not
// shown to the client; it is logged).
func toAPIError(err error) *Error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, ErrStoreBusy):
		return &Error{Class: ClassUnavailable, Code: CodeStoreBusy, Message: ErrStoreBusy.Error()}
	case inputerr.IsUsage(err) || inputerr.Is(err):
		return &Error{Class: ClassBadRequest, Code: CodeBadRequest, Message: err.Error()}
	}
	return &Error{Class: ClassInternal, Code: CodeInternal, Message: "internal error (logged by the server)"}
}

// status returns the HTTP status of e.
func (e *Error) status() int {
	if s, ok := statusOf[e.Class]; ok {
		return s
	}
	return http.StatusInternalServerError
}
