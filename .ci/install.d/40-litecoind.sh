#!/usr/bin/env bash
# litecoind (Litecoin Core 0.21, Debian's package) for the end-to-end tests of
# `vigil ingest rpc --chain ltc` (internal/live/ltctest, internal/live/btcrpc,
# internal/cli/e2e_rpc_ltc_test.go). Installs it only when it is missing;
# runs apt-get update only when the install fails without it.
set -euo pipefail
if command -v litecoind >/dev/null 2>&1 && command -v litecoin-cli >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq litecoind >/dev/null; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq litecoind >/dev/null
fi
litecoind -version | head -1
