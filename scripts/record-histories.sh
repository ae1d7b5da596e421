#!/usr/bin/env bash
# `npm run replay:record`: runs the workflow tier with RECORD_HISTORIES and keeps every workflow's history as a new set
# of the replay tier, test/replay/histories/<commit>/ (see test/replay/README.md). Commit the code first: the set is
# named after HEAD and holds what that code emitted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
commit="$(git rev-parse --short=7 HEAD)"
if [ -n "$(git status --porcelain -- workflows libs/domain libs/contracts)" ]; then
  echo "replay:record: workflows/, libs/domain or libs/contracts has uncommitted changes; commit them first" >&2
  exit 1
fi
out="$root/test/replay/histories/$commit"
rm -rf "$out"
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules"
export RECORD_HISTORIES="$out"
failed=0
for spec in test/workflow/*.workflow.spec.ts; do
  npx jest "$spec" --selectProjects workflow --runInBand --forceExit || failed=1
done
echo "replay:record: $(find "$out" -name '*.json.gz' | wc -l) histories in ${out#"$root/"}"
exit "$failed"
