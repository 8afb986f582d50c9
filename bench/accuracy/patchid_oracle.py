#!/usr/bin/env python3
"""Patch ids of every patch mail against git: Python's email package decodes each text part,
`git mailinfo` splits it as `git am` would, `git patch-id --stable` gives the truth.

Two truths per part: `raw` is git patch-id on mailinfo's patch as it is; `am` is git patch-id
on the same patch with two kinds of mailer damage read as git am's users read them (am_view):
an empty line inside a hunk is a blank context line whose leading space the mailer stripped
(git apply counts it as context, git patch-id 2.39 does not), and a hunk header wrapped onto
the next line is joined again. `am` is the id of the commit `git am` makes from the mail, so it
is the one lkmine must give (a link finds commits); where they differ both are counted.
lkmine's ids come from `lkmine parse --json` on the same raw mails (the parser the index uses).

    python3 bench/accuracy/patchid_oracle.py --epoch ../shared/corpora/public-inbox/io-uring/git/0.git \
        --lkmine build/cli/lkmine [--limit N] [--json] [--examples 3]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lore_fields  # noqa: E402
import mails as mail_source  # noqa: E402

HUNK = re.compile(r'^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@')
ID = re.compile(r'^([0-9a-f]{40}) ', re.M)


def mailinfo_patch(text, tmp):
    """What `git mailinfo` (as run by git am) puts in the patch file for this decoded part."""
    msg = ('From: oracle <oracle@example.org>\nSubject: part\n'
           'Content-Type: text/plain; charset=utf-8\n\n' + text).encode('utf-8', 'surrogateescape')
    patch = os.path.join(tmp, 'patch-%d' % os.getpid() + '-%d' % id(text))
    subprocess.run(['git', 'mailinfo', '-u', os.devnull, patch], input=msg,
                   capture_output=True)
    try:
        with open(patch, 'rb') as f:
            return f.read()
    finally:
        if os.path.exists(patch):
            os.unlink(patch)


def _oid_line(line):
    for pre in (b'commit ', b'From '):
        if line.startswith(pre):
            line = line[len(pre):]
            break
    return re.match(rb'[0-9a-fA-F]{40}', line) is not None


def am_view(patch):
    """The patch as `git am` reads mailer damage, to be hashed by git patch-id: an empty line
    inside a hunk is a blank context line (git apply counts it as one; git patch-id 2.39 does
    not, and then hashes the prose after the hunk), and a line right after a hunk header that
    no hunk line can start with is the header's wrapped tail (dropped, as the header is not
    hashed). Which lines are inside a hunk follows git patch-id's own reading (builtin/patch-id.c:
    a patch starts at "diff ", hunk counts from "@@ -", ends at a line a diff cannot hold)."""
    out = []
    in_patch, before, after, after_header = False, -1, -1, False
    for line in patch.split(b'\n'):
        if line.startswith(b'\\ ') and len(line) + 1 > 12:
            out.append(line)  # "\ No newline at end of file": git skips it
            continue
        if _oid_line(line):
            in_patch, before, after = False, -1, -1
            out.append(line)
            continue
        if not in_patch:
            in_patch = line.startswith(b'diff ')
            before = after = -1
            out.append(line)
            continue
        if before == -1:
            if line.startswith(b'index ') or line.startswith(b'GIT binary patch') or \
                    line.startswith(b'Binary files'):
                # binary diffs: git skips to the next "diff "; nothing to repair there
                before = 0 if not line.startswith(b'index ') else -1
                after = 0 if before == 0 else -1
                out.append(line)
                continue
            if line.startswith(b'--- '):
                before = after = 1
            elif not line[:1].isalpha():
                in_patch = False
                out.append(line)
                continue
        if before == 0 and after == 0:
            m = HUNK.match(line.decode('latin-1'))
            if line.startswith(b'@@ -'):
                before = int(m.group(1)) if m and m.group(1) is not None else 1
                after = int(m.group(2)) if m and m.group(2) is not None else 1
                after_header = True
                out.append(line)
                continue
            if not line.startswith(b'diff '):
                in_patch = False
                out.append(line)
                continue
            before = after = -1
        blank = line in (b'', b'\r')
        if after_header:
            after_header = False
            if line[:1] not in (b' ', b'+', b'-', b'\\') and not blank and \
                    not line.startswith(b'diff '):
                out[-1] = out[-1] + b' ' + line  # the wrapped header, joined again
                continue
        if blank:
            line = b' ' + line
        c = line[:1]
        if c in (b'-', b' '):
            before -= 1
        if c in (b'+', b' '):
            after -= 1
        out.append(line)
    return b'\n'.join(out)


def patch_ids(data):
    if not data or b'diff ' not in data:
        return []
    out = subprocess.run(['git', 'patch-id', '--stable'], input=data,
                         capture_output=True).stdout.decode()
    return ID.findall(out)


def parts_of(mail, tmp):
    """(mailinfo patches of the mail's decoded text parts, facts): what git am would apply."""
    patches, facts = [], set()
    html_diff = False
    for part in mail.msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() == 'text/html':
            data = part.get_payload(decode=True) or b''
            html_diff = html_diff or b'diff --git' in data
            continue
        try:
            text = lore_fields.part_text(part)
        except Exception:
            text = None
        if text is None or 'diff ' not in text:
            continue
        patches.append(mailinfo_patch(text, tmp))
    if html_diff:
        facts.add('html-diff')
    return patches, facts


def batch_patch_ids(patches):
    """git patch-id --stable over many patches in one process: a list of id lists, one per
    patch. Before each patch goes a one-line dummy patch under its own "From <marker>" line:
    git patch-id starts a new patch at such a line and always prints the dummy's id, so every
    id printed after a marker (whatever commit id git shows for it: the next "From" line, a
    "From <sha>" of a series inside the mail, or the null id after a line that ends a diff
    header) belongs to that patch, as when each was hashed alone."""
    dummy = b'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'
    markers = ['%040x' % (0xfeed << 128 | n) for n in range(len(patches))]
    stream = bytearray()
    for marker, patch in zip(markers, patches):
        stream += b'From %s Mon Sep 17 00:00:00 2001\n' % marker.encode() + dummy
        stream += b'From %040x Mon Sep 17 00:00:00 2001\n' % 0xbeef
        stream += patch if patch.endswith(b'\n') or not patch else patch + b'\n'
    out = subprocess.run(['git', 'patch-id', '--stable'], input=bytes(stream),
                         capture_output=True, check=True).stdout.decode()
    index = {m: n for n, m in enumerate(markers)}
    ids = [[] for _ in patches]
    cur = -1
    for pid, oid in re.findall(r'^([0-9a-f]{40}) ([0-9a-f]{40})', out, re.M):
        if oid in index:
            cur = index[oid]
        else:
            ids[cur].append(pid)
    if cur != len(patches) - 1:
        raise RuntimeError('git patch-id: %d of %d patches read' % (cur + 1, len(patches)))
    return ids


def truths_of(mails, tmp, jobs):
    """(raw ids, am ids, facts) per mail: mailinfo per part in a pool, patch-id in two batches."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        split = list(pool.map(lambda m: parts_of(m, tmp), mails))
    flat = [p for patches, _ in split for p in patches]
    raw_ids = batch_patch_ids([p if b'diff ' in p else b'' for p in flat])
    am_ids = batch_patch_ids([am_view(p) if b'diff ' in p else b'' for p in flat])
    out, n = [], 0
    for patches, facts in split:
        raw, applied, facts = [], [], set(facts)
        for _ in patches:
            raw += raw_ids[n]
            applied += am_ids[n]
            if raw_ids[n] != am_ids[n]:
                facts.add('mailer-damage')
            n += 1
        if 'html-diff' in facts:
            facts.discard('html-diff')
            if not applied:
                facts.add('html-only')
        out.append((raw, applied, facts))
    return out


def lkmine_ids(binary, paths):
    """Message-ID-less: one list of patch ids per file, in order, from `lkmine parse --json`."""
    out = []
    for i in range(0, len(paths), 400):
        chunk = paths[i:i + 400]
        proc = subprocess.run([binary, 'parse', '--json', *chunk], capture_output=True)
        lines = [json.loads(x) for x in proc.stdout.decode('utf-8', 'replace').splitlines()
                 if x.strip()]
        if len(lines) != len(chunk):
            raise RuntimeError('lkmine parse gave %d mails for %d files: %s' % (
                len(lines), len(chunk), proc.stderr.decode('utf-8', 'replace')[-300:]))
        out += [[p.get('patch_id', '') for p in j.get('patches', [])] for j in lines]
    return out


def classify(mail, want, got, facts):
    """Why lkmine's ids differ from git's for one mail: a list of class names."""
    text = '\n'.join(t for t in lore_fields.text_parts(mail.msg))
    cls = set(facts)
    if len(want) > 1 or len([g for g in got if g]) > 1:
        cls.add('several-patches')
    if re.search(r'^@@ -[^\n]*@@[^\n]*\n(?![ +\-@\\]|diff |$)[^\n]+\n[ +\-]', text, re.M):
        cls.add('wrapped-hunk-header')
    if re.search(r'^diff --git[^\n]*\n(?:(?!--- |diff )[^\n]*\n)*?(?:diff |\Z)', text, re.M):
        cls.add('no-minus-line')
    if not want:
        cls.add('none-in-git')
    if not [g for g in got if g]:
        cls.add('none-in-lkmine')
    return sorted(cls) or ['other']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--epoch', help='a public-inbox v2 epoch git dir')
    src.add_argument('--corpus', action='append',
                     help='an epoch under ../shared/corpora (or $LKMINE_SHARED_CORPORA); repeat')
    src.add_argument('--mbox')
    ap.add_argument('--assert', dest='require', type=float,
                    help='exit 1 when a source\'s rate (lkmine = git am view) is under this')
    ap.add_argument('--lkmine', required=True)
    ap.add_argument('--limit', type=int)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--examples', type=int, default=3)
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    if args.corpus:
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.environ.get('LKMINE_SHARED_CORPORA') or os.path.join(
            here, '..', '..', '..', 'shared', 'corpora')
        epochs = [os.path.normpath(os.path.join(root, c)) for c in args.corpus]
        missing = [e for e in epochs if not os.path.exists(e)]
        if missing:
            msg = 'patchid_oracle: corpus missing: %s' % ', '.join(missing)
            if os.environ.get('CI', '') not in ('', '0', 'false'):
                sys.exit(msg + ' (CI is set: failing)')
            print(msg + ' (skipped)', file=sys.stderr)
            sys.exit(77)
    else:
        epochs = [args.epoch]
    failed = False
    for epoch in epochs:
        report = run_one(args, epoch)
        if args.require is not None and report['rate'] < args.require:
            print('FAIL: %s rate %.4f < %.4f' % (report['source'], report['rate'], args.require))
            failed = True
    sys.exit(1 if failed else 0)


def run_one(args, epoch):
    source = (mail_source.read_epoch(epoch, args.limit) if epoch
              else mail_source.read_mbox(args.mbox, args.limit))
    seen, todo = set(), []
    for m in source.mails:
        key = m.msgid or m.where
        if key in seen:
            continue
        seen.add(key)
        if b'diff ' in m.raw or b'diff=20' in m.raw or m.msg.is_multipart() or \
                re.search(rb'^Content-Transfer-Encoding:\s*base64', m.raw, re.M | re.I):
            todo.append(m)
    with tempfile.TemporaryDirectory(prefix='patchid-oracle-') as tmp:
        truths = truths_of(todo, tmp, args.jobs)
        keep = [(m, t) for m, t in zip(todo, truths)]
        paths = []
        for n, (m, _) in enumerate(keep):
            p = os.path.join(tmp, 'mail-%d' % n)
            with open(p, 'wb') as f:
                f.write(m.raw)
            paths.append(p)
        got_all = lkmine_ids(args.lkmine, paths)

    rows = collections.Counter()
    classes = collections.Counter()
    examples = collections.defaultdict(list)
    for (m, (raw, applied, facts)), got in zip(keep, got_all):
        got_set = sorted({g for g in got if g})
        want = sorted(set(applied))
        if not want and not got_set:
            continue
        rows['mails'] += 1
        if 'mailer-damage' in facts:
            rows['damaged mails'] += 1
        if sorted(set(raw)) == got_set:
            rows['= raw git'] += 1
        if want == got_set:
            rows['= git am'] += 1
            continue
        for c in classify(m, want, got_set, facts):
            classes[c] += 1
            if len(examples[c]) < args.examples:
                examples[c].append('%s git %s lkmine %s' % (
                    m.msgid, ','.join(w[:12] for w in want) or '-',
                    ','.join(g[:12] for g in got_set) or '-'))
    report = {'source': epoch or args.mbox, 'mails': rows['mails'],
              'agree_git_am': rows['= git am'], 'agree_raw_git': rows['= raw git'],
              'mailer_damaged_mails': rows['damaged mails'],
              'rate': rows['= git am'] / rows['mails'] if rows['mails'] else 1.0,
              'classes': dict(classes), 'examples': dict(examples)}
    if args.json:
        print(json.dumps(report, indent=1))
        return report
    print('%s: %d patch mails, lkmine = git am view %d (%.2f%%), = raw git patch-id %d; '
          '%d mails with mailer damage (raw != am)' % (
              report['source'], report['mails'], report['agree_git_am'], 100 * report['rate'],
              report['agree_raw_git'], report['mailer_damaged_mails']))
    for c, n in classes.most_common():
        print('  %-22s %5d  %s' % (c, n, '; '.join(examples[c])))
    sys.stdout.flush()
    return report


if __name__ == '__main__':
    main()
