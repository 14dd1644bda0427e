#!/usr/bin/env bash
# The one test command: installs what the tests need when it is missing, then format and
# lint, type check, and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/system-deps.sh
npx biome check .
npx tsc -b
npx vitest run "$@"
