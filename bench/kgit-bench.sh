#!/bin/bash
# Kernel-scale commit stage benchmark: generates (once) a kernel-shaped history with
# gen-kernel-history.py, then prints in one run: lkmine's commit stage (commits per CPU second,
# peak RSS, index size), an incremental run of +1,000 commits, and
# `git log -p --no-merges | git patch-id --stable` timed on the same repository.
# Usage: bench/kgit-bench.sh [--commits N] [--dir DIR] [--lkmine BIN] [--repo EXISTING_REPO]
#                            [--together]
# --together runs git's pipeline beside lkmine instead of before it (CPU seconds and peak RSS
# are each command's own either way; on a shared machine the pair finishes sooner).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
commits=20000 dir=/tmp/lkmine-kgit-bench lkmine=$here/../build/cli/lkmine repo="" together=0
while [ $# -gt 0 ]; do
  case $1 in
    --commits) commits=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --lkmine) lkmine=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --together) together=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"
: > "$dir/run.log"
generated=0
if [ -z "$repo" ]; then
  repo=$dir/repo-$commits
  if [ ! -d "$repo" ]; then
    echo "generating $commits commits in $repo ..." >&2
    nice python3 "$here/gen-kernel-history.py" "$repo" --commits "$commits" >&2
  fi
  generated=1
fi
db=$dir/db-$(basename "$repo")
rm -rf "$db"
# /usr/bin/time: elapsed, user, sys, max RSS (KB) of the command and its waited children.
# The commands' own output (lkmine's progress lines and summary) goes to $dir/run.log.
measure() {
  local out=$dir/time-$BASHPID.txt
  /usr/bin/time -f "%e %U %S %M" -o "$out" "$@" >>"$dir/run.log" 2>&1
  cat "$out" && rm -f "$out"
}
# The largest summed RSS (KB) of process $1 and all its descendants (lkmine and its git
# diff-tree child: time's %M is the largest single process only), sampled every 0.2 s; the
# descendants of process $2 (git's pipeline under --together) not counted.
tree_peak() {
  local root=$1 skip=${2:-0} peak=0 now
  while kill -0 "$root" 2>/dev/null; do
    now=$(ps -e -o pid=,ppid=,rss= | awk -v r="$root" -v x="$skip" '
      { parent[$1] = $2; rss[$1] = $3 }
      END { for (p in parent) { q = p; while (q != "" && q != r && q != x && q > 1) q = parent[q];
            if (q == r) t += rss[p] } print t + 0 }')
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" > "$dir/tree-peak.txt"
    sleep 0.2
  done
}

nonmerge=$(git -C "$repo" rev-list --no-merges --count HEAD)
all=$(git -C "$repo" rev-list --count HEAD)
git_pipeline() {
  measure sh -c "git -C '$repo' log -p --no-merges HEAD | git patch-id --stable >/dev/null" \
    >"$dir/git-time.txt"
}
print_git() {
  read -r g_el g_us g_sy g_rss <"$dir/git-time.txt"
  g_cpu=$(echo "$g_us + $g_sy" | bc)
  printf "git log -p --no-merges | git patch-id --stable: %.1f s elapsed, %.1f CPU s, %.0f non-merge commits/CPU s, %d MB peak\n" \
    "$g_el" "$g_cpu" "$(echo "$nonmerge / $g_cpu" | bc -l)" $((g_rss / 1024))
}
# Each figure as soon as it is measured: a run stopped later keeps the earlier ones.
echo "repository: $repo ($all commits, $nonmerge non-merge)"
git_job=0
if [ "$together" = 1 ]; then
  git_pipeline & git_job=$!
else
  git_pipeline && print_git
fi
echo 0 > "$dir/tree-peak.txt"; tree_peak $$ $git_job & sampler=$!
read -r l_el l_us l_sy l_rss < <(measure nice "$lkmine" index --db "$db" --git "$repo")
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
size=$(du -sb "$db" | cut -f1)
[ "$together" = 1 ] && wait "$git_job" && print_git
l_cpu=$(echo "$l_us + $l_sy" | bc)
printf "lkmine index --git: %.1f s elapsed, %.1f CPU s, %.0f commits/CPU s, %d MB peak RSS, index %d MB\n" \
  "$l_el" "$l_cpu" "$(echo "$all / $l_cpu" | bc -l)" $((l_rss / 1024)) $((size / 1048576))
echo "lkmine and its git child together, sampled peak RSS: $(( $(cat "$dir/tree-peak.txt" 2>/dev/null || echo 0) / 1024 )) MB (lkmine and its children)"
printf "lkmine / git CPU: %.2fx\n" "$(echo "$l_cpu / $g_cpu" | bc -l)"

inc="-"
if [ "$generated" = 1 ]; then
  # a copy under the same directory name: the same tree to lkmine, grown by 1,000 commits
  rm -rf "$dir/inc" && mkdir -p "$dir/inc" && cp -r "$repo" "$dir/inc/" && cp -r "$db" "$dir/inc/db"
  nice python3 "$here/gen-kernel-history.py" "$dir/inc/$(basename "$repo")" --append 1000 >&2
  read -r i_el i_us i_sy i_rss < <(measure "$lkmine" index --db "$dir/inc/db" --git "$dir/inc/$(basename "$repo")")
  inc=$(printf "%.2f s elapsed, %.2f CPU s, %d MB peak" "$i_el" "$(echo "$i_us + $i_sy" | bc)" $((i_rss / 1024)))
  rm -rf "$dir/inc"
fi
echo "incremental +1000 commits: $inc"
