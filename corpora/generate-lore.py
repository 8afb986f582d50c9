#!/usr/bin/env python3
# Writes a synthetic lore-like public-inbox v2 inbox (patch series, reviews, discussions, syzbot) for benchmarks.
"""Usage: generate-lore.py --mails N [--seed S] [--out DIR] [--name NAME] [--start-date YYYY-MM-DD]
                        [--big-thread M]

Writes OUT/NAME/git/0.git, 1.git, ... (bare repos, one commit per mail, each tree holding one
blob `m`, as public-inbox-v2-format(5) says), one `git fast-import` process per epoch. The same
--seed gives the same bytes and the same commit ids. Everything is invented: names are random
pairs from small lists, addresses use example.org-style domains, code is shuffled C lines.

--big-thread M (off by default, so an inbox of a given seed stays the same) adds one discussion
of M mails, replies to replies quoting their parent, whose root is <big-thread-M.seedS@lists.
example.org>: for the GUI benchmark, since the ordinary threads stay under ~60 mails. It starts
half-way through a new inbox, or at the first appended mail with --append (so the mails already
written are unchanged); the inbox then holds --mails (or K) mails plus what the thread still
needs to be complete.

Epochs hold --per-epoch mails (default 250,000): lore's LKML has about 4.5M mails in 18 epochs
(public-inbox rolls an epoch at about 1 GB of packed git), so 250k per epoch matches it.

Stdlib only. Speed comes from building every piece of text once (paragraphs, C lines, hunks,
trailers, header blocks) and only joining bytes per mail.
"""
import argparse
import base64
import bisect
import binascii
import datetime
import heapq
import os
import quopri
import random
import subprocess
import sys
import time

FIRST = ("Alex Anna Boris Carlos Chen Daniel Dmitry Elena Eric Fatima Greg Hans Igor Ivan Jan "
         "Jens Jiri Julia Kees Kenji Lena Li Luis Marc Maria Mark Matthew Mei Michal Mikhail Nadia "
         "Naveen Olga Pavel Peter Priya Rafael Sasha Sergey Simon Steven Takashi Thomas Tobias "
         "Vlastimil Wei Yuki Zhang").split()
FIRST_X = ["Jörg", "François", "Zoë", "Mickaël", "Ondřej", "Łukasz", "Søren", "José", "Gaël",
           "Björn", "Çağrı", "Hervé"]
LAST = ("Anderson Bauer Brenner Chen Dubois Fischer Garcia Gupta Hansen Ito Jones Kim Kowalski "
        "Kumar Larsen Li Liu Meyer Moreau Nakamura Novak Okafor Petrov Raman Rossi Sato Schmidt "
        "Silva Smith Suzuki Tanaka Vogel Wang Weber Wu Yang Zhao").split()
LAST_X = ["Müller", "Weiß", "Gröber", "Śliwa", "Dvořák", "Ångström", "Peña", "Lefèvre",
          "Nuñez", "Kühn"]
CJK = ["张伟", "王芳", "李娜", "刘洋", "陈静", "佐藤健", "鈴木一郎"]
DOMAINS = ["example.org", "example.com", "example.net", "kernel.example.org",
           "mail.example.com", "corp.example.net", "lists.example.org", "dev.example.com"]
LISTS = ["linux-kernel", "linux-fsdevel", "linux-mm", "netdev", "linux-ext4", "linux-block",
         "linux-usb", "linux-arm-kernel", "bpf", "linux-pci", "dri-devel", "kvm",
         "linux-btrfs", "linux-xfs", "linux-security-module", "linux-crypto"]
