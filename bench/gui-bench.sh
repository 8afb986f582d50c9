#!/usr/bin/env bash
# Makes a generated 100k-mail inbox with one 300-mail thread, indexes it, and times lkmine-gui on it (bench/gui_bench).
#
# Usage: bench/gui-bench.sh [options]
#   --build DIR       build dir holding cli/lkmine, gui/lkmine-gui and bench/gui_bench
#                     (configure with -DLKMINE_BUILD_BENCH=ON -DLKMINE_BUILD_GUI=ON; default build-bench)
#   --work DIR        corpus and index (default /tmp/lkmine-guibench; ~1.5 GB for 100k mails)
#   --corpus DIR      an inbox made earlier by corpora/generate-lore.py --seed 1 (the directory
#                     holding git/0.git): the big thread is appended to it once, then it is used
#   --mails N         mails of a new corpus (default 100000)
#   --big-thread M    mails in the big thread (default 300)
#   --runs N          repetitions inside gui_bench (default 20)
#   --startups K      separate processes for the first window and for --screenshot (default 10)
#   --jobs J          `lkmine index -j J` (default: lkmine's own)
# The index is made once (WORK/index) and reused; delete it to index again.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench work=/tmp/lkmine-guibench corpus= mails=100000 big=300 runs=20 startups=10
jobs=()
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift ;;
	--work) work=$2; shift ;;
	--corpus) corpus=$2; shift ;;
	--mails) mails=$2; shift ;;
	--big-thread) big=$2; shift ;;
	--runs) runs=$2; shift ;;
	--startups) startups=$2; shift ;;
	--jobs) jobs=(-j "$2"); shift ;;
	-h | --help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "gui-bench.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
lkmine=$build/cli/lkmine gui=$build/gui/lkmine-gui bench=$build/bench/gui_bench
for b in "$lkmine" "$gui" "$bench"; do
	[ -x "$b" ] || { echo "gui-bench.sh: no $b (build lkmine, lkmine-gui and gui_bench in $build)" >&2; exit 2; }
done
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 TZ=UTC QT_QPA_PLATFORM=offscreen
mkdir -p "$work"

# ---- corpus: seed 1, the thread's root is <big-thread-M.seed1@lists.example.org> -----------
gen=$root/corpora/generate-lore.py
if [ -z "$corpus" ]; then
	corpus=$work/corpus/lkml
	if [ ! -d "$corpus/git/0.git" ]; then
		log "generating $mails mails with a $big-mail thread"
		python3 "$gen" --mails "$mails" --seed 1 --big-thread "$big" --out "$work/corpus" --name lkml
		touch "$corpus/.big-thread-$big"
	fi
fi
if [ ! -e "$corpus/.big-thread-$big" ]; then
	log "appending a $big-mail thread to $corpus"
	python3 "$gen" --append 1 --seed 1 --big-thread "$big" --out "$(dirname "$corpus")" --name "$(basename "$corpus")"
	touch "$corpus/.big-thread-$big"
fi

# ---- index ---------------------------------------------------------------------------------
db=$work/index
if [ ! -d "$db" ]; then
	log "indexing $corpus into $db"
	/usr/bin/time -f "indexed in %e s wall, %U s user, %M KB max RSS" \
		"$lkmine" index -q "${jobs[@]}" --db "$db.tmp" "$corpus"/git/*.git
	mv "$db.tmp" "$db"
fi

# ---- run -----------------------------------------------------------------------------------
stats() { # name, then one number per line on stdin: median and p95 (nearest rank)
	sort -g | awk -v name="$1" '{ v[NR] = $1 } END {
		m = v[int((NR + 1) / 2)]; k = int(NR * 0.95); if (k < NR * 0.95) k++; if (k < 1) k = 1
		printf "%-44s %5d %9.1f %9.1f %9.1f\n", name, NR, m, v[k], v[NR] }'
}
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo "index: $db ($(du -sh "$db" | cut -f1)), $(git --git-dir "$corpus/git/0.git" rev-list --count master) mails in 0.git"
"$bench" --db "$db" --runs "$runs"

log "first window, $startups separate processes"
for _ in $(seq "$startups"); do "$bench" --db "$db" --startup; done >"$work/startup.txt"
echo
printf "%-44s %5s %9s %9s %9s\n" "separate processes (ms)" n median p95 max
grep -o 'total=[0-9.]*' "$work/startup.txt" | cut -d= -f2 | stats "first window (exec -> painted)"
grep -o 'pre_main=[0-9.]*' "$work/startup.txt" | cut -d= -f2 | stats "  of which exec -> main()"
grep -o ' app=[0-9.]*' "$work/startup.txt" | cut -d= -f2 | stats "  of which QApplication"
for _ in $(seq "$startups"); do
	s=$(date +%s%N)
	"$gui" --db "$db" --screenshot "$work/shot.png" 2>/dev/null
	echo $((($(date +%s%N) - s) / 1000000))
done | stats "lkmine-gui --db D --screenshot (whole process)"
echo "(--screenshot waits 150 ms after the window settles before it saves the picture)"
echo "load after: $(uptime | sed 's/.*load/load/')"
