#!/usr/bin/env python3
"""Series oracle: the revisions of each patch series of a public-inbox archive, computed with
Python's email package alone, and `lkmine series` checked against them.

Truth (independent of lkmine's code): a series head is a patch mail that is not a reply and is
either a cover letter (i/M with i = 0), a patch without a counter, or patch 1/M whose thread has
no cover. Heads with the same sender address and the same normalised title (subject without
reply markers and [..] groups, lowercased, whitespace collapsed, trailing punctuation dropped)
form one series when each is within WINDOW days of the previous one; its versions are the vN of
the heads' subjects (v1 when none), or, as b4 infers them, for a patch without a vN sent in reply
to a mail with one and without a diff (its cover), that mail's vN. A backport to a stable tree
(a bare kernel version among the [..] words: `[PATCH 6.1 0/2]`, `[PATCH][5.10]`) is a series of
its own, apart from the upstream one of the same title. A series with >= MIN_REVS distinct
versions is checked: for each of its heads, `lkmine series --json HEAD` must list every version.

    series_oracle.py --db /tmp/series-iou EPOCH.git [EPOCH.git ...] [--before 2024-08-01]
"""
import argparse
import email
import email.policy
import email.utils
import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone

from mails import read_epoch

WINDOW_DAYS = 90
MIN_REVS = 3
REPLY = re.compile(r"^\s*((re|aw|fwd|fw|sv|vs|antw|odp)\s*(\[\d+\])?\s*:\s*)+", re.I)
GROUP = re.compile(r"^\s*\[([^\]]*)\]")
STABLE = re.compile(r"\d+\.\d+(\.\d+)?(\.y)?")  # 6.1, 5.10.y: a stable tree
DIFF = re.compile(rb"^(diff --git |@@ -\d)", re.M)


def subject_parts(subject):
    """(is_reply, is_patch, version or None, index, total, title, stable tree) of a subject."""
    s = " ".join(subject.split())
    reply = bool(REPLY.match(s))
    s = REPLY.sub("", s)
    words = []
    while True:
        m = GROUP.match(s)
        if not m:
            break
        words += m.group(1).replace(",", " ").split()
        s = s[m.end():]
        if REPLY.match(s):
            reply = True
            s = REPLY.sub("", s)
    patch, version, index, total = False, None, None, None
    stable = " ".join(w for w in words if STABLE.fullmatch(w))
    for w in words:
        lw = w.lower()
        mv = re.fullmatch(r"(patch|rfc|patchset|resend)?-?v(\d+)", lw)
        mc = re.fullmatch(r"(\d+)/(\d+)", lw)
        if lw.startswith("patch"):
            patch = True
        if mv:
            version = int(mv.group(2))
        elif mc:
            index, total = int(mc.group(1)), int(mc.group(2))
    title = s.strip().lower().rstrip(" .,;:!?")
    return reply, patch, version, index, total, title, stable


def heads_of(mails):
    """The series heads among parsed mails: (date, address, title, version, msgid)."""
    covers = set()
    for m in mails:
        if m["index"] == 0:
            covers.add(m["msgid"])
    out = []
    for m in mails:
        if m["reply"] or not m["patch"]:
            continue
        if m["index"] not in (None, 0, 1):
            continue
        if m["index"] == 1 and any(r in covers for r in m["refs"]):
            continue
        out.append(m)
    return out


