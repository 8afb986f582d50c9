#!/usr/bin/env bash
# Search latency and the reviewer's queue at 1M real-shaped mails: replays the three shared
# public-inbox epochs (bench/replay-scale.py), indexes them, times the lore query list cold
# and warm and `lkmine queue` for a MAINTAINERS section, and checks the queue against
# bench/accuracy/queue_oracle.py on the same archive.
#
# Usage: bench/scale-1m.sh [options]
#   --work DIR        inbox, index and logs (default /work/tmp/scale1m)
#   --rounds N        replays of the real epochs (default 16: 1,016,000 mails)
#   --epochs LIST     index only these epochs of the inbox, e.g. 0 or 0,1 (default: all);
#                     a later run with more epochs adds only the new ones
#   --reps N          warm runs per query (default 30)
#   --skip-oracle     no oracle run (it reads every mail again: ~15 min of one core at 1M)
#   --lkmine PATH     default build/cli/lkmine; --query-bench, --queue-bench: build/bench/...
# Needs a build with -DLKMINE_BUILD_BENCH=ON (query_bench, queue_bench).
# Disk at 1M: inbox ~3.6 GB (packs), index ~10 GB (10 KB per mail on the replay), so ~14 GB.
# CPU at 1M: replay ~20 min of one core (git fast-import), index ~1,700 CPU s (590 mails per
# CPU second on these mails), oracle ~12 min. Wall time on 2 idle cores: about 45 min.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=/work/tmp/scale1m rounds=16 epochs=all reps=30 oracle=1
lkmine=$root/build/cli/lkmine query_bench=$root/build/bench/query_bench
queue_bench=$root/build/bench/queue_bench
corpora=${CORPORA:-$root/../shared/corpora}/public-inbox
while [ $# -gt 0 ]; do
	case $1 in
	--work) work=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--epochs) epochs=$2; shift ;;
	--reps) reps=$2; shift ;;
	--skip-oracle) oracle=0 ;;
	--lkmine) lkmine=$2; shift ;;
	--query-bench) query_bench=$2; shift ;;
	--queue-bench) queue_bench=$2; shift ;;
	-h | --help) sed -n '2,19p' "$0"; exit 0 ;;
	*) echo "scale-1m.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export LC_ALL=C.UTF-8 TZ=UTC
inbox=$work/inbox db=$work/db
mkdir -p "$work"

# 1. The archive (made once).
if [ -d "$inbox/git/0.git" ] && [ ! -f "$inbox/replay.done" ]; then
	echo "scale-1m.sh: $inbox is an unfinished replay (no replay.done): remove it and rerun" >&2
	exit 1
fi
if [ ! -d "$inbox/git/0.git" ]; then
	log "replaying the real epochs $rounds times into $inbox"
	/usr/bin/time -f 'replay: %e s wall, %U+%S CPU s, %M KB peak' nice python3 "$root/bench/replay-scale.py" \
		--out "$inbox" --rounds "$rounds" \
		"$corpora"/{linux-fscrypt,io-uring,linux-tip-commits}/git/0.git
