#!/usr/bin/env bash
# Runs `npm ci` when node_modules is missing or older than package-lock.json (npm ci rewrites
# node_modules/.package-lock.json, so its mtime marks the last install). Never edits the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "ensure-deps: node_modules missing or stale; running npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi
