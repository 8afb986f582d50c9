#!/usr/bin/env python3
"""Generates a kernel-shaped git history with git fast-import, for `bench/kgit-bench.sh`.

Shape (defaults scale with --commits; the kernel's figures in brackets):
- a deep tree (drivers/net/ethernet/vendorNN/fileNN.c ...), files created when first touched,
  --files of them at most [~90k];
- files per commit and changed lines per commit drawn from heavy-tailed distributions
  (median 1 file and ~12 lines, a tail to hundreds) [kernel: median 1-2 files, ~20 lines];
- topic branches merged with --no-ff merges (one merge per ~12 commits) [~8% merges];
- a v tag every --tag-every commits [~15k per release];
- trailers: Signed-off-by always, Link: 50%, Fixes: 12%, Reported-by: 8% (a third syzbot);
- --stable stable branches linux-X.Y.y cut at the last tags, carrying backports of 5% of the
  later mainline commits ("commit X upstream." or "[ Upstream commit X ]"; when the stable
  file differs from the upstream pre-image the change is re-applied there, as stable
  maintainers edit context) and a stable tag every 40 backports.

Usage: gen-kernel-history.py OUT_DIR --commits N [--files F] [--stable 2] [--seed 1]
       gen-kernel-history.py OUT_DIR --append N   (N more mainline commits, for +1k timings)
"""
import argparse
import os
import pickle
import random
import subprocess
import sys

WORDS = ("skb dev priv ret err len buf node list lock page map ctx req cfg irq dma reg val "
         "flags state data size count idx offset queue entry work timer phy port link").split()
TOPS = ["drivers", "drivers", "drivers", "drivers", "arch", "fs", "net", "sound", "include",
        "kernel", "mm", "tools", "Documentation"]


def rand_line(rng):
    w = rng.choice(WORDS)
    k = rng.randrange(6)
    if k == 0:
        return "\t%s = %s_%d(%s);" % (w, rng.choice(WORDS), rng.randrange(999), rng.choice(WORDS))
    if k == 1:
        return "\tif (%s->%s)" % (w, rng.choice(WORDS))
    if k == 2:
        return "\t\treturn -E%s;" % rng.choice(["INVAL", "NOMEM", "BUSY", "IO"])
    if k == 3:
        return "static int %s_%s_%d(struct %s *%s)" % (w, rng.choice(WORDS), rng.randrange(99),
                                                   rng.choice(WORDS), w)
    return "\t%s_%s(%s, %d);" % (w, rng.choice(WORDS), rng.choice(WORDS), rng.randrange(4096))


def heavy(rng, median, cap):
    return max(1, min(cap, int(rng.lognormvariate(0, 1.1) * median)))


class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.args = args
        self.files = {}  # path -> tuple of lines (mainline tip)
        self.paths = []
        self.mark = 0
        self.time = 1_100_000_000
        self.count = 0
        self.major, self.minor = 3, 0
        self.tags = []  # (name, mark, files snapshot)
        self.candidates = []  # (mark, subject, author, time, [(path, old, new)])
        self.subjects = {}

    def new_path(self):
        rng = self.rng
        top = rng.choice(TOPS)
        depth = rng.choice([1, 2, 2, 3, 3, 4])
        parts = [top] + ["%s%d" % (rng.choice(WORDS), rng.randrange(40)) for _ in range(depth)]
        return "/".join(parts) + "/%s%d.%s" % (rng.choice(WORDS), rng.randrange(60),
                                               rng.choice("cccch"))

    def pick_paths(self):
        n = heavy(self.rng, 1, 60)
        out = set()
        for _ in range(n):
            if self.paths and (len(self.paths) >= self.args.files or self.rng.random() < 0.8):
                out.add(self.rng.choice(self.paths))
            else:
                p = self.new_path()
                if p not in self.files:
                    self.files[p] = tuple(rand_line(self.rng) for _ in range(self.rng.randrange(20, 200)))
                    self.paths.append(p)
                out.add(p)
        return sorted(out)

    def edit(self, lines, nlines):
        rng = self.rng
        lines = list(lines)
        at = rng.randrange(len(lines) + 1)
        drop = rng.randrange(0, min(nlines, len(lines) - at) + 1) if lines else 0
        new = [rand_line(rng) for _ in range(max(1, nlines - drop))]
        lines[at:at + drop] = new
        return tuple(lines)

    def data(self, out, text):
        b = text.encode()
        out.write(b"data %d\n" % len(b))
        out.write(b)
        out.write(b"\n")

    def message(self, subject, author):
        rng = self.rng
        body = [subject, "", "%s %s." % (rng.choice(WORDS), " ".join(rng.choice(WORDS) for _ in range(12))), ""]
        if self.count > 100 and rng.random() < 0.12:
            old = rng.choice(list(self.subjects.items()))
            body.append('Fixes: %s ("%s")' % (old[0], old[1]))
        if rng.random() < 0.08:
            who = ("syzbot+%012x@syzkaller.appspotmail.com" % rng.getrandbits(48)
                   if rng.random() < 0.33 else "Rita Reporter <rita%d@example.org>" % rng.randrange(500))
            body.append("Reported-by: " + who)
        body.append("Signed-off-by: %s" % author)
        if rng.random() < 0.5:
            body.append("Link: https://lore.kernel.org/r/%d.%d@example.org" % (self.time, self.count))
        return "\n".join(body) + "\n"

    def commit(self, out, ref, parent, merge=None, changes=None, subject=None, msg=None, when=None):
        rng = self.rng
        self.mark += 1
        self.count += 1
        self.time += rng.randrange(60, 1800)
        a = rng.randrange(3000)
        author = "Dev %d <dev%d@example.org>" % (a, a)
        subject = subject or "%s: %s %s %s" % (rng.choice(WORDS), rng.choice(["fix", "add", "remove", "use"]),
                                                rng.choice(WORDS), rng.choice(WORDS))
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        out.write(b"author %s %d +0000\n" % (author.encode(), when or self.time))
        out.write(b"committer Maint <maint@example.org> %d +0000\n" % self.time)
        self.data(out, msg or self.message(subject, author))
        if parent:
            out.write(b"from :%d\n" % parent)
        if merge:
            out.write(b"merge :%d\n" % merge)
        for path, blob in (changes or []):
            out.write(b"M 100644 inline %s\n" % path.encode())
            self.data(out, "\n".join(blob) + "\n")
        out.write(b"\n")
        return self.mark, subject, author

    def mainline(self, out, n, head):
        rng = self.rng
        done = 0
        while done < n:
            topic = heavy(rng, 8, 60) if rng.random() < 0.5 else 0
            base = head
            ref = "refs/heads/topic" if topic else "refs/heads/master"
            touched = {}
            for _ in range(max(1, topic)):
                changes = []
                record = []
                for p in self.pick_paths():
                    old = self.files[p]
                    new = self.edit(old, heavy(rng, 12, 400))
                    self.files[p] = new
                    changes.append((p, new))
                    record.append((p, old, new))
                    touched[p] = new
                head, subject, author = self.commit(out, ref, head, changes=changes)
                self.subjects[":%d" % head] = subject
                if rng.random() < self.args.backport_rate * 1.2:
                    self.candidates.append((head, subject, author, self.time, record))
                done += 1
                if self.count % self.args.tag_every == 0:
                    self.tag_release(out, head)
            if topic:
                head, _, _ = self.commit(out, "refs/heads/master", base, merge=head,
                                         changes=sorted(touched.items()),
                                         subject="Merge branch 'topic'",
                                         msg="Merge branch '%s-next'\n" % rng.choice(WORDS))
        return head

    def tag_release(self, out, mark):
        self.minor += 1
        if self.minor == 20:
            self.major, self.minor = self.major + 1, 0
        name = "v%d.%d" % (self.major, self.minor)
        out.write(b"tag %s\nfrom :%d\ntagger Linus <linus@example.org> %d +0000\n" % (name.encode(), mark, self.time))
        self.data(out, name)
        self.tags.append((name, mark, dict(self.files), len(self.candidates)))


