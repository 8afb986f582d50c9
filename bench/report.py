#!/usr/bin/env python3
# Turns index-peers.sh's results.tsv into the markdown of docs/BENCHMARKS.md (tables, ratios, machine).
"""Usage: report.py RESULTS.tsv NPROC RAM_GB LOAD_BEFORE LOAD_AFTER VERSIONS

results.tsv lines (tab separated):
  index       CORPUS TOOL MAILS SECONDS RSS_MB INDEX_MB CPU_S OK
  incremental CORPUS TOOL MAILS SECONDS RSS_MB - CPU_S OK
  query       CORPUS TOOL KIND P50_MS P95_MS HITS
"""
import collections
import datetime
import sys

KINDS = ["subject", "from", "phrase", "date", "msgid"]


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def main():
    path, nproc, ram, load0, load1, versions = sys.argv[1:7]
    index, incr, query = [], [], collections.defaultdict(dict)
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "index":
            index.append(f[1:])
        elif f[0] == "incremental":
            incr.append(f[1:])
        elif f[0] == "query" and len(f) >= 6:
            query[(f[1], f[2])][f[3]] = (num(f[4]), num(f[5]), f[6] if len(f) > 6 else "-")
    out = []
    w = out.append
    w("# Benchmarks: lkmine against notmuch, mu and public-inbox\n")
    w(f"Measured {datetime.date.today().isoformat()} by `bench/index-peers.sh` on a machine with "
      f"{nproc} cores and {ram} GB RAM, shared with other jobs: load average {load0} before the "
      f"run, {load1} after (a load above {nproc} means the figures are lower than on an idle "
      f"machine, for every tool alike). Versions: {versions}.\n")
    w("Every index is built cold (new empty directory; page cache warm, caches not dropped on a "
      "shared machine) from the same mails: lkmine and public-inbox read the public-inbox v2 "
      "epochs, notmuch and mu a Maildir exported from them beforehand (not timed). "
      "public-inbox-index ran with `--no-fsync` and its default indexlevel (full). "
      "On a loaded shared machine the wall time mostly measures the other jobs; the CPU "
      "seconds (user + system, all threads) are the comparable figure, and their ratio is the "
      "second number of the 'faster by' column.\n")
    corpora = list(dict.fromkeys(r[0] for r in index))
    for corpus in corpora:
        rows = [r for r in index if r[0] == corpus]
        base = next((r for r in rows if r[1] == "lkmine"), None)
        w(f"## Corpus `{corpus}` ({rows[0][2]} mails)\n")
        w("| tool | wall s | mails/s (wall) | CPU s | mails per CPU s | lkmine faster by (wall / CPU) | peak RSS MB | index MB |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for c, tool, mails, secs, rss, size, cpu, ok in rows:
            s, cs = num(secs), num(cpu)
            rate = int(mails) / s if s else 0
            crate = int(mails) / cs if cs else 0
            ratio = ""
            if base and not tool.startswith("lkmine") and s and ok == "1":
                ratio = f"{s / num(base[3]):.1f}x / {cs / num(base[6]):.1f}x" if cs and num(base[6]) else f"{s / num(base[3]):.1f}x"
            flag = "" if ok == "1" else " (failed or timed out: partial)"
            w(f"| {tool}{flag} | {s:.0f} | {rate:.0f} | {cpu} | {crate:.0f} | {ratio} | {rss} | {size} |")
        w("")
        tools = [t for (c, t) in query if c == corpus]
        if tools:
            w("Query latency, ms, p50 / p95 (50 results; CLI tools timed as whole processes, warm "
              "cache; `lkmine-inproc` and public-inbox timed inside one process):\n")
            w("| tool | " + " | ".join(KINDS) + " | process start |")
            w("|---|" + "---:|" * (len(KINDS) + 1))
            for t in tools:
                q = query[(corpus, t)]
                cells = []
                for k in KINDS + ["startup"]:
                    v = q.get(k)
                    cells.append("" if not v or v[0] is None else f"{v[0]:.1f} / {v[1]:.1f}"
                                 + ("" if v[2] in ("-", "") or k == "startup" else f" ({v[2]})"))
                name = t + (" (in-process)" if t == "public-inbox" else "")
                w(f"| {name} | " + " | ".join(cells) + " |")
            w("\n(n) after a figure: lines printed, or hits, by the last run.\n")
        rows = [r for r in incr if r[0] == corpus]
        if rows:
            w(f"Incremental: {rows[0][2]} mails appended to the last epoch, then each tool's "
              "re-index of the grown corpus:\n")
            w("| tool | wall s | CPU s | new mails/s |")
            w("|---|---:|---:|---:|")
            for c, tool, mails, secs, rss, _, cpu, ok in rows:
                s = num(secs)
                w(f"| {tool} | {s:.1f} | {cpu} | {int(mails) / s if s else 0:.0f} |")
            w("")
    estimates(w, index, int(nproc))
    w("## Reproduce\n")
    w("```sh\n"
      "cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DLKMINE_BUILD_GUI=OFF -DLKMINE_BUILD_BENCH=ON\n"
      "cmake --build build -j1 --target lkmine query_bench\n"
      "bench/index-peers.sh --corpora real,gen --sizes 100000 --write-doc      # this page\n"
      "bench/index-peers.sh --corpora gen --sizes 1000000 --incremental 1000  # issue 7: 1M cold + 1k incremental\n"
      "corpora/generate-lore.py --mails 100000 --seed 1 --out /tmp/gen --name lkml   # the corpus alone\n"
      "```\n")
    w("The generated corpus (`corpora/generate-lore.py`, seed 1) has lore's shape: patch series "
      "with covers and v1..v4 revisions weeks apart, reviews quoting the diff with trailers, "
      "discussions up to 40 deep, replies to lost parents, syzbot reports; RFC 2047 and "
      "quoted-printable/base64 bodies in utf-8 and iso-8859-1; 1 KB to 200 KB, 9 KB on average. "
      "Its words are drawn from a small vocabulary, so its posting lists are denser than real "
      "mail's: term-heavy work (tokenising, Xapian updates) is if anything overstated.\n")
    print("\n".join(out))


def estimates(w, index, nproc):
    """Scales lkmine's largest cold run to LKML and to all of lore, on 1 and N machines."""
    runs = [r for r in index if r[1] == "lkmine" and r[7] == "1" and num(r[3])]
    if not runs:
        return
    c, tool, mails, secs, rss, size, cpu, ok = max(runs, key=lambda r: int(r[2]))
    mails, secs, cpu, size = int(mails), num(secs), num(cpu) or 0, num(size) or 0
    wall_rate = mails / secs
    cpu_rate = nproc * mails / cpu if cpu else wall_rate  # both cores ours, the CPU the bound
    per_mail_kb = size * 1024 / mails
    w("## Estimates: all of LKML and all of lore\n")
    w(f"From lkmine's largest cold run here (`{c}`, {mails} mails): {wall_rate:.0f} mails/s "
      f"measured on the shared machine; {cpu_rate:.0f} mails/s if both cores were ours "
      f"({cpu:.0f} CPU s for {mails} mails, so the CPU is the bound); index "
      f"{per_mail_kb:.1f} KB per mail. Assumptions: LKML ~5M mails; all of lore ~30M mails "
      "(an assumption: lore has several hundred lists, LKML the biggest; check "
      "`lore.kernel.org/manifest.js.gz` for the real count); the rate stays flat as the "
      "index grows (Xapian's B-trees grow logarithmically, but the 100k run is far from 30M, "
      "so treat these as lower bounds of the time); N machines each index their own epochs "
      "into their own shards (searched together through xapian-tcpsrv, DESIGN.md §5), so "
      "the time divides by N.\n")
    w("| archive | mails | 1 machine, as measured | 1 machine, CPU bound | 4 machines | 16 machines | index on disk |")
    w("|---|---:|---:|---:|---:|---:|---:|")

    def dur(s):
        return f"{s / 3600:.1f} h" if s >= 3600 else f"{s / 60:.0f} min"
    for name, n in (("LKML", 5_000_000), ("all of lore (assumed)", 30_000_000)):
        w(f"| {name} | {n / 1e6:.0f}M | {dur(n / wall_rate)} | {dur(n / cpu_rate)} | "
          f"{dur(n / cpu_rate / 4)} | {dur(n / cpu_rate / 16)} | {n * per_mail_kb / 1e6:.0f} GB |")
    w("")


if __name__ == "__main__":
    main()
