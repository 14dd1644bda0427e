#!/usr/bin/env bash
# The one test command: installs what the tests need when it is missing, then format and
# lint, type check, and every test. Fails when the tests leave files in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/system-deps.sh
npx biome check .
npx tsc -b

# Whatever the test run adds to `git status` it left behind (checked after the run rather than
# inside it: test files run in parallel).
in_git=false
git rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
status_before=''
if $in_git; then status_before=$(git status --porcelain --untracked-files=all); fi

# Temporary files go to a folder of this run, removed at the end even when a test process was
# killed before it could clean up; what is found there is named, so leaks are seen and fixed.
test_tmp=$(mktemp -d "${TMPDIR:-/tmp}/markpi-test.XXXXXX")
trap 'rm -rf "$test_tmp"' EXIT
TMPDIR="$test_tmp" npx vitest run "$@"

leftovers=$(ls -A "$test_tmp")
if [ -n "$leftovers" ]; then
  echo "note: the tests left $(wc -l <<<"$leftovers" | tr -d ' ') temporary file(s), now removed: $(head -n 5 <<<"$leftovers" | paste -sd ' ' -)"
fi

if $in_git; then
  status_after=$(git status --porcelain --untracked-files=all)
  left=$(comm -13 <(sort <<<"$status_before") <(sort <<<"$status_after"))
  if [ -n "$left" ]; then
    echo "error: the tests left these changes in the checkout (git status):" >&2
    echo "$left" >&2
    exit 1
  fi
fi
