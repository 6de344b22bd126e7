package jsonrpc

import (
	"context"
	"encoding/json"
	"fmt"
)

// BatchCall is one call of a batch: Out receives the result and Err the
// call's own error (a node error for this call only).
type BatchCall struct {
	Method string
	Params []any
	Out    any
	Err    error
}

// Batch sends calls in one request. The returned error is a transport or
// protocol failure of the whole batch; per-call failures are in calls[i].Err.
func (c *Client) Batch(ctx context.Context, calls []BatchCall) error {
	if len(calls) == 0 {
		return nil
	}
	reqs := make([]request, len(calls))
	byID := make(map[uint64]int, len(calls))
	for i := range calls {
		p := calls[i].Params
		if p == nil {
			p = []any{}
		}
		reqs[i] = c.newRequest(calls[i].Method, p)
		byID[reqs[i].ID] = i
	}
	what := fmt.Sprintf("batch of %d %s", len(calls), calls[0].Method)
	body, err := c.post(ctx, reqs, what)
	if err != nil {
		return err
	}
	var resps []response
	if err := json.Unmarshal(body, &resps); err != nil {
		return fmt.Errorf("node: %s: malformed response: %v", what, err)
	}
	seen := 0
	for k := range resps {
		i, ok := byID[resps[k].ID]
		if !ok {
			return fmt.Errorf("node: %s: response with unknown id %d", what, resps[k].ID)
		}
		delete(byID, resps[k].ID)
		calls[i].Err = decodeResult(&resps[k], calls[i].Method, calls[i].Out)
		seen++
	}
	if seen != len(calls) {
		return fmt.Errorf("node: %s: %d of %d responses missing", what, len(calls)-seen, len(calls))
	}
	return nil
}
