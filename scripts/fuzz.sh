#!/usr/bin/env bash
# `npm run fuzz`: schemathesis against the API from openapi.json with the demo tokens (scripts/fuzz.ts says what is
# checked). Full run: >= 10,000 requests over every operation. `--short` (a step of `npm test`): a few examples per
# operation, a couple of minutes. FUZZ_SKIP_BUILD=1 when dist/ is already built (npm test builds before).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/ensure-temporal.sh >/dev/null
export SCHEMATHESIS_PATH="${SCHEMATHESIS_PATH:-$(bash scripts/ensure-schemathesis.sh)}"

if [ "${1:-}" = "--short" ]; then
  export FUZZ_MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-4}"
  export FUZZ_MIN_REQUESTS="${FUZZ_MIN_REQUESTS:-1000}"
  export FUZZ_USERS="${FUZZ_USERS:-u-admin}"
  export FUZZ_REPORT_DIR="${FUZZ_REPORT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/branchflow-fuzz.XXXXXX")}"
fi

if [ "${FUZZ_SKIP_BUILD:-}" != "1" ]; then
  npx tsc -p tsconfig.build.json
fi
exec node dist/scripts/fuzz.js
