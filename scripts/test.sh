#!/usr/bin/env bash
# The README's test command: installs dependencies, builds everything, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DLKMINE_BUILD_TESTS=ON -DLKMINE_BUILD_GUI=ON
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure -j2
