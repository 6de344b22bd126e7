#!/usr/bin/env bash
# h2load (Debian's nghttp2-client), the event-driven C load generator of the
# opt-in server load test (VIGIL_H2LOAD=N go test ./internal/cli -run
# TestServeH2Load; docs/server.md). Installs the package only when h2load is
# missing.
set -euo pipefail
if command -v h2load >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq nghttp2-client >/dev/null
h2load --version
