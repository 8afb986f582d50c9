#!/usr/bin/env bash
# Index CPU of two lkmine binaries on one source, alternating A and B, RUNS times each, a fresh
# index per run: user+sys, wall, peak RSS and index size per run, then the means and B/A.
# Usage: bench/index-cpu-ab.sh LKMINE_A LKMINE_B SOURCE [RUNS=3] [SHARDS=2]
# e.g.   bench/index-cpu-ab.sh /tmp/old/build/cli/lkmine build/cli/lkmine \
#          ../shared/corpora/public-inbox/linux-fscrypt/git/0.git
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,6p "$0"; exit 2; }
a=$1 b=$2 src=$3 runs=${4:-3} shards=${5:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq "$runs"); do
  for v in A B; do
    bin=$a; [ $v = B ] && bin=$b
    rm -rf "$work/db"
    /usr/bin/time -f "%U %S %e %M" -o "$work/t" "$bin" index -q --shards "$shards" \
      --db "$work/db" "$src" >/dev/null || [ $? = 3 ] # 3: partial (an unreadable blob)
    read -r u s e m <"$work/t"
    mb=$(du -sm "$work/db" | cut -f1)
    echo "$v run $i: cpu $(awk "BEGIN {print $u + $s}") s, wall $e s, peak ${m} KB, index ${mb} MB" |
      tee -a "$work/all"
  done
done
awk '{cpu[$1] += $5; n[$1]++} END {
  printf "mean cpu: A %.2f s, B %.2f s, B/A %.3f\n", cpu["A"]/n["A"], cpu["B"]/n["B"],
         cpu["B"]/cpu["A"] }' "$work/all"
