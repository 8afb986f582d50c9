#!/usr/bin/env bash
# Query latency through remote shards on loopback against the same index opened locally:
# every shardN of --db is served by its own xapian-tcpsrv on 127.0.0.1, a client index with no
# local shard lists them (lkmine shards init/add), and query_bench (in-process
# StoreReader::search, 50 newest-first results, summaries loaded) times each query on both.
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
run() { # INDEX -> json
	LKMINE_BENCH_DB=$1 "$qb" --benchmark_format=json 2>/dev/null
}
run "$db" >"$work/local.json"
run "$work/client" >"$work/remote.json"
python3 - "$work/local.json" "$work/remote.json" "$(ls -d "$db"/shard* | wc -l)" <<'PY'
import json, sys
def stats(path):
    out = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("run_type") == "aggregate" and b["aggregate_name"] in ("p50", "p95"):
            out.setdefault(b.get("label", b["run_name"]), {})[b["aggregate_name"]] = b["real_time"]
    return out
local, remote = stats(sys.argv[1]), stats(sys.argv[2])
print("%s shards, wall ms (p50 / p95)" % sys.argv[3])
print("%-36s %17s %17s %8s" % ("query", "local", "remote", "p95 x"))
for q in local:
    l, r = local[q], remote.get(q, {})
    ratio = r.get("p95", 0) / l["p95"] if l.get("p95") else 0
    print("%-36s %8.2f / %6.2f %8.2f / %6.2f %8.2f" % (q[:36], l["p50"], l["p95"],
          r.get("p50", 0), r.get("p95", 0), ratio))
PY
