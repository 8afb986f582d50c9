#!/usr/bin/env bash
# Indexes the same mails cold with lkmine, notmuch, mu and public-inbox; prints rates, RSS, sizes, query latency.
#
# Usage: bench/index-peers.sh [options]
#   --corpora LIST     real,gen (default): real = the two real epochs in $CORPORA (linux-fscrypt
#                      + linux-tip-commits, 30k mails); gen = generated inboxes of --sizes mails
#   --sizes LIST       mails per generated corpus (default 100000), e.g. 100000,200000,1000000
#   --tools LIST       lkmine,notmuch,mu,public-inbox (default: all)
#   --incremental K    after the cold runs on a generated corpus, append K mails to its last
#                      epoch and time each tool's re-index (default 1000; 0: skip)
#   --queries N        timed runs per query (default 20)
#   --work DIR         corpora, Maildirs and indexes (default /tmp/lkmine-bench; needs ~25x
#                      the mails' size in GB per 1M mails)
#   --lkmine PATH      the lkmine binary (default build/cli/lkmine)
#   --query-bench PATH bench/query_bench binary (Google Benchmark, in-process StoreReader);
#                      used when it exists (default build/bench/query_bench)
#   --timeout SEC      limit for each timed step (default 7200); a step over it is reported
#   --no-install       do not apt-get install the peers when missing
#   --lkmine-shards S  1, 2 or 1,2 (default): lkmine with one shard, two, or both
#   --write-doc        write docs/BENCHMARKS.md (table + machine) besides printing it
#   --keep-results     add to WORK/results.tsv instead of starting it afresh (runs in parts)
#   --incremental-only no cold runs: append --incremental mails to the generated corpora and
#                      re-index the indexes an earlier run left in WORK/index
# Every index is made cold (new, empty directory) but with the page cache warm: on a shared
# machine we do not drop caches. Results go to WORK/results.tsv (one line per measure).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpora=real,gen sizes=100000 tools=lkmine,notmuch,mu,public-inbox incremental=1000 queries=20
work=/tmp/lkmine-bench lkmine=$root/build/cli/lkmine query_bench=$root/build/bench/query_bench
step_timeout=7200 install=1 write_doc=0 keep=0 cold=1 lkmine_shards=1,2
real_corpora=${CORPORA:-/work/shared/corpora}/public-inbox
while [ $# -gt 0 ]; do
	case $1 in
	--corpora) corpora=$2; shift ;;
	--sizes) sizes=$2; shift ;;
	--tools) tools=$2; shift ;;
	--incremental) incremental=$2; shift ;;
	--queries) queries=$2; shift ;;
	--work) work=$2; shift ;;
	--lkmine) lkmine=$2; shift ;;
	--query-bench) query_bench=$2; shift ;;
	--timeout) step_timeout=$2; shift ;;
	--no-install) install=0 ;;
	--lkmine-shards) lkmine_shards=$2; shift ;;
	--write-doc) write_doc=1 ;;
	--keep-results) keep=1 ;;
	--incremental-only) cold=0 ;;
	-h | --help) sed -n '2,29p' "$0"; exit 0 ;;
	*) echo "index-peers.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
has() { [[ ",$2," == *",$1,"* ]]; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

! has lkmine "$tools" || [ -x "$lkmine" ] || { echo "index-peers.sh: no lkmine at $lkmine (build it or pass --lkmine)" >&2; exit 2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 TZ=UTC
mkdir -p "$work"
results=$work/results.tsv
[ $keep = 1 ] || : > "$results"

# ---- the peers ---------------------------------------------------------------------------
need_pkgs=()
has notmuch "$tools" && ! command -v notmuch >/dev/null && need_pkgs+=(notmuch)
has mu "$tools" && ! command -v mu >/dev/null && need_pkgs+=(maildir-utils)
has public-inbox "$tools" && ! command -v public-inbox-index >/dev/null && need_pkgs+=(public-inbox)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	if [ $install = 1 ]; then
		log "installing ${need_pkgs[*]}"
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}" >/dev/null
	else
		echo "index-peers.sh: missing ${need_pkgs[*]} (drop --no-install or --tools)" >&2
		exit 2
	fi
fi
version() {
	case $1 in
	lkmine*) "$lkmine" --version ;;
	notmuch) notmuch --version ;;
	mu) mu --version | head -1 | sed 's/.*version/mu/' ;;
	public-inbox) echo "public-inbox $(dpkg-query -W -f '${Version}' public-inbox 2>/dev/null)" ;;
	esac
}

