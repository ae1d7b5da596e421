#!/usr/bin/env bash
# `npm test`: install if needed, provision Temporal binaries, typecheck, lint, OpenAPI drift check, then the three
# jest tiers. Ends with one plain line `N passed, N failed` (jest tests plus any failed check step) and exits
# non-zero if anything failed. Every step runs even after an earlier failure, so one run shows every problem.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DATABASE_TEST_URL="${DATABASE_TEST_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules"
# A hung tier must not eat the CI budget; the summary line is printed either way.
tier_timeout="${TEST_TIER_TIMEOUT:-1800}"

results_dir="$(mktemp -d "${TMPDIR:-/tmp}/branchflow-test.XXXXXX")"
trap 'rm -rf "$results_dir"' EXIT
failed_steps=()

step() {
  local name="$1"
  shift
  echo "==> $name"
  local started=$SECONDS
  if "$@"; then
    echo "==> $name: ok ($((SECONDS - started))s)"
  else
    echo "==> $name: FAILED ($((SECONDS - started))s)"
    failed_steps+=("$name")
  fi
}

# Setup problems are fatal: without dependencies or binaries no result would mean anything.
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-temporal.sh || exit 1
bash scripts/ensure-fonts.sh || exit 1
# Not fatal here: without Chromium the browser tier fails and says why (it never skips).
bash scripts/ensure-chromium.sh || echo "ensure-chromium: no Chromium; the browser tier will fail" >&2

step typecheck npx tsc -p tsconfig.json --noEmit
# The console's client types come from openapi.json: stale types or a console that no longer fits the API fail here.
step web-client-drift bash scripts/web-client.sh --check
step web-typecheck npx tsc -p apps/web/tsconfig.json
step lint npx eslint .
# The compiled tree serves the OpenAPI drift check and the e2e test that runs the worker as its own process.
step build npx tsc -p tsconfig.build.json
step openapi-drift node dist/scripts/emit-openapi.js --check
# The browser tier drives the built console as the API serves it.
step web-build env BUILD_WEB_FORCE=1 bash scripts/build-web.sh

# Unit specs run in 2 workers (measured on 2 cores: 80s vs 145s with the default single worker). Temporal tiers run
# one jest process per spec file, in band: each file starts its own servers and worker, and a file's teardown (the
# SDK's native runtime is per process) must not leak into the next file.
jest_exits=()
run_jest() {
  local label="$1" project="$2" paths="$3"
  shift 3
  # shellcheck disable=SC2086 # paths is one spec file or empty
  timeout --signal=TERM --kill-after=30 "$tier_timeout" \
    npx jest $paths --selectProjects "$project" --json --outputFile="$results_dir/$label.json" --passWithNoTests \
    --forceExit "$@" 2>&1 | tee "$results_dir/$label.log"
  local rc="${PIPESTATUS[0]}"
  jest_exits+=("$label=$rc")
  return "$rc"
}

step "jest unit" run_jest unit unit "" --maxWorkers="${JEST_UNIT_WORKERS:-2}"
for spec in test/workflow/*.spec.ts; do
  name="$(basename "$spec" .spec.ts)"
  step "jest workflow $name" run_jest "workflow-$name" workflow "$spec" --runInBand
done
# Recorded histories of every procedure replayed on the current workflow code (test/replay/README.md).
step "jest replay" run_jest replay replay "" --runInBand
# A short schemathesis run against the whole stack (issue 8 §2; `npm run fuzz` is the full one): 0 answers 5xx, every 4xx
# names the field or the rule, every operation of openapi.json requested.
step fuzz env FUZZ_SKIP_BUILD=1 bash scripts/fuzz.sh --short
for spec in test/e2e/*.spec.ts; do
  name="$(basename "$spec" .spec.ts)"
  step "jest e2e $name" run_jest "e2e-$name" e2e "$spec" --runInBand
done
# Real Chromium (Debian's, through playwright-core) against the whole stack serving the built console; screenshots
# and the axe-core results are kept under test/browser/artifacts.
for spec in test/browser/*.spec.ts; do
  name="$(basename "$spec" .spec.ts)"
  step "jest browser $name" run_jest "browser-$name" browser "$spec" --runInBand
done

# The fault campaign on a short run (scripts/chaos, issue 8 §9): two APIs and three worker processes on PostgreSQL and a
# Temporal dev server, workers SIGKILLed, one API killed, Temporal restarted; counted as one test in the summary line.
chaos_step="chaos (CHAOS_CASES=${TEST_CHAOS_CASES:-20})"
step "$chaos_step" env CHAOS_CASES="${TEST_CHAOS_CASES:-20}" CHAOS_KILL_EVERY_MS="${TEST_CHAOS_KILL_EVERY_MS:-8000}" \
  CHAOS_DEADLINE_MS="${TEST_CHAOS_DEADLINE_MS:-900000}" \
  timeout --signal=TERM --kill-after=30 "$tier_timeout" node dist/scripts/chaos/run.js
chaos_passed=1
for name in "${failed_steps[@]}"; do [ "$name" = "$chaos_step" ] && chaos_passed=0; done

# Sums numPassedTests / numFailedTests; a suite that failed without running a test, or a tier that exited non-zero
# without reporting a failure (crash, timeout), counts as one failure.
summary="$(node scripts/jest-summary.js "$results_dir" "${jest_exits[@]}")" || summary="0 1"
read -r passed failed <<<"$summary"
passed=$((passed + chaos_passed))
for name in "${failed_steps[@]}"; do
  case "$name" in
    "jest "*) ;; # already in the jest summary
    *) failed=$((failed + 1)) ;;
  esac
done
[ "${#failed_steps[@]}" -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "${#failed_steps[@]}" -eq 0 ]
