#!/usr/bin/env bash
# `npm run soak:workflow` (issue 8 §0): the workflow tier N times in a row (SOAK_RUNS, default 10) with CPU-heavy
# processes beside it (SOAK_LOAD busy loops, default 1), each spec file in its own jest process as `npm test` runs it.
# Prints one line per run and ends with `soak: G of N runs green`; exits non-zero when a run had a failure. The point
# is the one a single run cannot show: a test that depends on timing fails here within a few runs.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DATABASE_TEST_URL="${DATABASE_TEST_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules"
runs="${SOAK_RUNS:-10}"
load="${SOAK_LOAD:-1}"

bash scripts/ensure-temporal.sh || exit 1

hogs=()
for _ in $(seq 1 "$load"); do
  node -e 'for (;;) {}' &
  hogs+=("$!")
done
trap 'kill "${hogs[@]}" 2>/dev/null' EXIT

green=0
for run in $(seq 1 "$runs"); do
  started=$SECONDS
  failures=()
  for spec in test/workflow/*.spec.ts; do
    if ! timeout --signal=TERM --kill-after=30 900 npx jest "$spec" --selectProjects workflow --runInBand --forceExit \
      >"${TMPDIR:-/tmp}/soak-$run-$(basename "$spec" .spec.ts).log" 2>&1; then
      failures+=("$(basename "$spec" .spec.ts)")
    fi
  done
  if [ "${#failures[@]}" -eq 0 ]; then
    green=$((green + 1))
    echo "soak run $run: green ($((SECONDS - started)) s, $load busy loop(s) beside it)"
  else
    echo "soak run $run: FAILED in ${failures[*]} ($((SECONDS - started)) s; logs ${TMPDIR:-/tmp}/soak-$run-*.log)"
  fi
done
echo "soak: $green of $runs runs green"
[ "$green" -eq "$runs" ]
