#!/usr/bin/env bash
# Makes sure the schemathesis CLI (PyPI, pinned) is installed in .tools/schemathesis (a Python venv) and prints its path.
# Used by `npm run fuzz` and the short fuzz step of `npm test` (scripts/fuzz.sh). Idempotent: does nothing when the
# pinned version is already there. Override: SCHEMATHESIS_PATH (used as-is, never installed over).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="4.32.5"
venv="$root/.tools/schemathesis"
st="${SCHEMATHESIS_PATH:-$venv/bin/st}"

if [ -n "${SCHEMATHESIS_PATH:-}" ]; then
  [ -x "$SCHEMATHESIS_PATH" ] || {
    echo "ensure-schemathesis: SCHEMATHESIS_PATH=$SCHEMATHESIS_PATH is not an executable file" >&2
    exit 1
  }
  echo "$SCHEMATHESIS_PATH"
  exit 0
fi

if [ -x "$st" ] && [ "$(cat "$venv/.version" 2>/dev/null)" = "$version" ]; then
  echo "$st"
  exit 0
fi

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
  echo "ensure-schemathesis: schemathesis $version needs python3 >= 3.9 (or set SCHEMATHESIS_PATH)" >&2
  exit 1
fi

echo "ensure-schemathesis: installing schemathesis==$version into $venv" >&2
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet "schemathesis==$version" >&2
"$venv/bin/st" --version >&2
echo "$version" >"$venv/.version"
echo "$st"
