#!/usr/bin/env python3
"""The reviewer's queue computed independently of lkmine, with git and Python's email package
only, and compared with `lkmine queue --json` on the same archive.

For ME, the F:-style AREA patterns and the window (DAYS before AS_OF): patch mails (not
replies) of the window whose diff touches a path matching an area, or patch mails and covers
with ME in To/Cc; each taken to its revision head (the cover it refers to, else itself with
the lowest patch number of its sender in its thread); of the heads with one sender and one
normalised title (or one thread), the newest, unless ME sent it; left out when a reply from ME (dated by AS_OF)
refers, as its nearest patch or cover, to a mail of that revision.

    queue_oracle.py --lkmine build/cli/lkmine --db DB --me ADDR --area io_uring/ \
        --as-of 20240701 --days 30 EPOCH.git [EPOCH.git ...]
Several epochs (an inbox of many, e.g. bench/replay-scale.py's 1M mails) are streamed: only
patch mails and mails from ME are kept, and a mail's body is decoded only when its subject
says it is a patch. Exit 0 when both list the same heads, 1 otherwise (the differences are
printed).
"""
import argparse
import email
import email.header
import email.parser
import email.policy
import email.utils
import json
import re
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mails import iter_epoch  # noqa: E402  the epoch's blobs, read with git only

REPLY = re.compile(r"^\s*((re|aw|fwd|fw|sv|vs|antw|odp)\s*(\[\d+\])?\s*:\s*)+", re.I)
GROUP = re.compile(r"^\s*\[([^\]]*)\]")
DIFF_PATH = re.compile(r"^(?:\+\+\+ b/|--- a/)(\S+)", re.M)


def subject_parts(subject):
    s = " ".join(subject.split())
    reply = bool(REPLY.match(s))
    s = REPLY.sub("", s)
    words = []
    while (m := GROUP.match(s)):
        words += m.group(1).replace(",", " ").split()
        s = s[m.end():]
        if REPLY.match(s):
            reply = True
            s = REPLY.sub("", s)
    patch, version, index = False, 1, 0
    for w in words:
        lw = w.lower()
        if lw.startswith("patch") or lw == "rfc":
            patch = patch or lw.startswith("patch")
        if (mv := re.fullmatch(r"(?:patch|rfc|patchset|resend)?-?v(\d+)", lw)):
            version = int(mv.group(1))
        elif (mc := re.fullmatch(r"(\d+)/(\d+)", lw)):
            index = int(mc.group(1))
    title = " ".join(re.findall(r"[\w.]+", s.lower()))
    return reply, patch, version, index, title


def text_of(msg):
    out = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            data = part.get_payload(decode=True) or b""
            out.append(data.decode("utf-8", "replace"))
    return "\n".join(out)


def parse(raw):
    msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    try:
        subj = str(email.header.make_header(email.header.decode_header(msg.get("Subject", ""))))
    except Exception:
        subj = str(msg.get("Subject", ""))
    reply, patch, version, index, title = subject_parts(subj)
    try:
        date = email.utils.parsedate_to_datetime(msg.get("Date"))
        if date.tzinfo is None:
            date = date.replace(tzinfo=timezone.utc)
    except Exception:
        date = None
    refs = re.findall(r"<([^>]+)>", str(msg.get("References", "")) + " " +
                      str(msg.get("In-Reply-To", "")))
    irt = re.findall(r"<([^>]+)>", str(msg.get("In-Reply-To", "")))
    if irt and irt[0] in refs:  # the parent last
        refs.remove(irt[0])
        refs.append(irt[0])
    rcpt = [a.lower() for _, a in email.utils.getaddresses(
        [str(v) for v in msg.get_all("To", []) + msg.get_all("Cc", [])])]
    body = ""
    if patch and not reply:  # the whole mail only when its diff is wanted
        body = text_of(email.message_from_bytes(raw, policy=email.policy.compat32))
    return dict(reply=reply, patch=patch and not reply, version=version, index=index,
                title=title, date=date, refs=refs, rcpt=rcpt,
                addr=email.utils.parseaddr(str(msg.get("From", "")))[1].lower(),
                msgid=str(msg.get("Message-ID", "")).strip().strip("<>").strip(),
                files=set(DIFF_PATH.findall(body)))


def glob_re(pattern):
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


def path_matches(pattern, path):
    """get_maintainer.pl's file_match_pattern; a glob-free pattern is also a directory."""
    if not re.match(glob_re(pattern), path):
        return False
    if pattern.endswith("/"):
        return True
    if path.count("/") == pattern.count("/"):
        return True
    return not any(c in pattern for c in "*?") and path.startswith(pattern.rstrip("/") + "/")


