#!/usr/bin/env bash
# The browser test runs axe-core (npm) inside each page: install that one package, pinned, into
# tests/.axe/ when missing. It is injected from disk as a script: no CDN, nothing at test time.
set -euo pipefail
AXE_VERSION=4.10.3
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/.axe"
if [ -f "$target/node_modules/axe-core/axe.min.js" ] &&
   grep -q "\"version\": \"$AXE_VERSION\"" "$target/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "npm missing and not root: the axe check will fail" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq npm >/dev/null
fi
mkdir -p "$target"
npm install --prefix "$target" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
