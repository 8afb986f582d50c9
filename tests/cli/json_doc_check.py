#!/usr/bin/env python3
"""Checks docs/JSON.md against lkmine: runs each documented "Check:" command with --json on an
index of tests/support/json_fixture.mbox and compares the output's keys with the "Keys:" line.

Usage: json_doc_check.py LKMINE_BINARY SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def documented(doc_path):
    """[(args, keys)] from the Check/Keys line pairs of the doc."""
    out, args = [], None
    for line in open(doc_path, encoding='utf-8'):
        m = re.match(r'Check: `(.*)`\s*$', line)
        if m:
            args = m.group(1).split()
            continue
        m = re.match(r'Keys: (.*)$', line)
        if m and args is not None:
            out.append((args, [k.strip() for k in m.group(1).split(',') if k.strip()]))
            args = None
    return out


def lookup(obj, dotted):
    for part in dotted.split('.'):
        if isinstance(obj, list):
            if not part.isdigit() or int(part) >= len(obj):
                return False, None
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            if part not in obj:
                return False, None
            obj = obj[part]
        else:
            return False, None
    return True, obj


def check(binary, db, args, keys):
    cmd = [binary, args[0], '--db', db] + args[1:]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return ['%s: exit %d: %s' % (' '.join(args), r.returncode, r.stderr.strip())]
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    if not lines:
        return ['%s: no output' % ' '.join(args)]
    problems = []
    for line in lines:  # search prints JSON lines; the others one object
        obj = json.loads(line)
        top = {k for k in keys if '.' not in k}
        have = set(obj.keys())
        if have - top:
            problems.append('%s: undocumented keys %s' % (' '.join(args), sorted(have - top)))
        if top - have:
            problems.append('%s: documented keys missing %s' % (' '.join(args), sorted(top - have)))
        for k in keys:
            if '.' in k and not lookup(obj, k)[0]:
                problems.append('%s: documented %s missing' % (' '.join(args), k))
        if len(lines) > 1 and problems:
            break
    return problems


def main():
    binary, source = sys.argv[1], sys.argv[2]
    doc = os.path.join(source, 'docs', 'JSON.md')
    fixture = os.path.join(source, 'tests', 'support', 'json_fixture.mbox')
    checks = documented(doc)
    if len(checks) < 6:
        print('json_doc_check: only %d Check/Keys pairs in %s' % (len(checks), doc))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'db')
        r = subprocess.run([binary, 'index', '--db', db, '-q', fixture], capture_output=True,
                           text=True)
        if r.returncode != 0:
            print('json_doc_check: index failed: %s' % r.stderr)
            return 1
        problems = []
        for args, keys in checks:
            problems += check(binary, db, args, keys)
    for p in problems:
        print('json_doc_check: ' + p)
    print('json_doc_check: %d commands, %d problems' % (len(checks), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
