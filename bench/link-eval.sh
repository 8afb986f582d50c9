#!/bin/bash
# Full mail->commit link evaluation (docs/LINKING.md): every mail of each truth set, per method,
# and the io-uring replay with adversarial cases (every kernel patch, not every third).
# Usage: bench/link-eval.sh [BUILD_DIR [gtest args]]  (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
ninja -C "$build" link_corpus_tests
LKMINE_LINK_EVAL_FULL=1 /usr/bin/time -f "%e s, %M KB max RSS" \
    "$build/tests/link/link_corpus_tests" "$@"
