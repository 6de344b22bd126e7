package cli

import (
	"context"
	"os"
)

// SetServeHooks replaces how serve waits for its stop signal and tells its
// address, for tests; it returns a function restoring the defaults.
func SetServeHooks(ctx func() (context.Context, context.CancelFunc), ready func(string)) func() {
	oldCtx, oldReady := serveContext, serveReady
	serveContext, serveReady = ctx, ready
	return func() { serveContext, serveReady = oldCtx, oldReady }
}

// SetServeReload makes serve reload when c receives (instead of on
// SIGHUP); it returns a function restoring the default.
func SetServeReload(c <-chan os.Signal) func() {
	old := serveReload
	serveReload = func() (<-chan os.Signal, func()) { return c, func() {} }
	return func() { serveReload = old }
}