def import_stream(repo, write, marks_in=None):
    cmd = ["git", "-C", repo, "fast-import", "--quiet", "--export-marks=marks"]
    if marks_in:
        cmd.append("--import-marks=marks")
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    write(p.stdin)
    p.stdin.close()
    if p.wait() != 0:
        sys.exit("git fast-import failed")
    marks = {}
    with open(os.path.join(repo, "marks")) as f:
        for line in f:
            m, sha = line.split()
            marks[int(m[1:])] = sha
    return marks


def stable_branches(g, out, marks):
    rng = g.rng
    for tag, tag_mark, files, first in g.tags[-g.args.stable:] if g.args.stable else []:
        series = tag[1:]
        files = dict(files)
        head = tag_mark
        n = 0
        for mark, subject, author, when, record in g.candidates[first:]:
            if rng.random() > g.args.backport_rate / (g.args.backport_rate * 1.2):
                continue
            changes = []
            for p, old, new in record:
                cur = files.get(p)
                files[p] = new if cur == old else g.edit(cur or old, 3)
                changes.append((p, files[p]))
            line = ("commit %s upstream." % marks[mark] if rng.random() < 0.7
                    else "[ Upstream commit %s ]" % marks[mark])
            msg = "%s\n\n%s\n\nbody\n\nSigned-off-by: %s\nSigned-off-by: Greg <greg@example.org>\n" % (
                subject, line, author)
            head, _, _ = g.commit(out, "refs/heads/linux-%s.y" % series, head, changes=changes,
                                  msg=msg, when=when)
            n += 1
            if n % 40 == 0:
                name = "%s.%d" % (tag, n // 40)
                out.write(b"tag %s\nfrom :%d\ntagger Greg <greg@example.org> %d +0000\n" % (name.encode(), head, g.time))
                g.data(out, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--append", type=int, default=0)
    ap.add_argument("--files", type=int, default=0, help="default: commits / 4, at most 90000")
    ap.add_argument("--tag-every", type=int, default=15000)
    ap.add_argument("--stable", type=int, default=2)
    ap.add_argument("--backport-rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    state = os.path.join(args.out, "gen-state.pickle")
    if args.append:
        with open(state, "rb") as f:
            g = pickle.load(f)
        g.args.stable = 0
        head = g.head
        import_stream(args.out, lambda out: setattr(g, "head", g.mainline(out, args.append, head)), True)
    else:
        args.files = args.files or min(90000, max(1000, args.commits // 4))
        subprocess.check_call(["git", "init", "-q", "-b", "master", args.out])
        g = Gen(args)
        marks = import_stream(args.out, lambda out: setattr(g, "head", g.mainline(out, args.commits, None)))
        import_stream(args.out, lambda out: stable_branches(g, out, marks), True)
        subprocess.check_call(["git", "-C", args.out, "checkout", "-q", "-f", "master"])
    g.tags = [(t[0], t[1], {}, t[3]) for t in g.tags]  # --append needs the tip's files only
    with open(state, "wb") as f:
        pickle.dump(g, f)


if __name__ == "__main__":
    main()