SUBSYS = {
    "fs/ext4": ["inode.c", "extents.c", "super.c", "namei.c", "balloc.c", "xattr.c"],
    "fs/btrfs": ["inode.c", "disk-io.c", "extent-tree.c", "volumes.c", "ctree.c"],
    "fs/xfs": ["xfs_inode.c", "xfs_buf.c", "xfs_log.c", "xfs_iomap.c"],
    "fs": ["namei.c", "dcache.c", "inode.c", "read_write.c", "splice.c", "fs-writeback.c"],
    "mm": ["page_alloc.c", "slub.c", "memory.c", "mmap.c", "vmscan.c", "huge_memory.c",
           "filemap.c", "memcontrol.c"],
    "kernel/sched": ["core.c", "fair.c", "rt.c", "deadline.c"],
    "kernel": ["fork.c", "exit.c", "signal.c", "workqueue.c", "cpu.c"],
    "net/core": ["dev.c", "skbuff.c", "sock.c", "filter.c"],
    "net/ipv4": ["tcp.c", "tcp_input.c", "udp.c", "route.c"],
    "drivers/net/ethernet/intel/ice": ["ice_main.c", "ice_txrx.c", "ice_lib.c"],
    "drivers/usb/core": ["hub.c", "message.c", "urb.c"],
    "drivers/gpu/drm/i915": ["i915_gem.c", "intel_display.c", "i915_irq.c"],
    "drivers/block": ["loop.c", "nbd.c", "virtio_blk.c"],
    "drivers/pci": ["pci.c", "probe.c", "quirks.c"],
    "arch/x86/kvm": ["x86.c", "mmu/mmu.c", "vmx/vmx.c", "svm/svm.c"],
    "arch/arm64/kernel": ["cpufeature.c", "process.c", "traps.c"],
    "kernel/bpf": ["verifier.c", "syscall.c", "core.c", "btf.c"],
    "security/selinux": ["hooks.c", "avc.c"],
    "crypto": ["api.c", "algapi.c", "skcipher.c"],
    "include/linux": ["fs.h", "mm.h", "sched.h", "skbuff.h", "slab.h", "bpf.h"],
    "lib": ["bitmap.c", "string.c", "iov_iter.c", "maple_tree.c"],
    "Documentation/filesystems": ["ext4.rst", "vfs.rst"],
}
WORDS = ("the a this that we it is are be to of in for on with as by from when if not no "
         "but so then also only now can could should would must may will does do patch "
         "series change commit fix bug issue case path code function caller helper lock "
         "locking spinlock mutex rcu reference refcount page folio inode dentry buffer "
         "queue request device driver interrupt handler memory allocation free leak race "
         "condition deadlock regression performance latency throughput overhead check "
         "error return value pointer null dereference overflow underflow boundary size "
         "length offset index entry table list tree node map cache flush write read sync "
         "async worker thread task context kernel user space syscall ioctl flag mode state "
         "test tested reproduce reproducer warning splat trace config option build compile "
         "arm64 x86 riscv powerpc s390 version upstream stable backport maintainer review "
         "comment suggestion agree disagree think seems looks right wrong better simpler "
         "instead because however therefore although since before after while during").split()
VERBS = ["alloc", "free", "init", "exit", "get", "put", "lookup", "insert", "remove", "update",
         "flush", "sync", "map", "unmap", "read", "write", "lock", "unlock", "probe", "reset"]
NOUNS = ["inode", "page", "folio", "buffer", "entry", "node", "block", "extent", "queue",
         "request", "skb", "sock", "task", "vma", "dev", "ctx", "map", "prog", "cred", "table"]
TYPES = ["struct inode", "struct page", "struct folio", "struct buffer_head", "struct sk_buff",
         "struct sock", "struct task_struct", "struct vm_area_struct", "struct device",
         "struct request", "struct bpf_prog", "struct file", "struct super_block"]
CRASH = ["KASAN: use-after-free Read in {f}", "KASAN: slab-out-of-bounds Write in {f}",
         "general protection fault in {f}", "WARNING in {f}", "possible deadlock in {f}",
         "BUG: unable to handle kernel NULL pointer dereference in {f}",
         "INFO: task hung in {f}", "KMSAN: uninit-value in {f}", "memory leak in {f}",
         "kernel BUG in {f}", "UBSAN: shift-out-of-bounds in {f}",
         "BUG: sleeping function called from invalid context in {f}"]
LIST_DOMAIN = "vger.kernel.example.org"
MAILERS = [b"git-send-email 2.39.2", b"git-send-email 2.43.0", b"b4 0.13.0", b"Mutt/2.2.9",
           b"Mozilla Thunderbird", b"Evolution 3.46.4", b"Apple Mail (2.3696)"]


