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
if [ $# -gt 0 ]; then
  TMPDIR="$test_tmp" npx vitest run "$@"
else
  # The two groups of vitest.config.ts side by side rather than one after the other: the
  # Chromium files, one at a time, use about two thirds of one core on average, so on two cores
  # they fit beside the other files (docs/STATUS.md, "Test time", has the figures). Their report
  # is printed whole after the other files', not interleaved with it.
  chromium_log="$test_tmp/chromium.log"
  TMPDIR="$test_tmp" node_modules/.bin/vitest run --project chromium >"$chromium_log" 2>&1 &
  chromium_pid=$!
  # Stopped with the script (its temporary folder is about to go).
  trap 'kill "$chromium_pid" 2>/dev/null || true; rm -rf "$test_tmp"' EXIT
  status=0
  TMPDIR="$test_tmp" npx vitest run --project node || status=$?
  wait "$chromium_pid" || status=$?
  echo '--- the Chromium files ---'
  cat "$chromium_log"
  rm -f "$chromium_log"
  [ "$status" -eq 0 ] || exit "$status"
fi

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
