#!/usr/bin/env bash
# The browser test needs Debian's Chromium; install it when missing. Nothing downloads its own
# browser build (that fails on these machines).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "chromium missing and not root: browser tests will fail" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
command -v chromium
