#!/bin/bash
# Full mail->commit link evaluation (docs/LINKING.md): every mail of each truth set, per method.
# Usage: bench/link-eval.sh [BUILD_DIR [gtest args]]  (default /tmp/lkmine-link-eval)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/lkmine-link-eval}
shift || true
mkdir -p "$out/obj"
core="charset rfc2047 header address date msgid subject trailer sha1 diff patch_id mbox flattened
      flattened_body parse mime git_repo git_similarity crash_title crash_title_table syzbot_facts
      syzbot_mail bisect_log link link_fuzzy linker"
objs=()
for f in $core; do
    [ -f "$root/core/$f.cpp" ] || continue
    o="$out/obj/$f.o"
    if [ ! -f "$o" ] || [ "$root/core/$f.cpp" -nt "$o" ]; then
        g++ -std=c++20 -O2 -I"$root" -c "$root/core/$f.cpp" -o "$o"
    fi
    objs+=("$o")
done
g++ -std=c++20 -O2 -I"$root" -DLKMINE_SOURCE_DIR="\"$root\"" "$root/tests/core/link_eval_test.cpp" \
    "${objs[@]}" -lgit2 -lmimetic -lgtest -lgtest_main -pthread -o "$out/link_eval"
LKMINE_LINK_EVAL_FULL=1 /usr/bin/time -f "%e s, %M KB max RSS" "$out/link_eval" "$@"
