#!/bin/sh
# Builds the libFuzzer targets with clang into build-fuzz/, seeds their corpora, runs each fuzzer.
# Usage: tests/fuzz/run.sh [seconds per fuzzer, default 60]
# Env: BUILD_DIR (default <root>/build-fuzz), LKMINE_CORPORA (default /work/shared/corpora),
#      FUZZ_MAX_LEN (default 65536), FUZZ_TARGETS (default "fuzz_parse_message fuzz_mbox").
# Exits non-zero when any fuzzer finds a crash, leak, timeout or out-of-memory input; the
# reproducer is left in $BUILD_DIR/fuzz-artifacts/ (copy it to tests/fuzz/regressions/).
set -eu

seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
max_len=${FUZZ_MAX_LEN:-65536}
targets=${FUZZ_TARGETS:-"fuzz_parse_message fuzz_mbox"}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++ -DLKMINE_BUILD_FUZZ=ON \
  -DLKMINE_BUILD_GUI=OFF -DLKMINE_BUILD_TESTS=OFF -DLKMINE_BUILD_BENCH=OFF >/dev/null
# FUZZ_JOBS=1 on a shared machine.
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target $targets

seeds=$build/fuzz-seeds
rm -rf "$seeds"
python3 "$root/tests/fuzz/make_seeds.py" "$seeds/fuzz_parse_message" "$seeds/fuzz_mbox"
# Past findings replay first, whatever the corpus is.
for t in $targets; do
  mkdir -p "$seeds/$t"
  for f in "$root"/tests/fuzz/regressions/"$t"-*; do
    [ -f "$f" ] && cp "$f" "$seeds/$t/"
  done
done

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
status=0
for t in $targets; do
  corpus=$build/fuzz-corpus/$t
  mkdir -p "$corpus"
  echo "== $t: every seed once, in full (the hostile ones are far above max_len)"
  # shellcheck disable=SC2046
  # The 100,000-level and 4 MB seeds take seconds each under ASan: a looser timeout here.
  if ! "$build/tests/fuzz/$t" -rss_limit_mb=2048 -timeout=60 -artifact_prefix="$artifacts/$t-" \
      $(find "$seeds/$t" -type f) >"$build/$t-seeds.log" 2>&1; then
    echo "FAIL: $t crashed on a seed, see $build/$t-seeds.log"; tail -30 "$build/$t-seeds.log"
    status=1
    continue
  fi
  [ "$seconds" -gt 0 ] || continue
  echo "== $t: fuzzing for $seconds s"
  if ! "$build/tests/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
      "$corpus" "$seeds/$t" >"$build/$t.log" 2>&1; then
    echo "FAIL: $t, see $build/$t.log and $artifacts/"; tail -40 "$build/$t.log"
    status=1
  else
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$build/$t.log" || true
  fi
done
[ $status -eq 0 ] && echo "fuzzing clean"
exit $status
