#!/usr/bin/env bash
# Query latency through remote shards on loopback against the same index opened locally:
# every shardN of --db is served by its own xapian-tcpsrv on 127.0.0.1, a client index with no
# local shard lists them (lkmine shards init/add), and query_bench (in-process
# StoreReader::search, 50 newest-first results, summaries loaded) times each query on both,
# the runs of local and remote interleaved at random in one process.
#
# Usage: bench/remote-shards.sh --db INDEX [--queries 'q1|q2|...'] [--reps N]
#                               [--build DIR (default build)]
# Prints one line per query: local p50 / p95, remote p50 / p95 (wall ms), remote p95 / local p95.
set -euo pipefail

db= queries= reps=50 build=build
while [ $# -gt 0 ]; do
	case $1 in
	--db) db=$2; shift 2 ;;
	--queries) queries=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	*) echo "usage: $0 --db INDEX [--queries 'q1|q2'] [--reps N] [--build DIR]" >&2; exit 2 ;;
	esac
done
[ -n "$db" ] || { echo "$0: --db INDEX is required" >&2; exit 2; }
lkmine=$build/cli/lkmine qb=$build/bench/query_bench
[ -x "$qb" ] || { echo "$0: build query_bench first (-DLKMINE_BUILD_BENCH=ON)" >&2; exit 2; }
command -v xapian-tcpsrv >/dev/null || { echo "$0: xapian-tcpsrv (xapian-tools) missing" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$lkmine" shards init --db "$work/client" >/dev/null
for shard in "$db"/shard*; do
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	# setsid: its own process group (xapian-tcpsrv signals its group on SIGTERM).
	setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$shard" 2>/dev/null &
	pids+=($!)
	for _ in $(seq 100); do
		"$lkmine" shards add --db "$work/client" --remote "127.0.0.1:$port" >/dev/null 2>&1 && break
		sleep 0.1
	done
done
"$lkmine" shards list --db "$work/client" >&2

export LKMINE_BENCH_REPS=$reps
[ -z "$queries" ] || export LKMINE_BENCH_QUERIES=$queries
# One process times both, their runs interleaved at random, so that a machine's changing load
# falls on local and remote alike ("1 " labels the local index, "2 " the client).
LKMINE_BENCH_DB=$db LKMINE_BENCH_DB2=$work/client "$qb" --benchmark_format=json \
	--benchmark_enable_random_interleaving=true 2>/dev/null >"$work/both.json"
python3 - "$work/both.json" "$(ls -d "$db"/shard* | wc -l)" <<'PY'
import json, sys
stats = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type") == "aggregate" and b["aggregate_name"] in ("p50", "p95"):
        side, q = b["label"].split(" ", 1)
        stats.setdefault(q, {}).setdefault(side, {})[b["aggregate_name"]] = b["real_time"]
print("%s shards, wall ms (p50 / p95)" % sys.argv[2])
print("%-36s %17s %17s %8s" % ("query", "local", "remote", "p95 x"))
for q, s in stats.items():
    l, r = s.get("1", {}), s.get("2", {})
    ratio = r.get("p95", 0) / l["p95"] if l.get("p95") else 0
    print("%-36s %8.2f / %6.2f %8.2f / %6.2f %8.2f" % (q[:36], l.get("p50", 0), l.get("p95", 0),
          r.get("p50", 0), r.get("p95", 0), ratio))
PY
