#!/usr/bin/env bash
# Builds the web console into apps/web/dist (Vite), which the API serves from `/`. Skipped when the build is newer
# than every source of the console (npm start builds incrementally); BUILD_WEB_FORCE=1 always builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=apps/web/dist/index.html
if [ "${BUILD_WEB_FORCE:-}" != "1" ] && [ -f "$stamp" ] &&
  [ -z "$(find apps/web/src apps/web/index.html apps/web/vite.config.mts package-lock.json -newer "$stamp" -print -quit)" ]; then
  echo "[build-web] apps/web/dist is up to date"
  exit 0
fi
echo "[build-web] building the console (vite build)"
npx vite build --config apps/web/vite.config.mts --logLevel warn
