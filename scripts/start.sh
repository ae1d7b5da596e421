#!/usr/bin/env bash
# `npm start`: install if needed, provision the Temporal CLI, build, then run the launcher
# (Temporal dev server + SMTP sink + API with embedded worker; state under ./data, reused by the next start).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
bash scripts/ensure-temporal.sh >/dev/null
# The dossier PDF needs a CJK font; without one the API still runs and that endpoint answers 503.
bash scripts/ensure-fonts.sh || echo 'start: no CJK font installed; dossier PDF export disabled' >&2
echo "[start] building (tsc -p tsconfig.build.json, incremental)"
npx tsc -p tsconfig.build.json
# The web console the API serves from / (apps/web/dist); rebuilt only when its sources changed.
bash scripts/build-web.sh
# exec: Ctrl-C goes straight to the launcher, which stops the API, then Temporal.
exec node dist/scripts/launcher.js
