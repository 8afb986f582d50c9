#!/usr/bin/env python3
"""Threads oracle: connected components of the In-Reply-To/References graph, ghosts included.

Computes, independently of lkmine's code (Python's email package for the headers, git for the
epoch), the threads a strict threader must find over a public-inbox epoch or an mbox: each
mail is a node, each referenced Message-ID too (a "ghost" when no mail has it), and a mail is
joined to every id in its In-Reply-To and References. With --db it then asks `lkmine thread
--json` for one mail of each component and checks that lkmine's tree holds exactly the
component's ids, real mails and ghosts alike (a ghost must be shown even for a lone reply).

Usage:
  threads_oracle.py --epoch GITDIR [--epoch ...] [--mbox FILE ...]          # the oracle alone
  threads_oracle.py --epoch GITDIR --db DB [--lkmine BIN] [--sample N]      # and the check
Prints one JSON object; with --db the exit status is 1 when a component differs.
"""
import argparse
import email
import email.policy
import json
import mailbox
import os
import random
import re
import subprocess
import sys
from collections import defaultdict

ANGLE = re.compile(r'<([^<>]+)>')


def epoch_mails(git_dir):
    """Raw 'm' blobs in commit order, and 'd' blobs (a removed mail); a commit whose blob
    cannot be read (a partial clone) is counted as unreadable."""
    revs = subprocess.run(['git', '--git-dir', git_dir, 'rev-list', '--reverse', 'HEAD'],
                          check=True, capture_output=True).stdout.split()
    req = b''.join(r + b':m\n' + r + b':d\n' for r in revs)
    out = subprocess.run(['git', '--git-dir', git_dir, 'cat-file', '--batch'], input=req,
                         check=True, capture_output=True).stdout
    pos, items, unreadable = 0, [], 0
    for _ in revs:
        found = 0
        for kind in ('m', 'd'):
            eol = out.index(b'\n', pos)
            head = out[pos:eol].split()
            pos = eol + 1
            if head[-1] == b'missing':  # no such path, or the blob is not in the repository
                continue
            size = int(head[2])
            items.append((kind, out[pos:pos + size]))
            pos += size + 1
            found += 1
        unreadable += found == 0
    return items, unreadable


def mbox_mails(path):
    return [('m', bytes(m)) for m in mailbox.mbox(path, create=False)]


def ids_in(value):
    if value is None:
        return []
    text = re.sub(r'\s+', '', str(value)) if '<' not in str(value) else str(value)
    found = [re.sub(r'\s', '', i) for i in ANGLE.findall(text)]
    found = [i for i in found if i]
    if found:
        return found
    return [w.strip('<>"\',;:.()[]') for w in str(value).split() if '@' in w[1:-1]]


def header(msg, name):
    vals = msg.get_all(name) or []
    return ' '.join(str(v) for v in vals)


