#!/bin/sh
# ThreadSanitizer over the ingest pipeline and the GUI's store worker: lkmine, the store's
# thread tests and store_worker_tsan built with -fsanitize=thread into build-tsan/, then
# `lkmine index` run with 4 parse threads and 2 shard writers (the reader, the workers, the
# reorder buffer, the shard threads, commits every 50 mails) over an mbox, a Maildir and a
# public-inbox epoch, the store's parallel-shard tests, and the GUI's store worker driven as
# the window drives it while an index job writes (tests/tsan/store_worker_tsan.cpp). Any data
# race or lock-order report fails the run.
# Usage: tests/tsan/run.sh      Env: BUILD_DIR (default <root>/build-tsan), TSAN_JOBS (2).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build-tsan}
start=$(date +%s)

# -O1 -g1: what ThreadSanitizer asks for (optimised, line tables for its stack traces) at half
# the compile time of RelWithDebInfo's -O2 -g (json.cpp 35 s -> 15 s, pipeline.cpp 16 s -> 9 s).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLKMINE_BUILD_TSAN=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DLKMINE_BUILD_GUI=OFF -DLKMINE_BUILD_TESTS=ON -DLKMINE_BUILD_BENCH=OFF >/dev/null
# Only what runs below (index_tsan_tests: the two test files of index_tests run here).
cmake --build "$build" -j "${TSAN_JOBS:-2}" --target lkmine index_tsan_tests store_worker_tsan

export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 3,000 mails in threads of up to 8, as an mbox and as a Maildir; the lore sample's epoch.
python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
os.makedirs(f"{work}/md/cur"); os.makedirs(f"{work}/md/new"); os.makedirs(f"{work}/md/tmp")
with open(f"{work}/many.mbox", "w") as mbox:
    for i in range(3000):
        root = i - i % 8
        reply = f"In-Reply-To: <t{root}@tsan.example>\n" if i != root else ""
        mail = (f"From: Dev {i % 37} <dev{i % 37}@example.org>\nTo: list@example.org\n"
                f"Subject: {'Re: ' if reply else ''}[PATCH] thing {root}\n"
                f"Date: Mon, 1 Jan 2024 {i % 24:02d}:{i % 60:02d}:00 +0000\n"
                f"Message-ID: <t{i}@tsan.example>\n{reply}\nBody {i}.\n"
                f"diff --git a/f{i % 50}.c b/f{i % 50}.c\n--- a/f{i % 50}.c\n+++ b/f{i % 50}.c\n"
                f"@@ -1 +1 @@\n-old {i}\n+new {i}\n")
        mbox.write("From mboxrd@z Thu Jan  1 00:00:00 1970\n" + mail + "\n")
        if i % 3 == 0:
            with open(f"{work}/md/cur/{i}.tsan:2,S", "w") as f:
                f.write(mail.replace("tsan.example", "md.tsan.example"))
PY
bash "$root/corpora/build-lore-sample.sh" "$work/lore" >/dev/null

status=0
"$build/cli/lkmine" index --db "$work/db" --shards 2 -j 4 --batch 50 \
  "$work/many.mbox" "$work/md" "$work/lore/linux-demo" >"$work/index.log" 2>&1 || status=$?
if [ $status -ne 0 ]; then
  echo "FAIL: lkmine index under ThreadSanitizer exited $status"; tail -60 "$work/index.log"
  exit 1
fi
grep '^indexed' "$work/index.log"
# Once more: a run that resumes and finds nothing new also commits from every shard.
"$build/cli/lkmine" index --db "$work/db" -j 4 "$work/many.mbox" >"$work/index2.log" 2>&1 || {
  echo "FAIL: second run"; tail -60 "$work/index2.log"; exit 1; }
"$build/tests/tsan/index_tsan_tests" --gtest_filter='Shards.ResumeAfterOneShardMissedTheLastCommit:StoreDedup.*:StoreState.*:StoreThreads.*' >"$work/index_tests.log" 2>&1 || {
  echo "FAIL: index_tests under ThreadSanitizer"; tail -60 "$work/index_tests.log"; exit 1; }
tail -1 "$work/index_tests.log"
# The GUI's store worker (Qt is not instrumented: qt.supp says what is suppressed and why).
mkdir "$work/gui"
TSAN_OPTIONS="$TSAN_OPTIONS suppressions=$root/tests/tsan/qt.supp" \
  "$build/tests/tsan/store_worker_tsan" "$work/gui" >"$work/store_worker.log" 2>&1 || {
  echo "FAIL: store_worker_tsan under ThreadSanitizer"; tail -80 "$work/store_worker.log"; exit 1; }
grep -c '^ok:' "$work/store_worker.log" | sed 's/$/ store worker checks passed/'
echo "ThreadSanitizer clean in $(( $(date +%s) - start )) s"
