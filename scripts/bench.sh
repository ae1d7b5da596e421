#!/usr/bin/env bash
# `npm run bench`: install if needed, provision the Temporal CLI, compile, then run scripts/bench.ts once.
# Figures go to stdout, setup progress to stderr. Knobs: BENCH_SAMPLES, BENCH_WARMUP, BENCH_CASES,
# BENCH_CONCURRENCY, BENCH_POLL_MS, BENCH_TIMEOUT_S, BENCH_VOTERS, BENCH_BALLOT_BATCH, BENCH_ADMISSION_OPEN_CASES,
# BENCH_ADMISSION_START_CONCURRENCY, BENCH_ADMISSION_MAX_CACHED, BENCH_ADMISSION_ONLY (see scripts/bench.ts).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/ensure-deps.sh
bash scripts/ensure-temporal.sh >/dev/null
# the console figures load the built console in Debian's Chromium
bash scripts/ensure-chromium.sh
bash scripts/build-web.sh >&2

# tsc emits even when another folder has type errors; the bench only needs its own files and what they import.
if ! npx tsc -p tsconfig.build.json; then
  echo "bench: tsc reported type errors (above); running the emitted JavaScript anyway" >&2
fi
[ -f dist/scripts/bench.js ] || { echo "bench: dist/scripts/bench.js was not emitted" >&2; exit 1; }

exec node dist/scripts/bench.js
