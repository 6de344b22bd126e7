package httpfast

import (
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// statusLines holds "HTTP/1.1 200 OK\r\n" for every status with a text.
var statusLines = func() (t [600]string) {
	for code := range t {
		if txt := http.StatusText(code); txt != "" {
			t[code] = "HTTP/1.1 " + strconv.Itoa(code) + " " + txt + "\r\n"
		}
	}
	return t
}()

// statusLine returns the status line of code (100-999).
func statusLine(code int) string {
	if code < len(statusLines) && statusLines[code] != "" {
		return statusLines[code]
	}
	return "HTTP/1.1 " + strconv.Itoa(code) + " status code " + strconv.Itoa(code) + "\r\n"
}

// appendHeader appends the fields of h, sorted by name. Names that are
// not tokens are dropped; CR, LF and NUL in values become spaces (a
// handler cannot split the response).
func appendHeader(out []byte, h http.Header) []byte {
	var arr [16]string
	keys := arr[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !isToken(k) {
			continue
		}
		for _, v := range h[k] {
			out = append(out, k...)
			out = append(out, ':', ' ')
			out = appendValue(out, v)
			out = append(out, '\r', '\n')
		}
	}
	return out
}

func appendValue(out []byte, v string) []byte {
	start := len(out)
	out = append(out, v...)
	for i := start; i < len(out); i++ {
		if c := out[i]; c == '\r' || c == '\n' || c == 0 {
			out[i] = ' '
		}
	}
	return out
}

// dateCache is the Date header value of the current second.
type dateCache struct {
	sec int64
	val string
}

var curDate atomic.Pointer[dateCache]

// httpDate returns now in the format of the Date header, formatted
// once a second.
func httpDate(now time.Time) string {
	if d := curDate.Load(); d != nil && d.sec == now.Unix() {
		return d.val
	}
	d := &dateCache{sec: now.Unix(), val: now.UTC().Format(http.TimeFormat)}
	curDate.Store(d)
	return d.val
}
