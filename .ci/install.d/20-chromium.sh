#!/usr/bin/env bash
# Chromium for the browser tests of the web interface (internal/cli/web_*_test.go,
# driven with chromedp). Installs Debian's package only when it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
chromium --version