def parse(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    mid = ids_in(header(msg, 'Message-ID'))
    refs = ids_in(header(msg, 'References')) + ids_in(header(msg, 'In-Reply-To'))
    return (mid[0] if mid else None), refs


class Union:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def components(mails):
    """mails: list of (kind, raw). Returns (components as sets, real ids, ghost ids, stats)."""
    real, links, deleted, no_id = {}, [], set(), 0
    for kind, raw in mails:
        mid, refs = parse(raw)
        if kind == 'd':
            if mid:
                deleted.add(mid)
            continue
        if mid is None:
            no_id += 1
            continue
        real.setdefault(mid, refs)
    for mid in deleted:  # a removed mail becomes a ghost: its thread stays joined
        real.pop(mid, None)
    u = Union()
    for mid, refs in real.items():
        u.find(mid)
        for r in refs:
            u.join(mid, r)
    groups = defaultdict(set)
    for node in list(u.parent):
        groups[u.find(node)].add(node)
    ghosts = set(u.parent) - set(real)
    return list(groups.values()), set(real), ghosts, {'mails_without_message_id': no_id,
                                                      'deleted': len(deleted)}


def tree_ids(tree):
    """(every id, ghost ids) of one `thread --json` tree."""
    ids, ghosts, stack = set(), set(), list(tree.get('roots', []))
    while stack:
        node = stack.pop()
        ids.add(node['message_id'])
        if node.get('ghost'):
            ghosts.add(node['message_id'])
        stack.extend(node.get('children', []))
    return ids, ghosts


def check(comps, real, binary, db, sample, jobs):
    chosen = comps if not sample or sample >= len(comps) else random.Random(1).sample(comps,
                                                                                      sample)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from lkmine_cli import Lkmine  # `thread --json -`: many mails per lkmine run
    mids = [min(comp & real) for comp in chosen]
    trees = Lkmine(binary, db, jobs).thread_many(mids)
    diffs = []
    for comp, mid, tree in zip(chosen, mids, trees):
        if tree is None:
            diffs.append({'mail': mid, 'error': 'lkmine thread found no thread'})
            continue
        ids, ghosts = tree_ids(tree)
        if ids == comp and ghosts == comp - real:
            continue
        diffs.append({'mail': mid, 'missing': sorted(comp - ids)[:10],
                      'extra': sorted(ids - comp)[:10],
                      'ghost_flag_wrong': sorted(ghosts ^ (comp - real))[:10],
                      'size': len(comp)})
    return len(chosen), diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--epoch', action='append', default=[])
    ap.add_argument('--mbox', action='append', default=[])
    ap.add_argument('--db', help='an lkmine index of the same sources: check its threads')
    ap.add_argument('--lkmine', default='lkmine')
    ap.add_argument('--sample', type=int, default=0, help='check N components (0: all)')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--show', type=int, default=5, help='differences to print')
    ap.add_argument('--json', action='store_true',
                    help="print accuracy.py's table rows ({'rows': [...]}) instead of the figures")
    a = ap.parse_args()
    mails, unreadable = [], 0
    for e in a.epoch:
        got, bad = epoch_mails(e)
        mails += got
        unreadable += bad
    for m in a.mbox:
        mails += mbox_mails(m)
    comps, real, ghosts, extra = components(mails)
    out = {'read': len(mails), 'unreadable': unreadable, 'mails': len(real),
           'ghosts': len(ghosts), 'threads': len(comps),
           'threads_with_ghosts': sum(1 for c in comps if c - real),
           'lone_replies_to_ghosts': sum(1 for c in comps if len(c & real) == 1 and c - real)}
    out.update(extra)
    status = 0
    if a.db:
        checked, diffs = check(comps, real, a.lkmine, a.db, a.sample, a.jobs)
        out['checked'] = checked
        out['agree'] = checked - len(diffs)
        out['agree_pct'] = round(100.0 * (checked - len(diffs)) / checked, 3) if checked else 100
        out['differences'] = diffs[:a.show]
        out['all_differences'] = diffs[:200]  # for the harness's --json
        status = 1 if diffs else 0
    out_json = harness_rows(out) if a.json else dict(out)
    out_json.pop('all_differences', None)
    print(json.dumps(out_json))
    return status


def harness_rows(out):
    """The figures as accuracy.py's rows (compare.row's keys)."""
    checked, agree = out.get('checked', 0), out.get('agree', 0)
    diffs = out.get('differences', [])
    example = ''
    if diffs:
        d = diffs[0]
        example = '<%s> %s' % (d.get('mail'), d.get('error') or 'missing %s extra %s ghosts %s' % (
            d.get('missing', [])[:2], d.get('extra', [])[:2], d.get('ghost_flag_wrong', [])[:2]))
    return {'rows': [{
        'key': 'threads', 'capability': 'threads = components with ghosts (`thread --json` of '
        'one mail per component)', 'truth': out['threads'], 'lkmine': checked,
        'matched': agree, 'total': checked, 'rate': round(agree / checked, 4) if checked else 1.0,
        'example': example,
        'note': '%d components (%d with ghosts, %d lone replies to ghosts), %d ghosts; %d checked'
                % (out['threads'], out['threads_with_ghosts'], out['lone_replies_to_ghosts'],
                   out['ghosts'], checked),
        'differing': out.get('all_differences', [])}]}


if __name__ == '__main__':
    sys.exit(main())
