#!/bin/bash
# Kernel-scale commit stage benchmark: generates (once) a kernel-shaped history with
# gen-kernel-history.py, or takes an existing repository, then prints in one run: lkmine's
# commit stage (commits per CPU second, peak RSS, index size), an incremental run of about
# +1,000 commits, and `git log -p --no-merges | git patch-id --stable` timed on the same commits.
# Usage: bench/kgit-bench.sh [--commits N] [--dir DIR] [--lkmine BIN] [--repo EXISTING_REPO]
#                            [--together] [--inc N]
# --together runs git's pipeline beside lkmine instead of before it (CPU seconds and peak RSS
# are each command's own either way; on a shared machine the pair finishes sooner).
#
# The runs read a view of the repository: a bare repository borrowing its objects
# (objects/info/alternates) whose HEAD is the tip's first-parent ancestor about N commits back
# (--inc, 1,000 by default), with the tags that ancestor contains. The full run indexes that
# HEAD; the incremental run then moves HEAD to the tip (and adds the other tags) and indexes
# again, as a user's next `lkmine index --git` after a pull would.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
commits=20000 dir=/tmp/lkmine-kgit-bench lkmine=$here/../build/cli/lkmine repo="" together=0
inc_target=1000
while [ $# -gt 0 ]; do
  case $1 in
    --commits) commits=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --lkmine) lkmine=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --together) together=1; shift ;;
    --inc) inc_target=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"
: > "$dir/run.log"
if [ -z "$repo" ]; then
  repo=$dir/repo-$commits
  if [ ! -d "$repo" ]; then
    echo "generating $commits commits in $repo ..." >&2
    nice python3 "$here/gen-kernel-history.py" "$repo" --commits "$commits" >&2
  fi
fi

# The view: same objects, HEAD about $inc_target commits behind the tip.
tip=$(git -C "$repo" rev-parse HEAD)
objects=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)/objects
view=$dir/view/linux.git
rm -rf "$dir/view" && git init -q --bare "$view"
echo "$objects" >"$view/objects/info/alternates"
steps=$(( inc_target / 5 + 1 )) base=$tip behind=0
while [ "$behind" -lt "$inc_target" ]; do
  base=$(git -C "$repo" rev-parse "$tip~$steps" 2>/dev/null) || { base=$tip; break; }
  behind=$(git -C "$repo" rev-list --count "$base..$tip")
  [ "$behind" -gt 0 ] && steps=$(( steps * inc_target / behind + 1 )) || steps=$(( steps * 2 ))
done
set_refs() { # $1: the view's HEAD; tags: those it contains
  git -C "$view" update-ref refs/heads/master "$1"
  git -C "$view" symbolic-ref HEAD refs/heads/master
  git -C "$repo" for-each-ref --merged "$1" --format='update %(refname) %(objectname)' refs/tags |
    git -C "$view" update-ref --stdin
}
set_refs "$base"

db=$dir/db
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
# descendants of process $2 (git's pipeline under --together) not counted. Written as
# "all anonymous": resident pages of every kind, and the anonymous ones alone (heaps and
# stacks: what the machine must hold; the rest is mapped files, pack pages mostly, which the
# kernel takes back from the page cache when memory is short).
tree_peak() {
  local root=$1 skip=${2:-0} peak=0 peak_anon=0 now anon pids
  while kill -0 "$root" 2>/dev/null; do
    pids=$(ps -e -o pid=,ppid= | awk -v r="$root" -v x="$skip" '
      { parent[$1] = $2 }
      END { for (p in parent) { q = p; while (q != "" && q != r && q != x && q > 1) q = parent[q];
            if (q == r) print p } }')
    read -r now anon < <(for p in $pids; do cat "/proc/$p/status" 2>/dev/null || true; done |
      awk '/^VmRSS:/ { t += $2 } /^RssAnon:/ { a += $2 } END { print t + 0, a + 0 }')
    if [ "$now" -gt "$peak" ] || [ "$anon" -gt "$peak_anon" ]; then
      [ "$now" -gt "$peak" ] && peak=$now
      [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
      # whole or not at all when the sampler is killed
      echo "$peak $peak_anon" >"$dir/tree-peak.tmp" && mv "$dir/tree-peak.tmp" "$dir/tree-peak.txt"
    fi
    sleep 0.2
  done
}

nonmerge=$(git -C "$view" rev-list --no-merges --count HEAD)
all=$(git -C "$view" rev-list --count HEAD)
git_pipeline() {
  measure sh -c "git -C '$view' log -p --no-merges HEAD | git patch-id --stable >/dev/null" \
    >"$dir/git-time.txt"
}
print_git() {
  read -r g_el g_us g_sy g_rss <"$dir/git-time.txt"
  g_cpu=$(echo "$g_us + $g_sy" | bc)
  printf "git log -p --no-merges | git patch-id --stable: %.1f s elapsed, %.1f CPU s, %.0f non-merge commits/CPU s, %d MB peak\n" \
    "$g_el" "$g_cpu" "$(echo "$nonmerge / $g_cpu" | bc -l)" $((g_rss / 1024))
}
# Each figure as soon as it is measured: a run stopped later keeps the earlier ones.
echo "repository: $repo, indexed at $base ($all commits, $nonmerge non-merge), then at its tip"
git_job=0
if [ "$together" = 1 ]; then
  git_pipeline & git_job=$!
else
  git_pipeline && print_git
fi
echo "0 0" >"$dir/tree-peak.txt"; tree_peak $$ $git_job & sampler=$!
read -r l_el l_us l_sy l_rss < <(measure nice "$lkmine" index --db "$db" --git "$view")
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
size=$(du -sb "$db" | cut -f1)
[ "$together" = 1 ] && wait "$git_job" && print_git
l_cpu=$(echo "$l_us + $l_sy" | bc)
printf "lkmine index --git: %.1f s elapsed, %.1f CPU s (%.1f user, %.1f system), %.0f commits/CPU s, %d MB peak RSS of one process, index %d MB\n" \
  "$l_el" "$l_cpu" "$l_us" "$l_sy" "$(echo "$all / $l_cpu" | bc -l)" $((l_rss / 1024)) $((size / 1048576))
read -r t_all t_anon <"$dir/tree-peak.txt"
echo "lkmine and its git child together, sampled peak RSS: $((t_all / 1024)) MB, of it anonymous at most $((t_anon / 1024)) MB"
printf "lkmine / git CPU: %.2fx\n" "$(echo "$l_cpu / $g_cpu" | bc -l)"

inc="-"
if [ "$base" != "$tip" ]; then
  set_refs "$tip"
  added=$(git -C "$view" rev-list --count "$base..$tip")
  read -r i_el i_us i_sy i_rss < <(measure "$lkmine" index --db "$db" --git "$view")
  inc=$(printf "+%d commits: %.2f s elapsed, %.2f CPU s, %d MB peak" "$added" "$i_el" \
    "$(echo "$i_us + $i_sy" | bc)" $((i_rss / 1024)))
fi
echo "incremental run: $inc"
