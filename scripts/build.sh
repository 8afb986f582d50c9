#!/usr/bin/env bash
# Configures and builds lkmine into build/ (Ninja, RelWithDebInfo). Extra arguments go to cmake.
# Debug info is line tables only (-g1): backtraces and perf keep file:line, and the build takes
# a quarter to a third less CPU than with -g (measured on json.cpp, args_reply.cpp, a cli test).
# For full debug info: scripts/build.sh -DCMAKE_BUILD_TYPE=Debug (or your own flags).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "$@" >/dev/null
cmake --build build
