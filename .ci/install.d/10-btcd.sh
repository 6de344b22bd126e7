#!/usr/bin/env bash
# btcd (and btcctl) for the Bitcoin node end-to-end tests of `vigil ingest rpc`
# (internal/live/btcrpc, internal/cli/e2e_rpc_btc_test.go): a pinned go install
# into $HOME/go/bin, only when missing or of another version.
set -euo pipefail
version=v0.24.2
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
if [ -x "$HOME/go/bin/btcd" ] && [ -x "$HOME/go/bin/btcctl" ] \
  && "$HOME/go/bin/btcd" --version 2>/dev/null | grep -q "0.24.2"; then
  exit 0
fi
GOFLAGS=-mod=mod go install "github.com/btcsuite/btcd@$version"
GOFLAGS=-mod=mod go install "github.com/btcsuite/btcd/cmd/btcctl@$version"
"$HOME/go/bin/btcd" --version
