package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Options configures a Client. Zero values mean the defaults.
type Options struct {
	// Timeout bounds one HTTP exchange (default 60 s).
	Timeout time.Duration
	// Retries is how many times a transport failure or an HTTP 5xx/429 is
	// retried (default 5; negative: none). RPC errors are never retried.
	Retries int
	// Backoff is the first retry delay, doubled each time up to 10 s
	// (default 200 ms).
	Backoff time.Duration
	// MaxResponse bounds a response body in bytes (default 256 MiB).
	MaxResponse int64
	// Version is "1.0" (Bitcoin Core style) or "2.0" (default, Ethereum).
	Version string
	// HTTP is the client to use (default: one with Timeout).
	HTTP *http.Client
}

// Client calls one node. It is safe for concurrent use.
type Client struct {
	url        string // without user info
	user, pass string
	hasAuth    bool
	opts       Options
	http       *http.Client
	id         atomic.Uint64
}

// New returns a client for rawURL. User info in the URL
// (http://user:pass@host:port) becomes basic auth and is never printed.
func New(rawURL string, o Options) (*Client, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("node URL %q: want http(s)://[user:pass@]host:port", Redact(rawURL))
	}
	c := &Client{opts: o}
	if u.User != nil {
		c.user = u.User.Username()
		c.pass, _ = u.User.Password()
		c.hasAuth = true
		u.User = nil
	}
	c.url = u.String()
	if c.opts.Timeout <= 0 {
		c.opts.Timeout = 60 * time.Second
	}
	if c.opts.Retries == 0 {
		c.opts.Retries = 5
	}
	if c.opts.Backoff <= 0 {
		c.opts.Backoff = 200 * time.Millisecond
	}
	if c.opts.MaxResponse <= 0 {
		c.opts.MaxResponse = 256 << 20
	}
	if c.opts.Version == "" {
		c.opts.Version = "2.0"
	}
	c.http = c.opts.HTTP
	if c.http == nil {
		c.http = &http.Client{Timeout: c.opts.Timeout}
	}
	return c, nil
}

// SetAuth sets basic-auth credentials (e.g. read from a cookie file).
func (c *Client) SetAuth(user, pass string) { c.user, c.pass, c.hasAuth = user, pass, true }

// URL returns the node URL without credentials.
func (c *Client) URL() string { return c.url }

// Redact removes the password from a URL for messages.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	u.User = url.User(u.User.Username())
	return u.String()
}

// Error is an error object returned by the node.
type Error struct {
	Method  string
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// Error describes the failed call: method, message and code.
func (e *Error) Error() string {
	return fmt.Sprintf("node: %s: %s (code %d)", e.Method, e.Message, e.Code)
}

// IsCode reports whether err is a node error with the given code.
func IsCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

type request struct {
	JSONRPC string `json:"jsonrpc,omitempty"`
	ID      uint64 `json:"id"`
	Method  string `json:"method"`
	Params  []any  `json:"params"`
}

type response struct {
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
}

// Call invokes method with params and decodes the result into out (which
// may be nil to discard it).
func (c *Client) Call(ctx context.Context, out any, method string, params ...any) error {
	if params == nil {
		params = []any{}
	}
	req := c.newRequest(method, params)
	body, err := c.post(ctx, req, method)
	if err != nil {
		return err
	}
	var resp response
	if err := json.Unmarshal(body, &resp); err != nil {
		return fmt.Errorf("node: %s: malformed response: %v", method, err)
	}
	return decodeResult(&resp, method, out)
}

func (c *Client) newRequest(method string, params []any) request {
	// btcd answers a request without "jsonrpc" with an empty body; Bitcoin
	// Core takes "1.0" as its legacy protocol.
	r := request{ID: c.id.Add(1), Method: method, Params: params, JSONRPC: c.opts.Version}
	return r
}

func decodeResult(resp *response, method string, out any) error {
	if resp.Error != nil {
		resp.Error.Method = method
		return resp.Error
	}
	if out == nil {
		return nil
	}
	if len(resp.Result) == 0 {
		return fmt.Errorf("node: %s: response has no result", method)
	}
	if err := json.Unmarshal(resp.Result, out); err != nil {
		return fmt.Errorf("node: %s: malformed result: %v", method, err)
	}
	return nil
}

// post sends payload, retrying transport failures, and returns the body.
func (c *Client) post(ctx context.Context, payload any, what string) ([]byte, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("node: %s: encode request: %v", what, err)
	}
	delay := c.opts.Backoff
	for attempt := 0; ; attempt++ {
		body, retry, err := c.once(ctx, data, what)
		if err == nil || !retry || attempt >= c.opts.Retries {
			return body, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 10*time.Second)
	}
}

// once makes one HTTP exchange; retry says whether a failure is worth
// another attempt.
func (c *Client) once(ctx context.Context, data []byte, what string) (body []byte, retry bool, err error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(data))
	if err != nil {
		return nil, false, fmt.Errorf("node: %s: %v", what, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	if c.hasAuth {
		hreq.SetBasicAuth(c.user, c.pass)
	}
	resp, err := c.http.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, true, fmt.Errorf("node %s: %s: %v", c.url, what, scrub(err, c.pass))
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxResponse+1))
	if err != nil {
		return nil, true, fmt.Errorf("node %s: %s: reading response: %v", c.url, what, err)
	}
	if int64(len(body)) > c.opts.MaxResponse {
		return nil, false, fmt.Errorf("node %s: %s: response larger than %d bytes", c.url, what, c.opts.MaxResponse)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, false, fmt.Errorf("node %s: %s: HTTP %d: check the RPC user and password", c.url, what, resp.StatusCode)
	case resp.StatusCode >= 500 && len(body) > 0 && body[0] == '{':
		// Bitcoin Core answers RPC errors with HTTP 500 and a JSON body.
		return body, false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return nil, true, fmt.Errorf("node %s: %s: HTTP %d", c.url, what, resp.StatusCode)
	case resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound:
		return nil, false, fmt.Errorf("node %s: %s: HTTP %d", c.url, what, resp.StatusCode)
	case resp.StatusCode == http.StatusNotFound && (len(body) == 0 || body[0] != '{'):
		return nil, false, fmt.Errorf("node %s: %s: HTTP 404 (is this a JSON-RPC endpoint?)", c.url, what)
	}
	return body, false, nil
}

// scrub removes a password from an error text.
func scrub(err error, pass string) string {
	s := err.Error()
	if pass != "" {
		s = strings.ReplaceAll(s, pass, "***")
	}
	return s
}
