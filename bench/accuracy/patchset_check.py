#!/usr/bin/env python3
"""Issue 14's series checks on an indexed archive: every `[PATCHSET ... 0/M]` cover's revision
gets its M patches (one at least when the cover has no counter), and every pair of consecutive revisions of those series range-diffs.

    patchset_check.py --lkmine build/cli/lkmine --db /tmp/iou-db
"""
import argparse
import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

COVER = re.compile(r'^\s*\[PATCHSET\b([^\]]*)\]', re.I)  # a cover: i = 0, or no counter
COUNT = re.compile(r'\b(\d+)/(\d+)\s*$')


def run(args, *cmd):
    return subprocess.run([args.lkmine, cmd[0], '--db', args.db, *cmd[1:]], capture_output=True,
                          timeout=600)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lkmine', required=True)
    ap.add_argument('--db', required=True)
    ap.add_argument('--jobs', type=int, default=2)
    args = ap.parse_args()
    out = run(args, 'search', '--json', '--limit', '100000', 's:PATCHSET').stdout.decode()
    covers = []
    for line in out.splitlines():
        j = json.loads(line)
        m = COVER.match(j.get('subject', ''))
        if not m:
            continue
        c = COUNT.search(m.group(1))
        if c and int(c.group(1)) != 0:
            continue  # a patch of the set, not its cover
        covers.append((j['message_id'], int(c.group(2)) if c else 1))

    def one(cover):
        mid, total = cover
        p = run(args, 'series', '--json', mid)
        if p.returncode != 0:
            return mid, total, None, [('series', p.stderr.decode()[-200:])]
        revs = json.loads(p.stdout).get('revisions', [])
        mine = [r for r in revs if (r.get('head') or {}).get('message_id') == mid]
        got = len(mine[0]['patches']) if mine else None
        bad = []
        heads = [(r.get('head') or {}).get('message_id') for r in revs]
        for a, b in zip(heads, heads[1:]):
            if a and b:
                rd = run(args, 'range-diff', a, b)
                if rd.returncode != 0:
                    bad.append((a + ' ' + b, rd.stderr.decode()[-200:]))
        return mid, total, got, bad

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        res = list(pool.map(one, covers))
    complete = [r for r in res if r[2] is not None and r[2] >= r[1]]
    pairs_bad = [b for r in res for b in r[3]]
    print('PATCHSET covers: %d, with all their patches: %d' % (len(res), len(complete)))
    for mid, total, got, _ in res:
        if got is None or got < total:
            print('  short: %s has %s of %d' % (mid, got, total))
    print('range-diff failures over their consecutive revisions: %d' % len(pairs_bad))
    for pair, err in pairs_bad[:20]:
        print('  %s: %s' % (pair, err.strip()))


if __name__ == '__main__':
    main()
