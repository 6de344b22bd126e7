package cli

import "context"

// SetServeHooks replaces how serve waits for its stop signal and tells its
// address, for tests; it returns a function restoring the defaults.
func SetServeHooks(ctx func() (context.Context, context.CancelFunc), ready func(string)) func() {
	oldCtx, oldReady := serveContext, serveReady
	serveContext, serveReady = ctx, ready
	return func() { serveContext, serveReady = oldCtx, oldReady }
}