# ---- measuring ---------------------------------------------------------------------------
# timed NAME CMD...: runs CMD under /usr/bin/time -v with the step timeout; sets $secs, $rss_mb.
timed() {
	local name=$1; shift
	local tv=$work/time-$name.txt
	log "$name: $*"
	timeout "$step_timeout" /usr/bin/time -v -o "$tv" "$@" > "$work/out-$name.txt" 2>&1
	local rc=$?
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tv" 2>/dev/null)
	rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tv" 2>/dev/null)
	cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.0f", u + s }' "$tv" 2>/dev/null)
	if [ $rc -ne 0 ]; then
		log "$name: exit $rc (124 = over --timeout $step_timeout s); see $work/out-$name.txt"
		secs=${secs:-$step_timeout}
		return 1
	fi
	return 0
}
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >> "$results"; }
disk_mb() { du -sbc "$@" 2>/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1048576 }'; }

# ---- corpora -----------------------------------------------------------------------------
# A corpus: a name, its epochs (git dirs) grouped by inbox ("inbox=dir1 dir2;inbox2=...").
corpus_epochs() { # NAME -> list of epoch git dirs
	case $1 in
	real) ls -d "$real_corpora"/*/git/[0-9]*.git ;;
	gen*) ls -d "$work/corpora/$1/lkml/git/"[0-9]*.git | sort -t/ -k1,1 -V ;;
	esac
}
corpus_inboxes() { # NAME -> inbox directories (each with git/N.git)
	case $1 in
	real) ls -d "$real_corpora"/*/ ;;
	gen*) echo "$work/corpora/$1/lkml" ;;
	esac
}
make_corpus() {
	local name=$1
	case $name in
	gen*) local n=${name#gen}
		if [ ! -d "$work/corpora/$name/lkml/git/0.git" ]; then
			log "generating $n mails"
			python3 "$root/corpora/generate-lore.py" --mails "$n" --seed 1 --out "$work/corpora/$name" --name lkml >&2 || exit 1
		fi ;;
	esac
	local md=$work/maildir-$name
	# notmuch and mu read a Maildir; otherwise a sample is enough to pick the queries from.
	local sample=()
	has notmuch "$tools" || has mu "$tools" || sample=(--sample 2000)
	log "exporting $name to $md (not timed) ${sample[*]}"
	python3 "$root/bench/export_maildir.py" "${sample[@]}" "$md" $(corpus_epochs "$name") >/dev/null || exit 1
}
count_mails() { local n=0 e; for e in $(corpus_epochs "$1"); do n=$((n + $(git --git-dir="$e" rev-list --count master))); done; echo $n; }

