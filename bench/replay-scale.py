#!/usr/bin/env python3
"""Replays real public-inbox epochs N times into a generated public-inbox v2 inbox (about 1M mails
from the three shared epochs and 16 rounds), for benchmarks at scale on real-shaped mails.

The real epochs are read with git (`git log --raw` + `git cat-file --batch`), merged by commit
time, and each mail is written ROUNDS times in a row, round 0 unchanged. Round r > 0 changes
only what makes it another mail of another set of people in the same weeks:
- every `<id>` of Message-ID, In-Reply-To and References becomes `<rR.id>` (threads stay
  threads, never joined across rounds);
- every address in From, To, Cc, Reply-To and Sender gets its domain prefixed (`a@b.org` ->
  `a@rR.b.org`): a copy of a series is another author's series, not a revision of the first;
- the Date header moves r * --shift seconds later (default 1.5 hours; zone kept).
Bodies (text, diffs, trailers) are left as they are, so the words, stems, phrases, file names
and sizes are the real lists' ones, at ROUNDS times the traffic: a 1M-mail archive as dense as
a big list (about 400 mails a day here), not one list stretched over a century.

Mails go into OUT/git/N.git, --per-epoch mails each (default 250,000, as lore's epochs), one
`git fast-import` per epoch (zlib level 1, no deltas). Deletion commits are not replayed; an
unreadable blob (io-uring's missing object) is skipped and counted.

    bench/replay-scale.py --out /work/tmp/scale1m/inbox --rounds 16 \
        ../shared/corpora/public-inbox/{linux-fscrypt,io-uring,linux-tip-commits}/git/0.git
Disk: about 3.3 GB of packs for 1M mails (9 GB raw). Time: about 10-20 min of one core.
"""
import argparse
import email.utils
import heapq
import os
import re
import subprocess
import sys
import threading
import time