class FastRandom(random.Random):
    """choice/randrange/randint on top of random() (C code): 3x faster than the stdlib's
    rejection sampling, and just as deterministic for a seed."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, n):
        return int(self.random() * n)

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


DAYS = [d.encode() for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
MONTHS = [m.encode() for m in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()]


def lognormal_size(rng, median, sigma):
    return max(1000, min(200_000, int(rng.lognormvariate(0, sigma) * median)))


class Pools:
    """Every piece of text, made once from the seed."""

    def __init__(self, rng):
        self.rng = rng
        self.people = [self._person(i) for i in range(3000)]
        self.maintainers = self.people[:150]
        self.files = [f"{d}/{n}" for d, names in SUBSYS.items() for n in names]
        self.funcs = [f"{p}_{v}_{n}" for p in ("ext4", "btrfs", "xfs", "vfs", "mm", "sched",
                                                 "tcp", "udp", "ice", "usb", "i915", "kvm",
                                                 "bpf", "selinux", "crypto", "pci", "nbd")
                      for v in VERBS for n in rng.sample(NOUNS, 4)]
        self.code = [self._code_line() for _ in range(6000)]
        self.paras = [self._para(rng.randint(2, 7)) for _ in range(4000)]
        self.hunks = [self._hunk() for _ in range(6000)]
        self.blocks = sorted((self._file_block() for _ in range(4000)), key=lambda b: len(b[0]))
        self.block_sizes = [len(b[0]) for b in self.blocks]
        self.traces = [self._trace() for _ in range(500)]
        self.dkim = [self._dkim() for _ in range(300)]
        self.received = [self._received(i) for i in range(300)]

    def _person(self, i):
        rng = self.rng
        r = rng.random()
        if r < 0.04:
            name = rng.choice(CJK)
        else:
            first = rng.choice(FIRST_X) if r < 0.14 else rng.choice(FIRST)
            last = rng.choice(LAST_X) if rng.random() < 0.08 else rng.choice(LAST)
            name = f"{first} {last}"
        local = "".join(ch for ch in name.lower().split()[-1] if ch.isascii() and ch.isalpha())
        email = f"{local or 'dev'}{i}@{rng.choice(DOMAINS)}"
        return (name, email, encode_name(rng, name).encode() + b" <" + email.encode() + b">")

    def _code_line(self):
        rng = self.rng
        f, n = rng.choice(self.funcs), rng.choice(NOUNS)
        t = rng.randrange(14)
        ind = "\t" * rng.randint(1, 3)
        lines = [
            f"{ind}if (!{n})", f"{ind}\treturn -ENOMEM;", f"{ind}ret = {f}({n}, flags);",
            f"{ind}if (ret)", f"{ind}\tgoto out_unlock;", f"{ind}spin_lock(&{n}->lock);",
            f"{ind}spin_unlock(&{n}->lock);", f"{ind}{n}->count += {rng.randint(1, 64)};",
            f"{ind}WARN_ON_ONCE({n}->state != {n.upper()}_ACTIVE);",
            f"{ind}list_add_tail(&{n}->list, &head);", f"{ind}rcu_read_lock();",
            f"{ind}{rng.choice(TYPES)} *{n} = {f}(ctx);", f"{ind}/* {self._words(6)} */", "",
        ]
        return lines[t]

    def _words(self, n):
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def _para(self, nlines):
        rng = self.rng
        out = []
        for _ in range(nlines):
            line = self._words(rng.randint(8, 13))
            if rng.random() < 0.1:
                line = line.replace(" the ", f" {rng.choice(self.funcs)}() ", 1)
            out.append(line)
        text = "\n".join(out)
        return (text[0].upper() + text[1:] + ".\n").encode()

    def _hunk(self):
        rng = self.rng
        pre = [self.code[rng.randrange(6000)] for _ in range(3)]
        post = [self.code[rng.randrange(6000)] for _ in range(3)]
        nminus, nplus = rng.choice([(0, 1), (1, 1), (0, 3), (2, 2), (1, 4), (3, 0), (0, 8),
                                    (5, 7), (0, 20), (12, 15), (0, 40), (30, 2)])
        minus = [self.code[rng.randrange(6000)] for _ in range(nminus)]
        plus = [self.code[rng.randrange(6000)] for _ in range(nplus)]
        body = [" " + c for c in pre] + ["-" + c for c in minus] + ["+" + c for c in plus] + \
               [" " + c for c in post]
        func = f"static int {rng.choice(self.funcs)}({rng.choice(TYPES)} *{rng.choice(NOUNS)})"
        return ("\n".join(body) + "\n").encode(), 6 + nminus, 6 + nplus, func.encode(), nminus, nplus

    def _file_block(self):
        """The hunks of one file, line numbers consistent, sizes 300 B to 120 KB."""
        rng = self.rng
        target = max(300, min(120_000, int(rng.lognormvariate(0, 1.1) * 2500)))
        hunks, n, line, adds, dels = [], 0, rng.randint(20, 400), 0, 0
        while n < target:
            body, oc, nc, func, m, pl = self.hunks[rng.randrange(len(self.hunks))]
            hunks.append(b"@@ -%d,%d +%d,%d @@ %s\n" % (line, oc, line + adds - dels, nc, func) + body)
            line += oc + rng.randint(10, 120)
            adds += pl
            dels += m
            n += len(body) + 40
        return b"".join(hunks), adds, dels

    def _trace(self):
        rng = self.rng
        lines = [f" {rng.choice(self.funcs)}+0x{rng.randint(16, 4000):x}/0x{rng.randint(4000, 9000):x} "
                 f"{rng.choice(self.files)}:{rng.randint(10, 5000)}" for _ in range(rng.randint(8, 30))]
        return ("\n".join(lines) + "\n").encode()

    def _dkim(self):
        blob = base64.b64encode(self.rng.randbytes(256)).decode()
        folded = "\n\t ".join(blob[i:i + 70] for i in range(0, len(blob), 70))
        return (f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={self.rng.choice(DOMAINS)};\n"
                f"\t s=20230601; t={self.rng.randint(10**9, 2 * 10**9)};\n"
                f"\t bh={base64.b64encode(self.rng.randbytes(32)).decode()};\n\t b={folded}\n").encode()

    def _received(self, i):
        rng = self.rng
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return (f"Received: from mail{i}.{rng.choice(DOMAINS)} (mail{i}.{rng.choice(DOMAINS)} [{ip}])\n"
                f"\tby smtp.subspace.kernel.example.org (Postfix) with ESMTPS id {rng.randbytes(5).hex().upper()}\n"
                f"\tfor <{rng.choice(LISTS)}@{LIST_DOMAIN}>;").encode()


def encode_name(rng, name):
    """RFC 2047 display name: ASCII as is (quoted when needed), else Q or B, utf-8 or latin-1."""
    if name.isascii():
        return name
    try:
        raw, cs = (name.encode("iso-8859-1"), "iso-8859-1") if rng.random() < 0.4 else (name.encode(), "utf-8")
    except UnicodeEncodeError:
        raw, cs = name.encode(), "utf-8"
    return encode_word(rng, raw, cs)


def encode_word(rng, raw, cs):
    if rng.random() < 0.6:
        q = "".join(chr(b) if (48 <= b < 58 or 65 <= b < 91 or 97 <= b < 123) else
                    ("_" if b == 32 else f"={b:02X}") for b in raw)
        return f"=?{cs}?Q?{q}?="
    return f"=?{cs}?B?{base64.b64encode(raw).decode()}?="


def encode_subject(rng, subject):
    if subject.isascii():
        return subject.encode()
    words = [encode_word(rng, subject.encode(), "utf-8")]
    return " ".join(words).encode()


class Gen:
    def __init__(self, args):
        self.rng = FastRandom(args.seed)
        self.p = Pools(self.rng)
        self.args = args
        self.list_name = args.name
        start = datetime.datetime.strptime(args.start_date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        self.t0 = int(start.timestamp())
        self.span = args.days * 86400
        # Seconds between mails. --append reuses the first run's (kept in 0.git's config) so the
        # appended mails continue the same stream.
        self.step = args.step or self.span / max(1, args.mails)
        self.msgid_seq = 0
        self.heap = []  # (time, seq, mail) mails not yet written, by date
        self.hseq = 0
        self.syzbot_bugs = []
        self.big_seqs = set()  # heap sequence numbers of the --big-thread mails not yet written
        self.big_started = False

    # ---- pieces ------------------------------------------------------------------------
    def msgid(self, person, t, part=None):
        self.msgid_seq += 1
        local = person[1].split("@")[0]
        if part is None:
            return f"{self.rng.randbytes(6).hex()}.{self.msgid_seq}@{person[1].split('@')[1]}"
        d = time.strftime("%Y%m%d%H%M%S", time.gmtime(t))
        return f"{d}.{self.msgid_seq}-{part}-{local}@{person[1].split('@')[1]}"

    def date_header(self, t):
        off = self.rng.choice([0, 0, 60, 120, -300, -420, 330, 480, 540, -240])
        g = time.gmtime(t + off * 60)
        return b"%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
            DAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour, g.tm_min,
            g.tm_sec, b"+" if off >= 0 else b"-", abs(off) // 60, abs(off) % 60)

    def headers(self, t, sender, subject, mid, to, cc, in_reply_to=None, refs=(), mailer=None, ctype=None):
        rng = self.rng
        h = []
        if rng.random() < 0.5:
            h.append(rng.choice(self.p.received))
            h.append(b"\t" + self.date_header(t))
        if rng.random() < 0.35:
            h.append(rng.choice(self.p.dkim).rstrip(b"\n"))
        h.append(b"From: " + sender[2])
        h.append(b"To: " + b", ".join(x[2] for x in to))
        if cc:
            h.append(b"Cc: " + b",\n\t".join(x[2] for x in cc))
        h.append(b"Subject: " + encode_subject(rng, subject))
        h.append(b"Date: " + self.date_header(t))
        h.append(b"Message-ID: <" + mid.encode() + b">")
        if in_reply_to:
            h.append(b"In-Reply-To: <" + in_reply_to.encode() + b">")
            if refs:
                h.append(b"References: " + b"\n ".join(b"<" + r.encode() + b">" for r in refs[-12:]))
        h.append(b"X-Mailer: " + (mailer or rng.choice(MAILERS)))
        h.append(b"List-Id: <" + self.list_name.encode() + b"." + LIST_DOMAIN.encode() + b">")
        h.append(b"MIME-Version: 1.0")
        return h

    def body_block(self, headers, body, encodable=True):
        """Chooses the transfer encoding and charset: mostly 8bit utf-8, some QP, base64, latin-1."""
        rng = self.rng
        r = rng.random() if encodable else 1.0
        if r < 0.06:
            headers.append(b"Content-Type: text/plain; charset=utf-8")
            headers.append(b"Content-Transfer-Encoding: quoted-printable")
            body = quopri.encodestring(body)
        elif r < 0.09:
            headers.append(b"Content-Type: text/plain; charset=UTF-8")
            headers.append(b"Content-Transfer-Encoding: base64")
            body = binascii.b2a_base64(body, newline=False)
            body = b"\n".join(body[i:i + 76] for i in range(0, len(body), 76)) + b"\n"
        elif r < 0.12:
            try:
                lat = body.decode().encode("iso-8859-1")
                headers.append(b"Content-Type: text/plain; charset=iso-8859-1")
                headers.append(b"Content-Transfer-Encoding: quoted-printable")
                body = quopri.encodestring(lat)
            except UnicodeError:
                headers.append(b"Content-Type: text/plain; charset=utf-8")
                headers.append(b"Content-Transfer-Encoding: 8bit")
        else:
            headers.append(b"Content-Type: text/plain; charset=utf-8")
            headers.append(b"Content-Transfer-Encoding: 8bit")
        return b"\n".join(headers) + b"\n\n" + body

    def prose(self, target):
        rng, paras, out, n = self.rng, self.p.paras, [], 0
        while n < target:
            para = paras[rng.randrange(len(paras))]
            out.append(para)
            n += len(para) + 1
        return b"\n".join(out)

    def diff(self, files, target):
        rng, out, stat = self.rng, [], []
        per_file = max(300, target // len(files))
        sizes, blocks = self.p.block_sizes, self.p.blocks
        for path in (f.encode() for f in files):
            i = min(len(blocks) - 1, bisect.bisect_left(sizes, per_file) + rng.randint(-8, 8))
            body, adds, dels = blocks[max(0, i)]
            head = (b"diff --git a/%s b/%s\nindex %s..%s 100644\n--- a/%s\n+++ b/%s\n" %
                    (path, path, rng.randbytes(6).hex().encode(), rng.randbytes(6).hex().encode(), path, path))
            out.append(head + body)
            stat.append((path, adds, dels))
        ds = b"".join(b" %-50s | %4d %s\n" % (p, a + d, b"+" * min(a, 30) + b"-" * min(d, 30)) for p, a, d in stat)
        ds += b" %d files changed, %d insertions(+), %d deletions(-)\n" % (
            len(stat), sum(s[1] for s in stat), sum(s[2] for s in stat))
        return ds, b"".join(out)

    def trailers(self, author, reviewers):
        rng, out = self.rng, []
        if rng.random() < 0.15:
            out.append(b"Fixes: %s (\"%s\")" % (rng.randbytes(6).hex().encode(), self.title(rng.choice(list(SUBSYS))).encode()))
        if rng.random() < 0.1 and self.syzbot_bugs:
            out.append(b"Reported-by: syzbot+" + rng.choice(self.syzbot_bugs).encode() + b"@syzkaller.appspotmail.com")
        for r in reviewers:
            out.append(rng.choice([b"Reviewed-by: ", b"Acked-by: ", b"Tested-by: "]) + r[2])
        out.append(b"Signed-off-by: " + author[2])
        return b"\n".join(out) + b"\n"

    def title(self, subsys):
        rng = self.rng
        return f"{subsys.split('/')[-1]}: {rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(['before', 'after', 'in', 'on', 'under'])} {rng.choice(WORDS)} {rng.choice(NOUNS)}"

    def push(self, t, mail, sender, subject):
        self.hseq += 1
        heapq.heappush(self.heap, (t, self.hseq, mail, sender, subject))

    # ---- threads -----------------------------------------------------------------------
    def series(self, t, revs_left=None, state=None):
        """A patch series (cover + patches), its reviews; schedules its next revision."""
        rng, p = self.rng, self.p
        if state is None:
            subsys = rng.choice(list(SUBSYS))
            n = rng.choice([1, 1, 1, 2, 3, 3, 4, 5, 7, 12])
            state = {"subsys": subsys, "n": n, "author": rng.choice(p.people),
                     "maint": rng.choice(p.maintainers), "titles": [self.title(subsys) for _ in range(n)],
                     "files": [rng.sample([f"{subsys}/{f}" for f in SUBSYS[subsys]], min(len(SUBSYS[subsys]), rng.randint(1, 3))) for _ in range(n)],
                     "v": 1, "cover": self.title(subsys)}
            revs_left = rng.choice([0, 0, 1, 1, 2, 3])
        author, maint, n, v = state["author"], state["maint"], state["n"], state["v"]
        to = [maint]
        cc = rng.sample(p.people, rng.randint(0, 4))
        vtag = "" if v == 1 else f" v{v}"
        root_mid = None
        ids = []
        sent = []
        if n > 1:
            root_mid = self.msgid(author, t, 0)
            subj = f"[PATCH{vtag} 0/{n}] {state['cover']}"
            body = p.paras[rng.randrange(len(p.paras))] + b"\n"
            if v > 1:
                body += b"Changes in v%d:\n- %s\n- %s\n\n" % (v, self.p.paras[rng.randrange(4000)][:70], self.p.paras[rng.randrange(4000)][:60])
            body += b"%s (%d):\n" % (author[0].encode(), n) + b"".join(b"  %s\n" % x.encode() for x in state["titles"])
            body += b"\n-- \n2.39.2\n"
            h = self.headers(t, author, subj, root_mid, to, cc, mailer=b"git-send-email 2.39.2")
            self.push(t, self.body_block(h, body), author, subj)
            ids.append(root_mid)
        for i in range(n):
            ti = t + i + 1
            mid = self.msgid(author, ti, i + 1)
            num = f" {i + 1}/{n}" if n > 1 else ""
            subj = f"[PATCH{vtag}{num}] {state['titles'][i]}"
            size = lognormal_size(rng, 12000, 1.0)
            ds, d = self.diff(state["files"][i], size)
            msg = self.prose(rng.randint(200, 900))
            body = msg + b"\n" + self.trailers(author, []) + b"---\n" + ds + b"\n" + d + b"-- \n2.39.2\n"
            h = self.headers(ti, author, subj, mid, to, cc, root_mid, [root_mid] if root_mid else [],
                             mailer=b"git-send-email 2.39.2")
            self.push(ti, self.body_block(h, body, encodable=rng.random() < 0.2), author, subj)
            sent.append((mid, subj, d))
        # Reviews: quote part of a patch, comment, give a trailer.
        for mid, subj, d in sent:
            if rng.random() < 0.55:
                continue
            reviewer = rng.choice(p.people + p.maintainers * 4)
            tr = t + rng.randint(3600, 86400 * 6)
            quote = b"> " + d[: rng.randint(300, 2500)].replace(b"\n", b"\n> ")
            tag = rng.choice([b"Reviewed-by: ", b"Acked-by: ", b"Tested-by: ", b""])
            body = (b"On %s, %s wrote:\n" % (self.date_header(t), author[0].encode()) + quote + b"\n\n" +
                    p.paras[rng.randrange(4000)] + b"\n" + ((tag + reviewer[2] + b"\n") if tag else b""))
            rmid = self.msgid(reviewer, tr)
            refs = ([root_mid] if root_mid else []) + [mid]
            h = self.headers(tr, reviewer, "Re: " + subj, rmid, [author], [maint] + cc, mid, refs)
            self.push(tr, self.body_block(h, body), reviewer, "Re: " + subj)
            self.replies(tr, rmid, "Re: " + subj, refs + [rmid], body, [author, reviewer, maint], rng.randint(0, 4))
        if revs_left:
            state = dict(state, v=v + 1)
            self.future(t + rng.randint(7, 40) * 86400, lambda tt, s=state, r=revs_left - 1: self.series(tt, r, s))

    def replies(self, t, parent, subj, refs, parent_body, people, depth):
        """A discussion below `parent`: a chain that sometimes branches; explicit loop, no recursion."""
        rng = self.rng
        todo = [(t, parent, refs, parent_body, depth)]
        budget = 60
        while todo and budget:
            t, parent, refs, pbody, depth = todo.pop()
            if depth <= 0:
                continue
            budget -= 1
            who = rng.choice(people) if rng.random() < 0.7 else rng.choice(self.p.people)
            tt = t + rng.randint(600, 86400 * 2)
            quoted = pbody[: rng.randint(200, 1800)]
            quoted = b"> " + quoted.replace(b"\n", b"\n> ")
            mine = self.prose(lognormal_size(rng, 2000, 0.8))
            body = b"On %s, someone wrote:\n" % self.date_header(t) + quoted + b"\n\n" + mine + b"\n"
            mid = self.msgid(who, tt)
            h = self.headers(tt, who, subj, mid, [rng.choice(people)], rng.sample(self.p.people, rng.randint(0, 5)), parent, refs)
            self.push(tt, self.body_block(h, body), who, subj)
            todo.append((tt, mid, refs + [mid], mine, depth - 1))
            if rng.random() < 0.15:
                todo.append((tt, mid, refs + [mid], mine, rng.randint(1, 3)))

    def discussion(self, t):
        rng, p = self.rng, self.p
        who = rng.choice(p.people)
        subj = rng.choice(["", "", "", "RFC: ", "[GIT PULL] ", "Question: "]) + self.title(rng.choice(list(SUBSYS)))
        if rng.random() < 0.05:
            subj += " – " + rng.choice(["Überlauf", "régression", "问题", "ошибка"])
        body = self.prose(lognormal_size(rng, 2500, 0.9)) + b"\n-- \n" + who[0].encode() + b"\n"
        if rng.random() < 0.04:  # a reply whose parent was never archived
            parent = f"lost.{rng.randbytes(5).hex()}@{rng.choice(DOMAINS)}"
            mid = self.msgid(who, t)
            h = self.headers(t, who, "Re: " + subj, mid, [rng.choice(p.maintainers)], [], parent, [parent])
            self.push(t, self.body_block(h, body), who, "Re: " + subj)
        else:
            mid = self.msgid(who, t)
            h = self.headers(t, who, subj, mid, [rng.choice(p.maintainers)], rng.sample(p.people, rng.randint(0, 4)))
            self.push(t, self.body_block(h, body), who, subj)
        depth = min(40, int(rng.paretovariate(1.2)))
        self.replies(t, mid, "Re: " + subj, [mid], body, [who] + rng.sample(p.people, 3), depth)

    def big_discussion(self, t, n):
        """--big-thread: one argument of n mails over a few weeks. It draws from a random stream
        of its own, so the rest of the inbox is the same up to the point where it starts."""
        main_rng = self.rng
        self.rng = rng = FastRandom(f"big-thread-{self.args.seed}-{n}")
        try:
            p = self.p
            people = rng.sample(p.people, 25) + rng.sample(p.maintainers, 5)
            subsys = rng.choice(list(SUBSYS))
            subj = "[RFC PATCH] " + self.title(subsys)
            who, maint = people[0], people[-1]
            files = rng.sample([f"{subsys}/{f}" for f in SUBSYS[subsys]], min(2, len(SUBSYS[subsys])))
            ds, d = self.diff(files, 6000)
            body = (self.prose(1500) + b"\n" + self.trailers(who, []) + b"---\n" + ds + b"\n" + d +
                    b"-- \n2.39.2\n")
            mid = f"big-thread-{n}.seed{self.args.seed}@lists.example.org"
            h = self.headers(t, who, subj, mid, [maint], rng.sample(people, 6), mailer=b"git-send-email 2.39.2")
            self.push_big(t, self.body_block(h, body, encodable=False), who, subj)
            nodes = [(t, mid, [mid], body, who, subj)]
            tt = t
            for _ in range(n - 1):
                # Mostly an answer to the newest mail (a sub-argument goes deeper); else back to
                # an earlier point, recent ones more likely.
                k = len(nodes) - 1 if rng.random() < 0.55 else int(len(nodes) * rng.random() ** 0.5)
                pt, pmid, prefs, pbody, pwho, psubj = nodes[k]
                me = rng.choice(people)
                tt = max(tt, pt) + rng.randint(120, 3 * 3600)
                rsubj = psubj if psubj.startswith("Re: ") else "Re: " + psubj
                if rng.random() < 0.02:
                    rsubj = f"Re: {self.title(subsys)} (was: {subj})"
                # Quoting the start of the parent quotes its quotes too: nested levels, as on lore.
                quoted = b"> " + pbody[: rng.randint(300, 2000)].replace(b"\n", b"\n> ")
                mine = self.prose(lognormal_size(rng, 1500, 0.7))
                if rng.random() < 0.05:
                    mine += b"\n" + rng.choice([b"Reviewed-by: ", b"Acked-by: "]) + me[2] + b"\n"
                body = b"On %s, %s wrote:\n" % (self.date_header(pt), pwho[0].encode()) + quoted + b"\n\n" + mine
                rmid = self.msgid(me, tt)
                h = self.headers(tt, me, rsubj, rmid, [pwho], rng.sample(people, rng.randint(1, 6)), pmid, prefs)
                self.push_big(tt, self.body_block(h, body), me, rsubj)
                nodes.append((tt, rmid, prefs + [rmid], body, me, rsubj))
        finally:
            self.rng = main_rng

    def push_big(self, t, mail, sender, subject):
        self.push(t, mail, sender, subject)
        self.big_seqs.add(self.hseq)

    def syzbot(self, t):
        rng, p = self.rng, self.p
        extid = rng.randbytes(10).hex()
        self.syzbot_bugs.append(extid)
        sender = ("syzbot", f"syzbot+{extid}@syzkaller.appspotmail.com",
                  f"syzbot <syzbot+{extid}@syzkaller.appspotmail.com>".encode())
        func = rng.choice(p.funcs)
        title = rng.choice(CRASH).format(f=func)
        subsys = rng.choice(["fs", "mm", "net", "kernel", "usb", "bpf", "kvm"])
        subj = f"[syzbot] [{subsys}?] {title}"
        trace = b"".join(p.traces[rng.randrange(500)] for _ in range(rng.randint(1, 4)))
        body = (b"Hello,\n\nsyzbot found the following issue on:\n\nHEAD commit:    %s Merge tag 'for-linus'\n"
                b"git tree:       upstream\nconsole output: https://syzkaller.example.org/x/log.txt?x=%s\n"
                b"kernel config:  https://syzkaller.example.org/x/.config?x=%s\n"
                b"dashboard link: https://syzkaller.example.org/bug?extid=%s\n"
                b"compiler:       gcc (Debian 12.2.0-14) 12.2.0\n\n"
                b"IMPORTANT: if you fix the issue, please add the following tag to the commit:\n"
                b"Reported-by: syzbot+%s@syzkaller.appspotmail.com\n\n%s\n"
                b"CPU: 1 PID: %d Comm: syz-executor.0 Not tainted 6.%d.0-rc%d-syzkaller #0\n"
                b"Call Trace:\n <TASK>\n%s </TASK>\n\n---\n"
                b"This report is generated by a bot. It may contain errors.\n"
                % (rng.randbytes(6).hex().encode(), rng.randbytes(8).hex().encode(), rng.randbytes(8).hex().encode(),
                   extid.encode(), extid.encode(), title.encode(), rng.randint(100, 30000), rng.randint(1, 9),
                   rng.randint(1, 7), trace))
        mid = f"0000000000{rng.randbytes(8).hex()}@google.com"
        h = self.headers(t, sender, subj, mid, rng.sample(p.maintainers, 2), [], mailer=b"syzbot")
        self.push(t, self.body_block(h, body, encodable=False), sender, subj)
        if rng.random() < 0.5:
            self.replies(t, mid, "Re: " + subj, [mid], body, rng.sample(p.people, 3), rng.randint(1, 5))

    def future(self, t, fn):
        self.hseq += 1
        heapq.heappush(self.heap, (t, self.hseq, fn, None, None))

    # ---- output ------------------------------------------------------------------------
    def mails(self):
        """Yields (time, bytes, sender, subject) in date order, exactly --mails of them."""
        rng, made, t = self.rng, 0, float(self.t0)
        while made < self.args.mails or self.big_seqs:
            if self.args.big_thread and made == self.args.big_at and not self.big_started:
                self.big_started = True
                self.big_discussion(int(t), self.args.big_thread)
            # Start new threads until mails are waiting beyond the current time.
            while not self.heap or self.heap[0][0] > t:
                r = rng.random()
                if r < 0.45:
                    self.series(int(t))
                elif r < 0.9:
                    self.discussion(int(t))
                else:
                    self.syzbot(int(t))
            tt, seq, item, sender, subject = heapq.heappop(self.heap)
            self.big_seqs.discard(seq)
            if callable(item):
                item(int(max(tt, t)))
                continue
            made += 1
            t += self.step
            yield int(max(tt, self.t0)), item, sender, subject


def existing_mails(base):
    """Mails already in the epochs under base (for --append)."""
    n = 0
    for e in range(10_000):
        gd = os.path.join(base, f"{e}.git")
        if not os.path.isdir(gd):
            break
        out = subprocess.run(["git", "--git-dir", gd, "rev-list", "--count", "master"],
                             capture_output=True, text=True, check=True)
        n += int(out.stdout)
    return n


def write_epochs(args, base, gen, skip):
    """Mails number `skip` onwards go into epoch git/(index // per_epoch).git; an epoch that
    exists already grows from its master (that is how --append adds to an inbox)."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", LC_ALL="C", TZ="UTC")
    ident = f"{args.name} <{args.name}@{LIST_DOMAIN}>".encode()
    epoch, proc, total, size, grow = -1, None, 0, 0, False
    for index, (t, mail, sender, subject) in enumerate(gen.mails()):
        if index < skip:
            continue
        if index // args.per_epoch != epoch:
            if proc:
                finish(proc)
            epoch = index // args.per_epoch
            gd = os.path.join(base, f"{epoch}.git")
            grow = os.path.exists(gd)
            if not grow:
                subprocess.run(["git", "init", "-q", "--bare", gd], check=True, env=env)
            # Level 1 zlib and no deltas: consecutive mails share little (deltas saved 5% of the
            # pack for 20% more CPU on 5k mails); lore repacks its epochs anyway.
            proc = subprocess.Popen(["git", "--git-dir", gd, "-c", "pack.compression=1", "fast-import",
                                     "--quiet", "--done", "--depth=0"], stdin=subprocess.PIPE, env=env,
                                    bufsize=1 << 20)
        name = sender[0].replace("<", "").replace(">", "").replace("\n", " ").encode()
        subj = subject.encode().replace(b"\n", b" ")
        proc.stdin.write(b"commit refs/heads/master\nauthor %s <%s> %d +0000\ncommitter %s %d +0000\n"
                         b"data %d\n%s\n%sM 100644 inline m\ndata %d\n%s\n"
                         % (name, sender[1].encode(), t, ident, t, len(subj) + 1, subj,
                            b"from refs/heads/master^0\n" if grow else b"", len(mail), mail))
        grow = False
        total += 1
        size += len(mail)
    if proc:
        finish(proc)
    return total, size, epoch + 1