# ---- queries -----------------------------------------------------------------------------
# Picks terms that exist in the corpus from one mail in its middle; sets q_* variables.
pick_queries() {
	local name=$1
	local md=$work/maildir-$name
	eval "$(python3 - "$md/cur" <<-'EOF'
		import datetime, email, email.policy, email.utils, os, re, shlex, sys
		d = sys.argv[1]
		names = sorted(os.listdir(d))
		# A mail from the middle of the corpus with a from, a subject word and some prose.
		for f in names[len(names) // 2:] + names[:len(names) // 2]:
		    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
		    try:
		        subj = [w for w in str(m["subject"] or "").split() if w.isalpha() and w.isascii() and len(w) > 4]
		        addr = email.utils.parseaddr(str(m["from"] or ""))[1]
		        part = m.get_body(("plain",))
		        text = part.get_content() if part else ""
		        date = email.utils.parsedate_to_datetime(str(m["date"])).date()
		        mid = str(m["message-id"] or "").strip().strip("<>")
		    except Exception:
		        continue
		    prose = [l for l in text.splitlines() if l and not l.startswith((">", "+", "-", " ", "@")) and len(re.findall(r"\b[a-z]{4,}\b", l)) > 3]
		    if not (subj and addr and prose and mid):
		        continue
		    words = re.findall(r"\b[a-z]{4,}\b", prose[len(prose) // 2])
		    i = len(words) // 2 - 1
		    lo, hi = date - datetime.timedelta(days=15), date + datetime.timedelta(days=15)
		    print("q_file=" + shlex.quote(f))
		    print("q_subject=" + shlex.quote(subj[-1].lower()))
		    print("q_from=" + shlex.quote(addr))
		    print("q_phrase=" + shlex.quote(words[i] + " " + words[i + 1]))
		    print("q_lo=" + lo.isoformat() + " q_hi=" + hi.isoformat())
		    print("q_mid=" + shlex.quote(mid))
		    break
	EOF
	)"
	log "queries from $q_file: s:$q_subject f:$q_from b:\"$q_phrase\" d:$q_lo..$q_hi m:$q_mid"
}
# query_line TOOL KIND -> the command line (array in $qcmd) for that kind
query_cmd() {
	local tool=${1%-2shards} kind=$2 lo=${q_lo//-/} hi=${q_hi//-/}
	case $tool:$kind in
	lkmine:subject) qcmd=(s:$q_subject) ;;
	lkmine:from) qcmd=(f:$q_from) ;;
	lkmine:phrase) qcmd=("b:\"$q_phrase\"") ;;
	lkmine:date) qcmd=(d:$q_lo..$q_hi) ;;
	lkmine:msgid) qcmd=("m:$q_mid") ;;
	notmuch:subject) qcmd=(subject:$q_subject) ;;
	notmuch:from) qcmd=(from:$q_from) ;;
	notmuch:phrase) qcmd=("body:\"$q_phrase\"") ;;
	notmuch:date) qcmd=(date:$q_lo..$q_hi) ;;
	notmuch:msgid) qcmd=("id:$q_mid") ;;
	mu:subject) qcmd=(s:$q_subject) ;;
	mu:from) qcmd=(f:$q_from) ;;
	mu:phrase) qcmd=("b:\"$q_phrase\"") ;;
	mu:date) qcmd=(d:$lo..$hi) ;;
	mu:msgid) qcmd=("i:$q_mid") ;;
	public-inbox:subject) qcmd=(s:$q_subject) ;;
	public-inbox:from) qcmd=(f:$q_from) ;;
	public-inbox:phrase) qcmd=("b:\"$q_phrase\"") ;;
	public-inbox:date) qcmd=(d:$lo..$hi) ;;
	public-inbox:msgid) qcmd=("m:$q_mid") ;;
	esac
}
kinds="subject from phrase date msgid"
time_queries() { # TOOL CORPUS INDEX...
	local tool=$1 corpus=$2; shift 2
	local kind r
	for kind in $kinds; do
		query_cmd "$tool" "$kind"
		case $tool in
		lkmine | lkmine-2shards) r=$(python3 "$root/bench/query_times.py" "$queries" "$lkmine" search --db "$1" -n 50 "${qcmd[0]}") ;;
		notmuch) r=$(NOTMUCH_CONFIG=$work/notmuch-config python3 "$root/bench/query_times.py" "$queries" notmuch search --limit=50 "${qcmd[0]}") ;;
		mu) r=$(python3 "$root/bench/query_times.py" "$queries" mu find --muhome="$1" -n 50 "${qcmd[0]}") ;;
		public-inbox) r=$(perl "$root/bench/pi_query.pl" "$queries" "${qcmd[0]}" "$@" 2>/dev/null) ;;
		esac
		record query "$corpus" "$tool" "$kind" $r
	done
	if [ "$tool" = lkmine ] || [ "$tool" = lkmine-2shards ]; then # process start: a query matching nothing
		r=$(python3 "$root/bench/query_times.py" "$queries" "$lkmine" search --db "$1" -n 50 "m:no-such-id@nowhere")
		record query "$corpus" "$tool" startup $r
		if [ -x "$query_bench" ]; then
			local out=$work/query_bench-$corpus.json
			LKMINE_BENCH_DB=$1 LKMINE_BENCH_QUERIES="s:$q_subject|f:$q_from|b:\"$q_phrase\"|d:$q_lo..$q_hi|m:$q_mid" \
				"$query_bench" --benchmark_format=json --benchmark_out="$out" >/dev/null 2>&1 &&
				python3 - "$out" "$corpus" >> "$results" <<-'EOF'
					import json, sys
					kinds = ["subject", "from", "phrase", "date", "msgid"]
					agg = {}
					for b in json.load(open(sys.argv[1]))["benchmarks"]:
					    if b.get("run_type") == "aggregate" and b["aggregate_name"] in ("p50", "p95"):
					        i = int(b["run_name"].split("/")[1])
					        agg.setdefault(i, {})[b["aggregate_name"]] = b["real_time"] / 1e6 if b["time_unit"] == "ns" else b["real_time"] / (1e3 if b["time_unit"] == "us" else 1)
					for i, v in sorted(agg.items()):
					    print(f"query\t{sys.argv[2]}\tlkmine-inproc\t{kinds[i]}\t{v['p50']:.2f}\t{v['p95']:.2f}\t-")
				EOF
		fi
	fi
}

