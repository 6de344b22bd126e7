#!/usr/bin/env bash
# Installs geth (go-ethereum), the node the Ethereum end-to-end tests
# (internal/live/ethrpc, internal/cli e2e_rpc_eth) start in --dev mode.
# Pinned; a long compile the first time, instant when geth is present.
set -euo pipefail
GETH_VERSION=v1.17.10
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
if command -v geth >/dev/null 2>&1; then
  echo "geth present: $(geth version 2>/dev/null | grep -m1 '^Version' || echo unknown version)"
  exit 0
fi
echo "installing geth $GETH_VERSION with go install (takes several minutes)"
go install "github.com/ethereum/go-ethereum/cmd/geth@${GETH_VERSION}"
geth version | grep -m1 '^Version'