ID = re.compile(rb"<([^<>]+)>")
ADDR = re.compile(rb"([A-Za-z0-9._%+=/-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
ID_FIELDS = {b"message-id", b"in-reply-to", b"references"}
ADDR_FIELDS = {b"from", b"to", b"cc", b"reply-to", b"sender"}


def epoch_mails(gd, skipped):
    """(commit time, blob bytes) of each mail commit of the epoch, oldest first."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    log = subprocess.run(["git", "--git-dir", gd, "log", "--reverse", "--raw", "--no-abbrev",
                          "--format=C %ct"], capture_output=True, check=True, env=env).stdout
    todo, t = [], 0
    for line in log.split(b"\n"):
        if line.startswith(b"C "):
            t = int(line[2:])
        elif line.startswith(b":") and line.endswith(b"\tm"):
            todo.append((t, line.split()[3]))
    cat = subprocess.Popen(["git", "--git-dir", gd, "cat-file", "--batch"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, env=env, bufsize=1 << 20)

    def feed():
        for _, blob in todo:
            cat.stdin.write(blob + b"\n")
        cat.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    for t, _ in todo:
        head = cat.stdout.readline().split()
        if len(head) < 3 or head[1] == b"missing":
            skipped.append(gd)
            continue
        data = cat.stdout.read(int(head[2]))
        cat.stdout.read(1)
        yield t, data
    cat.wait()


def header_fields(head):
    """The header block cut into fields (each a list of its physical lines)."""
    fields = []
    for line in head.split(b"\n"):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1].append(line)
        else:
            fields.append([line])
    return fields


def shift_date(value, seconds):
    """The Date value moved by seconds, in its own zone (None when unparsable)."""
    try:
        tup = email.utils.parsedate_tz(value.decode("ascii", "replace").strip())
        if not tup or tup[9] is None:
            return None
        off = tup[9]
        local = time.gmtime(email.utils.mktime_tz(tup) + seconds + off)
        sign = b"-" if off < 0 else b"+"
        return time.strftime("%a, %d %b %Y %H:%M:%S ", local).encode() + sign + \
            b"%02d%02d" % (abs(off) // 3600, abs(off) % 3600 // 60)
    except (ValueError, OverflowError, TypeError):
        return None


def rewrite(raw, r, shift):
    """Round r's copy of a mail (round 0: the mail itself)."""
    if r == 0:
        return raw
    cut = min((c for c in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if c >= 0), default=-1)
    head, body = (raw, b"") if cut < 0 else (raw[:cut], raw[cut:])
    tag = b"r%d." % r
    out = []
    for lines in header_fields(head):
        field = b"\n".join(lines)
        name = field.split(b":", 1)[0].strip().lower()
        if name in ID_FIELDS:
            field = ID.sub(lambda m: b"<" + tag + m.group(1) + b">", field)
        elif name in ADDR_FIELDS:
            field = ADDR.sub(lambda m: m.group(1) + b"@" + tag + m.group(2), field)
        elif name == b"date":
            moved = shift_date(field.split(b":", 1)[1].replace(b"\n", b" "), r * shift)
            if moved:
                field = b"Date: " + moved
        out.append(field)
    return b"\n".join(out) + body


class Epochs:
    def __init__(self, base, per_epoch):
        self.base, self.per_epoch, self.n, self.proc = base, per_epoch, 0, None
        self.env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
                        LC_ALL="C", TZ="UTC")

    def add(self, t, mail):
        if self.n % self.per_epoch == 0:
            self.finish()
            gd = os.path.join(self.base, f"{self.n // self.per_epoch}.git")
            subprocess.run(["git", "init", "-q", "--bare", gd], check=True, env=self.env)
            self.proc = subprocess.Popen(["git", "--git-dir", gd, "-c", "pack.compression=1",
                                          "fast-import", "--quiet", "--done", "--depth=0"],
                                         stdin=subprocess.PIPE, env=self.env, bufsize=1 << 20)
        self.proc.stdin.write(b"commit refs/heads/master\ncommitter replay <replay@example.org> "
                              b"%d +0000\ndata 7\nreplay\nM 100644 inline m\ndata %d\n%s\n"
                              % (t, len(mail), mail))
        self.n += 1

    def finish(self):
        if self.proc:
            self.proc.stdin.write(b"done\n")
            self.proc.stdin.close()
            if self.proc.wait() != 0:
                sys.exit("replay-scale.py: git fast-import failed")
            self.proc = None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("epochs", nargs="+", help="real public-inbox epoch git dirs")
    ap.add_argument("--out", required=True, help="the inbox to make (OUT/git/N.git)")
    ap.add_argument("--rounds", type=int, default=16)
    ap.add_argument("--shift", type=int, default=5400, help="seconds between rounds' dates")
    ap.add_argument("--per-epoch", type=int, default=250_000)
    ap.add_argument("--limit", type=int, default=0, help="stop after this many mails written")
    a = ap.parse_args()
    base = os.path.join(a.out, "git")
    if os.path.exists(os.path.join(base, "0.git")):
        sys.exit(f"replay-scale.py: {base}/0.git exists")
    os.makedirs(base, exist_ok=True)
    skipped, size = [], 0
    out = Epochs(base, a.per_epoch)
    merged = heapq.merge(*(epoch_mails(e, skipped) for e in a.epochs), key=lambda x: x[0])
    done = False
    for t, raw in merged:
        for r in range(a.rounds):
            mail = rewrite(raw, r, a.shift)
            out.add(t + r, mail)
            size += len(mail)
            if a.limit and out.n >= a.limit:
                done = True
                break
        if done:
            break
    out.finish()
    with open(os.path.join(a.out, "replay.done"), "w") as f:  # bench/scale-1m.sh checks it
        f.write(f"{out.n} mails, {a.rounds} rounds, {len(skipped)} unreadable skipped\n")
    print(f"replay-scale.py: {out.n} mails ({size / 1e9:.2f} GB raw) in "
          f"{(out.n + a.per_epoch - 1) // a.per_epoch} epochs under {base}; "
          f"{len(skipped)} unreadable blobs skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
