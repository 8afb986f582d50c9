#!/usr/bin/env bash
# The README's test command: installs dependencies, builds everything, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The layering rules of DESIGN.md §2 first: a wrong include fails in a second, before any build.
python3 scripts/check-layers.py
python3 scripts/check-layers.py --self-test
scripts/build.sh -DLKMINE_BUILD_TESTS=ON -DLKMINE_BUILD_GUI=ON
# The parser and the mbox splitter under ASan/UBSan (clang): every seed (the corpora and
# hostile inputs) replayed, then a short fuzzing run; LKMINE_FUZZ_SECONDS=0 only replays.
tests/fuzz/run.sh "${LKMINE_FUZZ_SECONDS:-20}"
# The ingest pipeline's threads under ThreadSanitizer (its own build; LKMINE_TSAN=0 skips).
[ "${LKMINE_TSAN:-1}" = 0 ] || tests/tsan/run.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure -j2