def parse(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    subj = str(email.header.make_header(email.header.decode_header(msg.get("Subject", ""))))
    reply, patch, version, index, total, title, stable = subject_parts(subj)
    date = email.utils.parsedate_to_datetime(msg.get("Date")) if msg.get("Date") else None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    addr = email.utils.parseaddr(str(msg.get("From", "")))[1].lower()
    mid = email.utils.unquote(str(msg.get("Message-ID", "")).strip()).strip("<>")
    refs = re.findall(r"<([^>]+)>", str(msg.get("References", "")) + " " +
                      str(msg.get("In-Reply-To", "")))
    irt = re.findall(r"<([^>]+)>", str(msg.get("In-Reply-To", "")))
    return dict(reply=reply, patch=patch, version=version, index=index, total=total,
                title=title, date=date, addr=addr, msgid=mid, refs=refs, stable=stable,
                irt=irt[0] if irt else None, has_diff=bool(DIFF.search(raw)))


def infer_versions(mails):
    """b4's rule (LoreMailbox.add_message): a patch without vN in reply to a mail with a vN and
    no diff takes that vN; every other mail without vN is v1."""
    by_id = {m["msgid"]: m for m in mails}
    for m in mails:
        up = by_id.get(m["irt"]) if m["version"] is None and m["irt"] else None
        if up is not None and up["version"] is not None and not up["has_diff"]:
            m["inferred"] = up["version"]
    for m in mails:
        m["version"] = m.pop("inferred", None) or m["version"] or 1


def oracle_series(mails):
    groups = defaultdict(list)
    for h in heads_of(mails):
        if h["date"] and h["addr"] and h["title"]:
            groups[(h["addr"], h["title"], h["stable"])].append(h)
    series = []
    for hs in groups.values():
        hs.sort(key=lambda h: h["date"])
        run = [hs[0]]
        for h in hs[1:]:
            if (h["date"] - run[-1]["date"]).days > WINDOW_DAYS:
                series.append(run)
                run = []
            run.append(h)
        series.append(run)
    return [s for s in series if len({h["version"] for h in s}) >= MIN_REVS]


def lkmine_versions(lkmine, db, msgid):
    r = subprocess.run([lkmine, "series", "--db", db, "--json", msgid], capture_output=True,
                       text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()
    revs = json.loads(r.stdout).get("revisions", [])
    return revs, ""


def range_diff_pairs(lkmine, db, pairs):
    """(successes, failures as (a, b, why)) of `lkmine range-diff a b` over the pairs."""
    ok, bad = 0, []
    for a, b in sorted(pairs):
        r = subprocess.run([lkmine, "range-diff", "--db", db, a, b], capture_output=True,
                           text=True)
        if r.returncode == 0 and r.stdout.strip():
            ok += 1
        else:
            bad.append((a, b, f"exit {r.returncode}: {r.stderr.strip()[-160:]}"))
    return ok, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("epochs", nargs="+")
    ap.add_argument("--db", required=True)
    ap.add_argument("--lkmine", default="build/cli/lkmine")
    ap.add_argument("--before", default="2024-08-01", help="only mails dated before this day")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--range-diff", action="store_true",
                    help="also run `lkmine range-diff A B` on every consecutive pair of revisions "
                         "lkmine listed: exit 0 and a non-empty output count as a success")
    a = ap.parse_args()
    before = datetime.fromisoformat(a.before).replace(tzinfo=timezone.utc)
    mails = []
    for e in a.epochs:
        for raw in (m.raw for m in read_epoch(e, parse_mails=False).mails):
            try:
                m = parse(raw)
            except Exception:  # an unparsable date or header: not a series head we can judge
                continue
            if m["date"] and m["date"] < before:
                mails.append(m)
    infer_versions(mails)
    series = oracle_series(mails)
    complete, asks, ask_ok, patchless = 0, 0, 0, 0
    pairs = set()
    for s in series:
        want = {h["version"] for h in s}
        ok = True
        for h in s:
            revs, err = lkmine_versions(a.lkmine, a.db, h["msgid"])
            asks += 1
            got = {r["revision"] for r in revs} if revs is not None else set()
            heads = [(r.get("head") or {}).get("message_id") for r in revs or []]
            pairs.update((x, y) for x, y in zip(heads, heads[1:]) if x and y)
            patchless += sum(1 for r in (revs or []) if not r.get("patches"))
            if want <= got:
                ask_ok += 1
            else:
                ok = False
                print(f"INCOMPLETE {h['addr']} '{h['title']}' asked <{h['msgid']}> "
                      f"want v{sorted(want)} got v{sorted(got)} {err}")
        complete += ok
        if a.verbose and ok:
            print(f"ok {s[0]['addr']} '{s[0]['title']}' v{sorted(want)}")
    print(f"mails {len(mails)}  series with >= {MIN_REVS} revisions {len(series)}  "
          f"complete {complete} ({100.0 * complete / max(1, len(series)):.1f}%)  "
          f"asks complete {ask_ok}/{asks}  revisions without patches {patchless}")
    if a.range_diff:
        ok, bad = range_diff_pairs(a.lkmine, a.db, pairs)
        for x, y, why in bad:
            print(f"RANGE-DIFF FAILED <{x}> <{y}> {why}")
        print(f"range-diff over consecutive revisions: {ok} of {len(pairs)} pairs")
    return 0 if complete == len(series) else 1


if __name__ == "__main__":
    sys.exit(main())