def finish(proc):
    proc.stdin.write(b"done\n")
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("generate-lore.py: git fast-import failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mails", type=int, default=0, help="mails to write (a new inbox)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=".")
    ap.add_argument("--name", default="lkml")
    ap.add_argument("--start-date", default="2019-01-01")
    ap.add_argument("--days", type=int, default=4 * 365, help="time span of the archive (default 4 years)")
    ap.add_argument("--per-epoch", type=int, default=250_000, help="mails per epoch git repo")
    ap.add_argument("--append", type=int, default=0, metavar="K",
                    help="add the next K mails of the same --seed to the inbox at OUT/NAME (made "
                         "earlier with this seed): the mails an incremental re-index reads")
    ap.add_argument("--big-thread", type=int, default=0, metavar="M",
                    help="add one discussion thread of M mails (GUI benchmark; default: none)")
    args = ap.parse_args()
    args.step = None
    base = os.path.join(args.out, args.name, "git")
    skip = 0
    if args.append:
        skip = existing_mails(base)
        args.mails = skip + args.append
        step = subprocess.run(["git", "--git-dir", os.path.join(base, "0.git"), "config",
                               "generate-lore.step"], capture_output=True, text=True).stdout.strip()
        args.step = float(step) if step else None
    elif args.mails <= 0:
        ap.error("give --mails N (a new inbox) or --append K")
    elif os.path.exists(os.path.join(base, "0.git")):
        sys.exit(f"generate-lore.py: {base}/0.git exists (use --append K to add mails)")
    args.big_at = skip if args.append else args.mails // 2
    os.makedirs(base, exist_ok=True)
    gen = Gen(args)
    total, size, epochs = write_epochs(args, base, gen, skip)
    if not args.append:
        subprocess.run(["git", "--git-dir", os.path.join(base, "0.git"), "config", "generate-lore.step",
                        repr(gen.step)], check=True)
    print(f"wrote {total} mails ({size / 1e6:.1f} MB raw, mean {size / max(1, total) / 1024:.1f} KiB) "
          f"in {epochs} epoch(s) under {os.path.join(args.out, args.name, 'git')}", file=sys.stderr)


if __name__ == "__main__":
    main()
