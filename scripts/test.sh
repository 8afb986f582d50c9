#!/usr/bin/env bash
# The README's test command: installs dependencies, builds everything, runs every test.
# Each step prints its wall time ("== step: N s") so a slow CI run says where the time went.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { # step NAME COMMAND...: runs COMMAND, prints its wall time, returns its status
  local name=$1 t0=$SECONDS rc=0
  shift
  "$@" || rc=$? # (set -e does not apply inside a function called after ||)
  echo "== $name: $((SECONDS - t0)) s (total $SECONDS s)$([ $rc = 0 ] || echo ", FAILED: exit $rc")"
  return $rc
}
step install scripts/install-deps.sh
# The layering rules of DESIGN.md §2 first: a wrong include fails in a second, before any build.
step layering python3 scripts/check-layers.py
step layering-self-test python3 scripts/check-layers.py --self-test
step build scripts/build.sh -DLKMINE_BUILD_TESTS=ON -DLKMINE_BUILD_GUI=ON
# The parser and the mbox splitter under ASan/UBSan (clang): every seed (the corpora and
# hostile inputs) replayed, then a short fuzzing run; LKMINE_FUZZ_SECONDS=0 only replays.
step fuzz tests/fuzz/run.sh "${LKMINE_FUZZ_SECONDS:-20}"
# The ingest pipeline's threads under ThreadSanitizer (its own build; LKMINE_TSAN=0 skips).
[ "${LKMINE_TSAN:-1}" = 0 ] || step tsan tests/tsan/run.sh
export QT_QPA_PLATFORM=offscreen
step ctest ctest --test-dir build --output-on-failure -j2
