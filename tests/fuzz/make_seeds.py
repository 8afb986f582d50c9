#!/usr/bin/env python3
"""Builds the fuzz seed corpora: real mails from /work/shared/corpora plus hand-made hostile inputs."""
import glob
import hashlib
import os
import sys

CORPORA = os.environ.get("LKMINE_CORPORA", "/work/shared/corpora")


def put(outdir, data, name=None):
    os.makedirs(outdir, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def split_mboxrd(data):
    """Mails of an mboxrd file: split at 'From ' after a blank line, unescape '>From '."""
    mails, cur = [], []
    prev_blank = True
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From ") and prev_blank:
            if cur:
                mails.append(b"".join(cur))
            cur = []
        else:
            s = line.lstrip(b">")
            cur.append(line[1:] if s is not line and s.startswith(b"From ") else line)
        prev_blank = line in (b"\n", b"\r\n")
    if cur:
        mails.append(b"".join(cur))
    return mails


def hostile():
    """Inputs no real archive holds but an attacker or a broken tool can produce."""
    out = {}
    # 10,000-deep multipart nesting, one boundary per level.
    deep = [b"From: a@b\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"]
    for i in range(1, 10000):
        deep.append(b"--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i - 1, i))
    deep.append(b"--b9999\nContent-Type: text/plain\n\nleaf\n")
    out["deep-multipart-10000"] = b"".join(deep)
    # The same with the declaration folded onto a continuation line (evades a line-based count).
    folded = [b"From: a@b\nContent-Type:\n multipart/mixed; boundary=\"b0\"\n\n"]
    for i in range(1, 10000):
        folded.append(b"--b%d\nContent-Type:\n\tmultipart/mixed;\n boundary=\"b%d\"\n\n" % (i - 1, i))
    out["deep-multipart-folded-10000"] = b"".join(folded)
    # Blanks before the colon: mimetic still reads the field, a "content-type:" prefix test does
    # not; 100,000 levels overflowed the stack (see regressions/README.md).
    ws = [b"From: a@b\nContent-Type : MULTIPART/mixed; boundary=x0\n\n"]
    for i in range(1, 100000):
        ws.append(b"--x%d\ncontent-TYPE\t: Multipart/Mixed; boundary=x%d\n\n" % (i - 1, i))
    out["deep-multipart-ws-100000"] = b"".join(ws)
    # message/rfc822 nesting, which mimetic also descends into.
    out["deep-rfc822-100000"] = b"From: a@b\n" + b"Content-Type: message/rfc822\n\n" * 100000 + b"hi\n"
    # A 4 MB header line, in the top header and in a MIME part header.
    big = b"x" * (4 << 20)
    out["long-subject-4mb"] = b"From: a@b\nSubject: " + big + b"\nMessage-ID: <a@b>\n\nbody\n"
    out["long-part-header-4mb"] = (b"From: a@b\nContent-Type: multipart/mixed; boundary=q\n\n--q\n"
                                   b"Content-Type: text/plain; name=\"" + big + b"\"\n\nhi\n--q--\n")
    out["long-folded-header-4mb"] = b"From: a@b\nReferences:" + b"\n <x@y>" * (512 << 10) + b"\n\nbody\n"
    out["long-body-line-4mb"] = b"From: a@b\n\n" + big + b"\n"
    # NUL bytes everywhere.
    out["nul-everywhere"] = (b"From: a\0@b\nSubject: \0\0=?utf-8?q?a=00b?=\nMessage-ID: <\0@x>\n"
                             b"Content-Type: text/plain; charset=\"utf\0-8\"\n\nbo\0dy\n+++ b/\0\n")
    out["nul-only"] = b"\0" * 4096
    out["empty"] = b""
    out["crlf-only"] = b"\r\n" * 1000
    out["cr-only"] = b"\r" * 1000
    # Encoded words and charsets that stress iconv.
    out["rfc2047-storm"] = b"Subject: " + b"=?utf-7?b?K0FHRS0=?= =?iso-2022-jp?q?=1B$B?=" * 2000 + b"\n\n"
    out["base64-garbage"] = (b"Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n"
                             + b"=\x00\xff" * 5000 + b"\n")
    return out


def main():
    parse_dir, mbox_dir = sys.argv[1], sys.argv[2]
    c = CORPORA
    for d in ("maple-tree-thread", "seeds", "notmuch-test-corpora", "mu-testdata", "public-inbox-test-data"):
        for p in glob.glob(os.path.join(c, d, "**", "*"), recursive=True):
            if os.path.isfile(p) and os.path.getsize(p) < (1 << 20) and not p.endswith(".tsv"):
                put(parse_dir, open(p, "rb").read())
    # A few hundred syzbot mails split out, plus their threads and fix patches.
    for mbox, limit in (("syzbot-sent-mails.mbox", 200), ("syzbot-thread-replies.mbox", 100),
                        ("reported-by-syzbot-patches.mbox", 100)):
        p = os.path.join(c, "syzbot-mails", mbox)
        if not os.path.exists(p):
            continue
        with open(p, "rb") as f:
            head = f.read(8 << 20)
        mails = split_mboxrd(head)[:-1]  # the last one may be cut by the 8 MB read
        step = max(1, len(mails) // limit)
        for m in mails[::step][:limit]:
            put(parse_dir, m)
    # The mbox fuzzer: b4 mboxes, small slices of the syzbot mboxes, and the hostile mails as mboxes.
    for p in glob.glob(os.path.join(c, "b4-test-samples", "*.mbox")):
        put(mbox_dir, open(p, "rb").read())
    p = os.path.join(c, "syzbot-mails", "syzbot-thread-replies.mbox")
    if os.path.exists(p):
        with open(p, "rb") as f:
            data = f.read(1 << 20)
        for off in range(0, len(data) - 65536, 65536 * 3):
            put(mbox_dir, data[off:off + 65536])
    for name, data in hostile().items():
        put(parse_dir, data, "hostile-" + name)
        if len(data) < (1 << 20):
            put(mbox_dir, b"From x@y Mon Jan  1 00:00:00 2024\n" + data + b"\n", "hostile-" + name)
    put(mbox_dir, b"From \n" * 1000, "hostile-from-lines")
    put(mbox_dir, b"From a@b Mon Jan  1 00:00:00 2024\n" + b"y" * (3 << 20), "hostile-3mb-line")
    put(mbox_dir, (b"\n>From x 12:00 2020\n" * 500) + b"\nFrom mboxrd@z\n", "hostile-escapes")


if __name__ == "__main__":
    main()