# ---- one tool, one corpus ----------------------------------------------------------------
run_tool() { # TOOL CORPUS MAILS
	local tool=$1 corpus=$2 mails=$3 idx=$work/index/$1-$2
	rm -rf "$idx"; mkdir -p "$idx"
	local ok=1
	case $tool in
	lkmine | lkmine-2shards)
		local extra=()
		[ "$shards_opt" = 1 ] && extra=(--shards 1)
		[ $tool = lkmine-2shards ] && extra=(--shards 2)
		timed "$tool-$corpus" "$lkmine" index -q --db "$idx" "${extra[@]}" $(corpus_epochs "$corpus") || ok=0
		size=$(disk_mb "$idx") ;;
	notmuch)
		printf '[database]\npath=%s\nmail_root=%s\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n' \
			"$idx" "$work/maildir-$corpus" > "$work/notmuch-config"
		NOTMUCH_CONFIG=$work/notmuch-config timed "$tool-$corpus" notmuch new --quiet || ok=0
		size=$(disk_mb "$idx") ;;
	mu)
		mu init --muhome="$idx" --maildir="$work/maildir-$corpus" >/dev/null 2>&1
		timed "$tool-$corpus" mu index --muhome="$idx" --quiet || ok=0
		size=$(disk_mb "$idx") ;;
	public-inbox)
		export PI_CONFIG=$work/pi-config-$corpus
		rm -f "$PI_CONFIG"
		local dirs=() ib
		for ib in $(corpus_inboxes "$corpus"); do
			local nm; nm=$(basename "$ib")
			mkdir -p "$idx/$nm/git"
			for e in "$ib"/git/[0-9]*.git; do git clone -q --mirror "$e" "$idx/$nm/git/$(basename "$e")"; done
			public-inbox-init -V2 "$nm" "$idx/$nm" "http://example.org/$nm" "$nm@example.org" >/dev/null 2>&1
			dirs+=("$idx/$nm")
		done
		local git_mb; git_mb=$(disk_mb "${dirs[@]/%//git}")
		timed "$tool-$corpus" public-inbox-index --no-fsync "${dirs[@]}" || ok=0
		size=$(( $(disk_mb "${dirs[@]}") - git_mb )) ;;
	esac
	record index "$corpus" "$tool" "$mails" "$secs" "$rss_mb" "$size" "$cpu" "$ok"
	[ $ok = 1 ] || return 0
	case $tool in
	lkmine | lkmine-2shards) time_queries "$tool" "$corpus" "$idx" ;;
	notmuch | mu) time_queries "$tool" "$corpus" "$idx" ;;
	public-inbox) time_queries public-inbox "$corpus" "${dirs[@]}" ;;
	esac
}

