#!/usr/bin/env bash
# The one test command: format and lint, type check, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npx biome check .
npx tsc -b
npx vitest run "$@"
