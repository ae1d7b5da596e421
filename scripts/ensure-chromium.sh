#!/usr/bin/env bash
# Makes sure Debian's `chromium` is installed for the browser tests (test/browser), like ensure-fonts.sh does for the
# dossier font: apt-get when missing, nothing when present. playwright-core 1.64 drives it through `executablePath`
# (its own browser download is not reachable here); 1.64 matches Chromium 156 of Debian bookworm.
# CHROME_PATH names another Chromium binary; SKIP_BROWSER_INSTALL=1 only reports (the browser tests then fail, saying
# why: they never skip).
set -euo pipefail

have_chromium() {
  if [ -n "${CHROME_PATH:-}" ]; then
    [ -x "$CHROME_PATH" ] && return 0
    echo "ensure-chromium: CHROME_PATH=$CHROME_PATH is not an executable file" >&2
    exit 1
  fi
  command -v chromium >/dev/null 2>&1
}

have_chromium && exit 0
if [ "${SKIP_BROWSER_INSTALL:-}" = "1" ]; then
  echo "ensure-chromium: chromium missing (SKIP_BROWSER_INSTALL=1, not installing)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium missing and apt-get is not available; install Chromium and set CHROME_PATH" >&2
  exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo -n)
  else
    echo "ensure-chromium: chromium missing; run as root or install it: apt-get install chromium" >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
have_chromium || { echo "ensure-chromium: chromium installed but not on PATH" >&2; exit 1; }
