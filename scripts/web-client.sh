#!/usr/bin/env bash
# The console's typed API client types (apps/web/src/api/schema.d.ts) are generated from the committed openapi.json
# with openapi-typescript. `--check` regenerates them into a temporary file and fails when the committed file differs,
# so an API change reaches the console's typecheck (tsc -p apps/web/tsconfig.json) in the same commit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target=apps/web/src/api/schema.d.ts
if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp "${TMPDIR:-/tmp}/branchflow-schema.XXXXXX.d.ts")"
  trap 'rm -f "$tmp"' EXIT
  npx openapi-typescript openapi.json -o "$tmp" --silent >/dev/null
  if ! diff -q "$tmp" "$target" >/dev/null; then
    echo "web-client: $target is stale; run: bash scripts/web-client.sh" >&2
    diff -u "$target" "$tmp" | head -40 >&2 || true
    exit 1
  fi
  echo "web-client: $target is up to date"
else
  npx openapi-typescript openapi.json -o "$target" --silent >/dev/null
  echo "web-client: wrote $target"
fi