# Appends K mails to the corpus and times each tool's re-index of what is new.
run_incremental() { # CORPUS K
	local corpus=$1 k=$2 tool
	log "appending $k mails to $corpus"
	python3 "$root/corpora/generate-lore.py" --append "$k" --seed 1 --out "$work/corpora/$corpus" --name lkml >&2 || return
	if has notmuch "$tools" || has mu "$tools"; then
		python3 "$root/bench/export_maildir.py" "$work/maildir-$corpus" $(corpus_epochs "$corpus") >/dev/null
	fi
	for tool in $run_tools; do
		local idx=$work/index/$tool-$corpus ok=1
		[ -d "$idx" ] || continue
		case $tool in
		lkmine | lkmine-2shards)
			local extra=()
			[ "$shards_opt" = 1 ] && [ $tool = lkmine ] && extra=(--shards 1) # an index keeps its count
			timed "$tool-$corpus-incr" "$lkmine" index -q --db "$idx" "${extra[@]}" $(corpus_epochs "$corpus") ;;
		notmuch) NOTMUCH_CONFIG=$work/notmuch-config timed "$tool-$corpus-incr" notmuch new --quiet ;;
		mu) timed "$tool-$corpus-incr" mu index --muhome="$idx" --quiet ;;
		public-inbox)
			for e in "$idx"/lkml/git/[0-9]*.git; do git --git-dir="$e" fetch -q origin '+refs/heads/*:refs/heads/*'; done
			local last; last=$(corpus_epochs "$corpus" | tail -1)
			[ -d "$idx/lkml/git/$(basename "$last")" ] || git clone -q --mirror "$last" "$idx/lkml/git/$(basename "$last")"
			PI_CONFIG=$work/pi-config-$corpus timed "$tool-$corpus-incr" public-inbox-index --no-fsync "$idx/lkml" ;;
		esac
		[ $? = 0 ] || ok=0
		record incremental "$corpus" "$tool" "$k" "$secs" "$rss_mb" - "$cpu" $ok
	done
}

# ---- main --------------------------------------------------------------------------------
run_tools=${tools//,/ }
shards_opt=0
if has lkmine "$tools" && "$lkmine" index --help 2>&1 | grep -q -- --shards; then
	shards_opt=1
	case $lkmine_shards in
	1) ;;
	2) run_tools=${run_tools/lkmine/lkmine-2shards} ;;
	*) run_tools=${run_tools/lkmine/lkmine lkmine-2shards} ;;
	esac
fi
corpus_list=()
has real "$corpora" && corpus_list+=(real)
if has gen "$corpora"; then for n in ${sizes//,/ }; do corpus_list+=("gen$n"); done; fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for corpus in "${corpus_list[@]}"; do
	if [ $cold = 1 ]; then
		make_corpus "$corpus"
		mails=$(count_mails "$corpus")
		pick_queries "$corpus"
		for tool in $run_tools; do run_tool "$tool" "$corpus" "$mails"; done
	fi
	case $corpus in gen*) [ "$incremental" -gt 0 ] && run_incremental "$corpus" "$incremental" ;; esac
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

versions=$(for t in $run_tools; do version "$t"; done | sort -u | paste -sd, | sed 's/,/, /g')
python3 "$root/bench/report.py" "$results" "$(nproc)" "$(free -g | awk '/Mem:/ { print $2 }')" \
	"$load_before" "$load_after" "$versions" > "$work/report.md"
cat "$work/report.md"
if [ $write_doc = 1 ]; then
	mkdir -p "$root/docs"
	cp "$work/report.md" "$root/docs/BENCHMARKS.md"
	log "wrote $root/docs/BENCHMARKS.md"
fi
