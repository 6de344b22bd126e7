package watch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/vigil-project/vigil/internal/store"
)

// post sends body to w's webhook, signed when w has a secret; only a 2xx
// answer counts as delivered.
func post(ctx context.Context, c *http.Client, w store.Watch, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.Webhook, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %s: %v", Redact(w.Webhook), err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "vigil-watch")
	if w.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(w.Secret, body))
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("webhook %s: %v", Redact(w.Webhook), unwrapURL(err))
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s: HTTP %s", Redact(w.Webhook), resp.Status)
	}
	return nil
}

// unwrapURL drops the *url.Error wrapper, which repeats the full URL
// (with any user:password in it).
func unwrapURL(err error) error {
	if u, ok := err.(interface{ Unwrap() error }); ok {
		if inner := u.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// appendLine appends body and a newline to the file at path and syncs it.
func appendLine(path string, body []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("alert log: %w", err)
	}
	_, err = f.Write(append(body[:len(body):len(body)], '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("alert log %s: %w", path, err)
	}
	return nil
}