fi
sources=()
for gd in "$inbox"/git/*.git; do
	n=$(basename "$gd" .git)
	[ "$epochs" = all ] || [[ ",$epochs," == *",$n,"* ]] && sources+=("$gd")
done

# 2. The index (new epochs only on a re-run).
log "indexing ${#sources[@]} epochs into $db"
/usr/bin/time -f 'index: %e s wall, %U+%S CPU s, %M KB peak' nice "$lkmine" index -q --db "$db" \
	--shards 2 "${sources[@]}" || [ $? -eq 3 ]
"$lkmine" stats --db "$db" | sed -n '1,3p'
du -shL "$db" "$inbox" >&2

# Page-cache eviction of our own files only (the machine is shared: no drop_caches).
evict() {
	python3 - "$@" <<-'EOF'
		import os, sys
		for top in sys.argv[1:]:
		    for d, _, files in os.walk(top):
		        for f in files:
		            try:
		                fd = os.open(os.path.join(d, f), os.O_RDONLY)
		                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
		                os.close(fd)
		            except OSError:
		                pass
	EOF
}

# 3. The lore query list of bench/accuracy (truth.py's fixed list and the archive-derived ones
#    of its io-uring run).
queries=('s:fix' 's:race' 's:kasan' 's:support' 'b:kasan' 'b:"data race"' 'b:"use after free"'
	'b:"null pointer"' 'q:"data race"' 'q:"use after free"' 'nq:lock' 'nq:warning'
	'd:2022-12-01..2022-12-31' 'd:20260108..20260108' 'dfn:fs/io_uring.c'
	'dfn:uapi/linux/io_uring.h' 'f:axboe@kernel.dk' 'rb:hch@lst.de')
log "cold: each query in a new lkmine process with the index evicted from the page cache"
cold=$work/cold.tsv
: >"$cold"
for q in "${queries[@]}"; do
	evict "$db"
	python3 - "$lkmine" "$db" "$q" >>"$cold" <<-'EOF'
		import subprocess, sys, time
		lk, db, q = sys.argv[1:]
		t = time.perf_counter(); c0 = time.process_time()
		p = subprocess.run([lk, "search", "--db", db, "-n", "50", q], capture_output=True)
		ms = (time.perf_counter() - t) * 1000
		import resource
		ru = resource.getrusage(resource.RUSAGE_CHILDREN)
		print(f"{q}\t{ms:.1f}\t{(ru.ru_utime + ru.ru_stime) * 1000:.1f}\t{len(p.stdout.splitlines()) // 2}\t{p.returncode}")
	EOF
done
python3 - "$cold" <<-'EOF'
	import sys
	rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
	for q, wall, cpu, hits, rc in rows:
	    print(f"cold  {q:28} {float(wall):8.1f} ms wall {float(cpu):8.1f} ms CPU  {hits} shown  rc {rc}")
	w = sorted(float(r[1]) for r in rows); c = sorted(float(r[2]) for r in rows)
	pick = lambda v, p: v[min(len(v) - 1, int(p * len(v)))]
	print(f"cold over {len(rows)} queries: p50 {pick(w, .5):.1f} / p95 {pick(w, .95):.1f} ms wall, "
	      f"p50 {pick(c, .5):.1f} / p95 {pick(c, .95):.1f} ms CPU (whole processes)")
EOF
log "warm: in-process query_bench, $reps runs per query"
joined=$(IFS='|'; echo "${queries[*]}")
LKMINE_BENCH_DB=$db LKMINE_BENCH_QUERIES=$joined LKMINE_BENCH_REPS=$reps nice "$query_bench" \
	--benchmark_format=console 2>&1 | grep -E '_p50|_p95' | tee "$work/warm.txt"

# 4. The queue of the real IO_URING section (MAINTAINERS, 2025), for its reviewer.
cat >"$work/MAINTAINERS" <<-'EOF'
	IO_URING
	M:	Jens Axboe <axboe@kernel.dk>
	R:	Pavel Begunkov <asml.silence@gmail.com>
	L:	io-uring@vger.kernel.org
	S:	Maintained
	T:	git git://git.kernel.dk/linux-block
	T:	git git://git.kernel.dk/liburing
	F:	include/linux/io_uring/
	F:	include/linux/io_uring.h
	F:	include/linux/io_uring_types.h
	F:	include/trace/events/io_uring.h
	F:	include/uapi/linux/io_uring.h
	F:	include/uapi/linux/io_uring/
	F:	io_uring/
EOF
me=asml.silence@gmail.com as_of=20240701 days=30
areas=(include/linux/io_uring/ include/linux/io_uring.h include/linux/io_uring_types.h
	include/trace/events/io_uring.h include/uapi/linux/io_uring.h include/uapi/linux/io_uring/ io_uring/)
log "queue: $me, IO_URING, $days days to $as_of (first run after evicting index and inbox)"
evict "$db" "$inbox"
as_of_epoch=$(date -u -d "${as_of:0:4}-${as_of:4:2}-${as_of:6:2} 23:59:59" +%s)
nice "$queue_bench" "$db" "$as_of_epoch" "$days" "$me" "${areas[@]}" --reps 5 | tee "$work/queue.txt"
for run in cold warm; do
	[ $run = cold ] && evict "$db" "$inbox"
	/usr/bin/time -f "lkmine queue --maintainers ($run): %e s wall, %U+%S CPU s" "$lkmine" queue \
		--db "$db" --state "$work/state.sqlite" --me "$me" --maintainers "$work/MAINTAINERS" \
		--as-of "$as_of" --days "$days" --json >"$work/queue-$run.json"
done
python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]), "rows")' "$work/queue-warm.json"

# 5. The same queue from the oracle (git and Python only).
if [ $oracle = 1 ]; then
	log "queue oracle over ${#sources[@]} epochs"
	/usr/bin/time -f 'oracle: %e s wall, %U+%S CPU s, %M KB peak' nice python3 \
		"$root/bench/accuracy/queue_oracle.py" --lkmine "$lkmine" --db "$db" --me "$me" \
		--maintainers "$work/MAINTAINERS" --as-of "$as_of" --days "$days" "${sources[@]}"
fi
