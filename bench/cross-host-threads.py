#!/usr/bin/env python3
"""Threads that span hosts: two indexes built apart (host A, host B), each served by
xapian-tcpsrv on loopback, searched from a client index with no local shard, against one
index of both archives (the oracle, where the writer joined every thread).

Usage: cross-host-threads.py --lkmine build/cli/lkmine --a HOSTA_DB --b HOSTB_DB --both BOTH_DB
       cross-host-threads.py --split EPOCH.git OUT_A.mbox OUT_B.mbox

Prints: the threads of the oracle holding mails of both hosts, how many of them are split
between the hosts (a host's own thread lacks some of their mails), and how many the client's
`lkmine thread` gives exactly as the oracle does (the same tree of the same mails).
--split writes the mails of a public-inbox epoch to two mboxrd files, the older half and the
newer half in commit order: one list archived by two hosts, before and after a date.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(shard):
    port = free_port()
    # setsid: on SIGTERM xapian-tcpsrv signals its whole process group.
    p = subprocess.Popen(["setsid", "xapian-tcpsrv", "--port", str(port), "--interface",
                          "127.0.0.1", "--quiet", shard])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p, "127.0.0.1:%d" % port
        except OSError:
            time.sleep(0.1)
    sys.exit("xapian-tcpsrv did not start for " + shard)


def shards_of(db):
    n = 0
    while os.path.isdir(os.path.join(db, "shard%d" % n)):
        n += 1
    return [os.path.join(db, "shard%d" % i) for i in range(n)]


def run(lk, *args):
    r = subprocess.run([lk, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("lkmine %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout


def mails(lk, db):
    """message_id -> thread_id of every mail of db."""
    out = run(lk, "search", "--db", db, "--json", "--limit", "1000000", "*")
    return {m["message_id"]: m["thread_id"] for m in map(json.loads, out.splitlines())}


def split_epoch(epoch, out_a, out_b):
    commits = subprocess.run(["git", "--git-dir", epoch, "log", "--reverse", "--format=%H"],
                             capture_output=True, text=True, check=True).stdout.split()
    cat = subprocess.Popen(["git", "--git-dir", epoch, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    half = len(commits) // 2
    files = [open(out_a, "wb"), open(out_b, "wb")]
    quoted = re.compile(rb"^(>*From )", re.M)
    written = [0, 0]
    for i, c in enumerate(commits):
        cat.stdin.write(c.encode() + b":m\n")
        cat.stdin.flush()
        head = cat.stdout.readline().split()
        if len(head) < 3 or head[1] != b"blob":
            continue  # a 'd' commit, or a blob the mirror lacks
        body = cat.stdout.read(int(head[2]))
        cat.stdout.read(1)
        f = files[i >= half]
        f.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
        f.write(quoted.sub(rb">\1", body).rstrip(b"\n") + b"\n\n")
        written[i >= half] += 1
    cat.stdin.close()
    cat.wait()
    for f in files:
        f.close()
    print("wrote %d mails to %s, %d to %s" % (written[0], out_a, written[1], out_b))


def ids_in(tree_json):
    ids = set()

    def walk(nodes):
        for n in nodes:
            if not n.get("ghost"):
                ids.add(n["message_id"])
            walk(n.get("children", []))

    walk(json.loads(tree_json)["roots"])
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", nargs=3, metavar=("EPOCH", "OUT_A", "OUT_B"))
    ap.add_argument("--lkmine")
    ap.add_argument("--a")
    ap.add_argument("--b")
    ap.add_argument("--both")
    o = ap.parse_args()
    if o.split:
        split_epoch(*o.split)
        return 0
    if not (o.lkmine and o.a and o.b and o.both):
        ap.error("give --lkmine, --a, --b and --both (or --split)")
    lk = os.path.abspath(o.lkmine)
    servers, client = [], tempfile.mkdtemp(prefix="lkmine-client-")
    client = os.path.join(client, "db")
    try:
        run(lk, "shards", "init", "--db", client)
        for shard in shards_of(o.a) + shards_of(o.b):
            p, where = serve(shard)
            servers.append(p)
            run(lk, "shards", "add", "--db", client, "--remote", where)
        in_a, in_b, oracle_threads = mails(lk, o.a), mails(lk, o.b), mails(lk, o.both)
        ta = {oracle_threads[m] for m in in_a if m in oracle_threads}
        tb = {}
        for m in in_b:
            if m in oracle_threads:
                tb.setdefault(oracle_threads[m], m)
        shared = sorted(ta & set(tb))
        split = joined = same = 0
        for tid in shared:
            msgid = tb[tid]
            oracle = run(lk, "thread", "--json", "--db", o.both, msgid)
            got = run(lk, "thread", "--json", "--db", client, msgid)
            alone_a = subprocess.run([lk, "thread", "--json", "--db", o.a, msgid],
                                     capture_output=True, text=True)
            alone_b = run(lk, "thread", "--json", "--db", o.b, msgid)
            whole = ids_in(oracle)
            is_split = ids_in(alone_b) != whole or (alone_a.returncode == 0 and
                                                   ids_in(alone_a.stdout) != whole)
            split += is_split
            # The thread id names one host's numbering: compare the trees.
            if json.loads(got)["roots"] == json.loads(oracle)["roots"]:
                joined += is_split
                same += 1
            else:
                print("differs: thread of <%s>: client %d mails, oracle %d" %
                      (msgid, len(ids_in(got)), len(whole)))
        print("mails: host A %d, host B %d, oracle %d" % (len(in_a), len(in_b),
                                                          len(oracle_threads)))
        print("threads with mails of both hosts (oracle): %d" % len(shared))
        print("of which split between the hosts: %d" % split)
        print("threads the client gives exactly as the oracle: %d of %d" % (same, len(shared)))
        print("split threads the client gives exactly as the oracle: %d of %d" % (joined, split))
        return 0 if same == len(shared) else 1
    finally:
        for p in servers:
            p.kill()
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