def maintainers_sections(path, me):
    """get_maintainer.pl's view of a MAINTAINERS file: the sections naming ME in M:/R:, each as
    (F: patterns, compiled N: regexes (Perl /x = Python re.X), X: patterns)."""
    sections, cur = [], None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if len(line) >= 2 and line[0].isupper() and line[1] == ":":
            if cur is None:
                cur = {"people": [], "F": [], "N": [], "X": []}
                sections.append(cur)
            kind, value = line[0], line[2:].strip()
            if kind in "MR":
                cur["people"].append(value.lower())
            elif kind in "FNX":
                cur[kind].append(value)
        else:
            cur = None
    mine = [s for s in sections if any(p == me or f"<{me}>" in p for p in s["people"])]
    return [(s["F"], [re.compile(n, re.X) for n in s["N"]], s["X"]) for s in mine]


def in_area(sections, path):
    for files, names, excluded in sections:
        if any(path_matches(x, path) for x in excluded):
            continue
        if any(path_matches(f, path) for f in files) or any(n.search(path) for n in names):
            return True
    return False


def queue(mails, me, areas, as_of, days):
    by_id = {m["msgid"]: m for m in mails}
    start = as_of - timedelta(days=days)
    in_window = [m for m in mails if m["patch"] and m["date"] and start <= m["date"] <= as_of]

    def head_of(m):
        for r in reversed(m["refs"]):
            c = by_id.get(r)
            if c and c["patch"] and c["index"] == 0 and c["addr"] == m["addr"]:
                return c
        if m["index"] > 1:
            for r in reversed(m["refs"]):
                c = by_id.get(r)
                if c and c["patch"] and c["index"] == 1 and c["addr"] == m["addr"]:
                    return c
        return m

    heads = {}
    for m in in_window:
        area = any(in_area(areas, f) for f in m["files"])
        addressed = me in m["rcpt"]
        if area or addressed:
            h = head_of(m)
            heads[h["msgid"]] = h
    # Revision members: the head and the patches below it.
    members = {hid: {hid} for hid in heads}
    for m in mails:
        if m["patch"] and m["date"] and m["date"] <= as_of:
            h = head_of(m)
            if h["msgid"] in members:
                members[h["msgid"]].add(m["msgid"])
    newest = {}
    for hid, h in heads.items():
        root = (h["refs"][0] if h["refs"] else hid)
        for key in ((h["addr"], h["title"]), ("thread", root)):
            o = newest.get(key)
            if o is None or (h["date"], h["version"]) > (o["date"], o["version"]):
                newest[key] = h
    latest = {hid for hid, h in heads.items() if h["addr"] != me and
              newest[(h["addr"], h["title"])] is h and
              newest[("thread", h["refs"][0] if h["refs"] else hid)] is h}
    owner = {mid: hid for hid, ms in members.items() for mid in ms}
    reviewed = set()
    for m in mails:
        if m["addr"] != me or m["patch"] or not m["date"] or m["date"] > as_of:
            continue
        for r in reversed(m["refs"]):
            if r in owner:
                reviewed.add(owner[r])
                break
            if by_id.get(r, {}).get("patch"):
                break
    return sorted(latest - reviewed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("epochs", nargs="+")
    ap.add_argument("--lkmine", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--me", required=True)
    ap.add_argument("--area", action="append", default=[])
    ap.add_argument("--maintainers", help="a MAINTAINERS file (F:, N:, X: of my sections)")
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--days", type=int, default=30)
    a = ap.parse_args()
    as_of = datetime.strptime(a.as_of, "%Y%m%d").replace(
        hour=23, minute=59, second=59, tzinfo=timezone.utc)
    me = a.me.lower()
    mails = []
    for epoch in a.epochs:
        for raw in iter_epoch(epoch):
            m = parse(raw)
            if m["patch"] or m["addr"] == me:  # what queue() looks at
                mails.append(m)
    if not a.area and not a.maintainers:
        ap.error("give --area or --maintainers")
    sections = [(a.area, [], [])] if a.area else []
    if a.maintainers:
        sections += maintainers_sections(a.maintainers, me)
    want = queue(mails, me, sections, as_of, a.days)
    cmd = [a.lkmine, "queue", "--db", a.db, "--state", a.db + "/oracle-state.sqlite", "--json",
           "--me", a.me, "--as-of", a.as_of, "--days", str(a.days)]
    for ar in a.area:
        cmd += ["--area", ar]
    if a.maintainers:
        cmd += ["--maintainers", a.maintainers]
    got = sorted(r["head"] for r in json.loads(subprocess.run(
        cmd, capture_output=True, check=True, text=True).stdout)["rows"])
    both = set(want) & set(got)
    print(f"queue oracle: {len(want)} series, lkmine: {len(got)}, both: {len(both)}")
    for h in sorted(set(want) - set(got)):
        print(f"  only the oracle: <{h}>")
    for h in sorted(set(got) - set(want)):
        print(f"  only lkmine:     <{h}>")
    return 0 if set(want) == set(got) else 1


if __name__ == "__main__":
    sys.exit(main())
