#!/usr/bin/env python3
"""Threads that span hosts: two indexes built apart (host A, host B), each served by
xapian-tcpsrv on loopback, searched from a client index with no local shard, against one
index of both archives (the oracle, where the writer joined every thread).

Usage: cross-host-threads.py --lkmine build/cli/lkmine --a HOSTA_DB --b HOSTB_DB \
           --both BOTH_DB --list-a io-uring.vger.kernel.org --list-b linux-fscrypt.vger.kernel.org

Prints: the threads of the oracle holding mails of both lists, how many of them are split
between the hosts (host A's own thread lacks some of their mails), and how many the client's
`lkmine thread` gives exactly as the oracle does (the same JSON: same mails, same tree).
"""
import argparse
import json
import os
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


def thread_ids(lk, db, lst):
    out = run(lk, "search", "--db", db, "--json", "--limit", "1000000", "l:" + lst)
    by_thread = {}
    for line in out.splitlines():
        m = json.loads(line)
        by_thread.setdefault(m["thread_id"], m["message_id"])
    return by_thread


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
    ap.add_argument("--lkmine", required=True)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--both", required=True)
    ap.add_argument("--list-a", required=True)
    ap.add_argument("--list-b", required=True)
    o = ap.parse_args()
    lk = os.path.abspath(o.lkmine)
    servers, client = [], tempfile.mkdtemp(prefix="lkmine-client-")
    client = os.path.join(client, "db")
    try:
        run(lk, "shards", "init", "--db", client)
        for shard in shards_of(o.a) + shards_of(o.b):
            p, where = serve(shard)
            servers.append(p)
            run(lk, "shards", "add", "--db", client, "--remote", where)
        ta, tb = thread_ids(lk, o.both, o.list_a), thread_ids(lk, o.both, o.list_b)
        shared = sorted(set(ta) & set(tb))
        split = joined = 0
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
            else:
                print("differs: thread of <%s>: client %d mails, oracle %d" %
                      (msgid, len(ids_in(got)), len(whole)))
        print("threads with mails of both lists (oracle): %d" % len(shared))
        print("of which split between the hosts: %d" % split)
        print("split threads the client gives exactly as the oracle: %d of %d" % (joined, split))
        return 0 if joined == split else 1
    finally:
        for p in servers:
            p.kill()
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
