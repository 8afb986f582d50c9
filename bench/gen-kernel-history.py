#!/usr/bin/env python3
"""Generates a kernel-shaped git history with git fast-import, for `bench/kgit-bench.sh`.

Shape (defaults scale with --commits; the kernel's figures in brackets):
- a deep tree: a skeleton of directories grown by preferential attachment under the kernel's
  top-level names (drivers/ the largest), ~16 files a directory, depth up to 7; files created
  when first touched, --files of them at most [~90k files, ~5k directories];
- files per commit and changed lines per commit drawn from heavy-tailed distributions
  (median 1 file and ~12 lines, a tail to hundreds), a commit's files mostly in one directory;
  each file keeps a length of its own (median ~80 lines) that edits drift back to
  [kernel: median 1-2 files, ~20 lines];
- topic branches merged with --no-ff merges (one merge per ~12 commits) [~8% merges];
- a v tag every --tag-every commits [~15k per release];
- trailers: Signed-off-by always, Link: 50%, Fixes: 12% (a 12-digit id of an earlier commit
  and its subject, ids asked of fast-import with get-mark), Reported-by: 8% (a third syzbot);
- --stable stable branches linux-X.Y.y cut at the last tags, carrying backports of 5% of the
  later mainline commits ("commit X upstream." or "[ Upstream commit X ]"; when the stable
  file differs from the upstream pre-image the change is re-applied there, as stable
  maintainers edit context) and a stable tag every 40 backports.

Speed: lines come from a fixed pool of random lines, only touched files are sent (inline data),
and everything goes to fast-import through one buffered pipe; ~1.3M commits are tens of CPU
minutes, most of them fast-import's.

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
TOPS = [("drivers", 40), ("arch", 14), ("fs", 8), ("net", 7), ("include", 6), ("sound", 5),
        ("tools", 5), ("Documentation", 5), ("kernel", 2), ("mm", 1), ("lib", 1),
        ("crypto", 1), ("security", 1), ("block", 1), ("scripts", 1), ("samples", 1)]
POOL_BITS = 16
FIXES_SAMPLE = 2000  # commits between two get-mark rounds (ids for later Fixes: lines)


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


def skeleton(rng, nfiles):
    """All file paths the history may create, in the order it creates them."""
    dirs, depth, slots, kids = [], [], [], []
    for name, weight in TOPS:
        dirs.append(name), depth.append(1), kids.append(set())
        slots += [len(dirs) - 1] * weight
    while len(dirs) < max(len(TOPS), nfiles // 16):
        parent = slots[rng.randrange(len(slots))]
        if depth[parent] >= 6:
            continue
        name = "%s%d" % (rng.choice(WORDS), rng.randrange(100))
        if name in kids[parent]:
            continue
        kids[parent].add(name)
        dirs.append(dirs[parent] + "/" + name), depth.append(depth[parent] + 1), kids.append(set())
        slots += [parent, len(dirs) - 1]
    seen, paths = set(), []
    while len(paths) < nfiles:  # few files at the top level, the rest where the tree is busy
        i = slots[rng.randrange(len(slots))]
        if depth[i] == 1 and len(dirs) > len(TOPS) and rng.random() < 0.95:
            continue
        d = dirs[i]
        p = "%s/%s_%s%d.%s" % (d, rng.choice(WORDS), rng.choice(WORDS), rng.randrange(100),
                               rng.choice("cccch"))
        if p not in seen:
            seen.add(p), paths.append(p)
    paths.reverse()  # popped from the end
    return paths


class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.args = args
        self.pool = [rand_line(self.rng) for _ in range(1 << POOL_BITS)]
        self.unborn = skeleton(self.rng, args.files)
        self.files = {}  # path -> tuple of lines (mainline tip)
        self.target = {}  # path -> the length its edits drift back to
        self.paths = []  # created files
        self.by_dir = {}  # directory -> its created files
        self.mark = 0
        self.time = 1_100_000_000
        self.count = 0
        self.major, self.minor = 3, 0
        self.tags = []  # (name, mark, files snapshot or None, first candidate)
        self.candidates = []  # (mark, subject, author, time, [(path, old, new)])
        self.cand_off = 0  # candidates before this index were dropped
        self.recent = []  # (mark, subject) since the last get-mark round
        self.known = []  # (12-digit id, subject) for Fixes: lines
        self.head = None

    def lines(self, n):
        bits, pool = self.rng.getrandbits, self.pool
        return [pool[bits(POOL_BITS)] for _ in range(n)]

    def create(self, d=None):
        p = self.unborn.pop()
        self.target[p] = min(800, heavy(self.rng, 80, 800) + 10)
        self.files[p] = tuple(self.lines(self.target[p]))
        self.paths.append(p)
        self.by_dir.setdefault(p.rsplit("/", 1)[0], []).append(p)
        return p

    def pick_paths(self):
        rng = self.rng
        n = heavy(rng, 1, 60)
        out = set()
        first = None
        for _ in range(n):
            if first and rng.random() < 0.75:  # most commits stay in one directory
                near = self.by_dir[first.rsplit("/", 1)[0]]
                out.add(near[rng.randrange(len(near))])
            elif self.unborn and (not self.paths or rng.random() < 0.2):
                out.add(self.create())
            else:
                out.add(self.paths[rng.randrange(len(self.paths))])
            first = first or next(iter(out))
        return sorted(out)

    def edit(self, path, lines, nlines):
        rng = self.rng
        excess = max(0, len(lines) - self.target.get(path, 80))
        at = rng.randrange(len(lines) + 1)
        drop = min(len(lines) - at, rng.randrange(nlines + 1) + excess // 2)
        return lines[:at] + tuple(self.lines(max(1, nlines - drop))) + lines[at + drop:]

    @staticmethod
    def data(text):
        return b"data %d\n%s\n" % (len(text), text)

    def message(self, subject, author):
        rng = self.rng
        body = [subject, "", "%s %s." % (rng.choice(WORDS), " ".join(rng.choice(WORDS) for _ in range(12))), ""]
        if self.known and rng.random() < 0.12:
            sha, subj = self.known[rng.randrange(len(self.known))]
            body.append('Fixes: %s ("%s")' % (sha, subj))
        if rng.random() < 0.08:
            who = ("syzbot+%012x@syzkaller.appspotmail.com" % rng.getrandbits(48)
                   if rng.random() < 0.33 else "Rita Reporter <rita%d@example.org>" % rng.randrange(500))
            body.append("Reported-by: " + who)
        body.append("Signed-off-by: %s" % author)
        if rng.random() < 0.5:
            body.append("Link: https://lore.kernel.org/r/%d.%d@example.org" % (self.time, self.count))
        return "\n".join(body) + "\n"

    def commit(self, out, ref, parent, merge=None, changes=(), subject=None, msg=None, when=None):
        """changes: (path, file text as bytes)."""
        rng = self.rng
        self.mark += 1
        self.count += 1
        self.time += rng.randrange(60, 1800)
        a = rng.randrange(3000)
        author = "Dev %d <dev%d@example.org>" % (a, a)
        subject = subject or "%s: %s %s %s" % (rng.choice(WORDS), rng.choice(["fix", "add", "remove", "use"]),
                                                rng.choice(WORDS), rng.choice(WORDS))
        parts = [b"commit %s\nmark :%d\nauthor %s %d +0000\ncommitter Maint <maint@example.org> %d +0000\n"
                 % (ref.encode(), self.mark, author.encode(), when or self.time, self.time),
                 self.data((msg or self.message(subject, author)).encode())]
        if parent:
            parts.append(b"from :%d\n" % parent)
        if merge:
            parts.append(b"merge :%d\n" % merge)
        for path, text in changes:
            parts.append(b"M 100644 inline %s\n" % path.encode())
            parts.append(self.data(text))
        parts.append(b"\n")
        out.write(b"".join(parts))
        return self.mark, subject, author

    def learn_ids(self, out, ids):
        """Ids of a sample of the commits since the last round, for later Fixes: lines."""
        rng = self.rng
        sample = [self.recent[rng.randrange(len(self.recent))] for _ in range(min(100, len(self.recent)))]
        self.recent = []
        out.write(b"".join(b"get-mark :%d\n" % m for m, _ in sample))
        out.flush()
        for _, subject in sample:
            self.known.append((ids.readline().decode()[:12], subject))

    def mainline(self, out, n, head, ids):
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
                    new = self.edit(p, old, heavy(rng, 12, 400))
                    self.files[p] = new
                    text = ("\n".join(new) + "\n").encode()
                    changes.append((p, text))
                    record.append((p, old, new))
                    touched[p] = text
                head, subject, author = self.commit(out, ref, head, changes=changes)
                self.recent.append((head, subject))
                if rng.random() < self.args.backport_rate * 1.2:
                    self.candidates.append((head, subject, author, self.time, record))
                done += 1
                if done % 100000 == 0:
                    print("gen-kernel-history: %d commits" % done, file=sys.stderr, flush=True)
                if self.count % self.args.tag_every == 0:
                    self.tag_release(out, head)
                if len(self.recent) >= FIXES_SAMPLE and ids:
                    self.learn_ids(out, ids)
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
        out.write(self.data(name.encode()))
        self.tags.append((name, mark, dict(self.files), self.cand_off + len(self.candidates)))
        keep = self.args.stable
        # Only the last --stable tags get stable branches: older snapshots and candidates go.
        self.tags[:-keep or len(self.tags)] = [(t[0], t[1], None, t[3]) for t in self.tags[:-keep or len(self.tags)]]
        if keep and len(self.tags) >= keep:
            cut = self.tags[-keep][3]
            del self.candidates[:cut - self.cand_off]
            self.cand_off = cut


def import_stream(repo, write, marks_in=None):
    rfd, wfd = os.pipe()
    cmd = ["git", "-C", repo, "fast-import", "--quiet", "--export-marks=marks",
           "--cat-blob-fd=%d" % wfd]
    if marks_in:
        cmd.append("--import-marks=marks")
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, bufsize=1 << 20, pass_fds=(wfd,))
    os.close(wfd)
    with os.fdopen(rfd, "rb") as ids:
        write(p.stdin, ids)
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
        for mark, subject, author, when, record in g.candidates[first - g.cand_off:]:
            if rng.random() > g.args.backport_rate / (g.args.backport_rate * 1.2):
                continue
            changes = []
            for p, old, new in record:
                cur = files.get(p)
                files[p] = new if cur == old else g.edit(p, cur or old, 3)
                changes.append((p, ("\n".join(files[p]) + "\n").encode()))
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
                out.write(g.data(name.encode()))


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
    ap.add_argument("--no-checkout", action="store_true", help="leave the work tree empty")
    args = ap.parse_args()
    state = os.path.join(args.out, "gen-state.pickle")

    def run_mainline(n):
        def write(out, ids):
            g.head = g.mainline(out, n, g.head, ids)
        return write

    if args.append:
        with open(state, "rb") as f:
            g = pickle.load(f)
        g.args.stable = 0
        import_stream(args.out, run_mainline(args.append), True)
    else:
        args.files = args.files or min(90000, max(1000, args.commits // 4))
        subprocess.check_call(["git", "init", "-q", "-b", "master", args.out])
        g = Gen(args)
        marks = import_stream(args.out, run_mainline(args.commits))
        import_stream(args.out, lambda out, ids: stable_branches(g, out, marks), True)
        if not args.no_checkout:
            subprocess.check_call(["git", "-C", args.out, "checkout", "-q", "-f", "master"])
    g.tags = [(t[0], t[1], None, t[3]) for t in g.tags]  # --append needs the tip's files only
    g.candidates, g.cand_off = [], g.cand_off + len(g.candidates)
    with open(state, "wb") as f:
        pickle.dump(g, f)


if __name__ == "__main__":
    main()
