#!/usr/bin/env bash
# Builds and runs the vigil-vs-watchman name-screening comparison.
# WATCHMAN_SRC: a checkout of github.com/moov-io/watchman (the Go module proxy
# answers 403 for it, so it cannot be a plain module requirement). Its Go
# dependencies come from the module proxy as usual.
# Usage: WATCHMAN_SRC=/path/to/watchman ./run.sh [-every N] [-sdn FILE]
set -euo pipefail
cd "$(dirname "$0")"
: "${WATCHMAN_SRC:?set WATCHMAN_SRC to a moov-io/watchman checkout}"
rm -rf third_party/watchman && mkdir -p third_party
cp -r "$WATCHMAN_SRC" third_party/watchman
rm -rf third_party/watchman/.git
go mod tidy -e  # -e: test-only dependencies of watchman are not all on the proxy
go run . "$@"
