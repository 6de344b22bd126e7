// Package lint holds tests that check the repository's own rules: layering
// (only internal/store imports Pebble), documentation of packages and
// exported names, and no go-ethereum import (LGPL).
package lint
