#!/usr/bin/env python3
"""Checks the dependency rules of DESIGN.md §2 on every #include of the tree.

Usage: check-layers.py [ROOT]   (exit 0: rules kept; 1: each broken rule printed)
       check-layers.py --self-test   (a wrong include in a scratch tree must be caught)
"""
import os
import re
import sys
import tempfile

# Which project folders a folder's files may include (besides their own folder).
ALLOWED = {
    'core/base': [],
    'core/model': ['core/base'],
    'core/patch': ['core/base', 'core/model'],
    'core/syzbot': ['core/base', 'core/model'],
    'core/git': ['core/base', 'core/model'],
    'core/mail': ['core/base', 'core/model', 'core/patch', 'core/syzbot'],
    'core/link': ['core/base', 'core/model', 'core/patch', 'core/mail'],
    'core/index': ['core/base', 'core/model', 'core/patch', 'core/syzbot', 'core/git',
                   'core/mail', 'core/link'],
    'core/stages': ['core/base', 'core/model', 'core/patch', 'core/syzbot', 'core/git',
                    'core/mail', 'core/link', 'core/index'],
    'core/review': ['core/base', 'core/model', 'core/patch', 'core/syzbot', 'core/git',
                    'core/mail', 'core/link', 'core/index', 'core/stages'],
    'ingest': ['core'],
    'cli': ['core', 'ingest'],
    'gui': ['core', 'ingest'],
}
# Folders whose code is plain algorithms: the standard library (and iconv) only.
ALGORITHMS = ['core/base', 'core/model', 'core/patch', 'core/syzbot', 'core/mail', 'core/link']
# Third-party headers and the only places that may include them.
THIRD_PARTY = [
    (re.compile(r'^xapian'), ['core/index/', 'core/stages/'], 'xapian.h'),
    (re.compile(r'^git2'), ['core/git/'], 'git2.h'),
    (re.compile(r'^mimetic/'), ['core/mail/mime.cpp'], 'mimetic'),
    (re.compile(r'^libxml/'), ['core/mail/html_text.cpp'], 'libxml2'),
    (re.compile(r'^nlohmann/'), ['cli/', 'tests/'], 'nlohmann_json'),
    (re.compile(r'^Q[A-Za-z]+$|^Qt[A-Za-z]*/'), ['gui/', 'tests/gui/', 'tests/tsan/store_worker_tsan.cpp', 'bench/'],
     'Qt'),  # the TSan harness drives gui/'s store worker
    (re.compile(r'^sqlite3\.h$'), ['core/review/state_db.cpp'], 'sqlite3'),
    (re.compile(r'^iconv\.h$'), ['core/base/charset.cpp'], 'iconv'),
    (re.compile(r'^(cpuid|immintrin)\.h$'), ['core/base/sha1.cpp'], 'CPU intrinsics'),
]
# Standard headers the algorithm folders may use: C++ library and <cXXX> C headers.
STD = re.compile(r'^(c[a-z]+|[a-z_]+)$')
# A detail/ folder may also be used by these folders (stages read Xapian through index/detail).
DETAIL_FRIENDS = {'core/index/detail': ['core/stages', 'tests']}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE = re.compile(r'\.(cpp|hpp|h)$')


def folder_of(path):
    for f in sorted(ALLOWED, key=len, reverse=True):
        if path.startswith(f + '/'):
            return f
    return None


def check_file(path, text):
    problems = []
    own = folder_of(path)
    for n, line in enumerate(text.splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, inc = m.groups()
        where = f'{path}:{n}: #include {kind}{inc}{">" if kind == "<" else kind}'
        if kind == '"':
            target = folder_of(inc) or inc.split('/')[0]
            if own and target != own and not any(
                    target == a or target.startswith(a + '/') for a in ALLOWED[own]):
                problems.append(f'{where}: {own} may not use {target}')
            d = re.match(r'^(.*/detail)/', inc)
            if d and not path.startswith(d.group(1).rsplit('/detail', 1)[0] + '/') and \
                    not any(path.startswith(f + '/') for f in DETAIL_FRIENDS.get(d.group(1), [])):
                problems.append(f'{where}: {d.group(1)} is private to its folder')
            continue
        for pattern, places, name in THIRD_PARTY:
            if pattern.search(inc):
                if not any(path.startswith(p) for p in places):
                    problems.append(f'{where}: {name} only in {", ".join(places)}')
                break
        else:
            if own in ALGORITHMS and not STD.match(inc):
                problems.append(f'{where}: {own} uses the standard library only')
    return problems


def check_tree(root):
    problems = []
    for top in ['core', 'ingest', 'cli', 'gui', 'tests', 'bench']:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not SOURCE.search(name):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root).replace(os.sep, '/')
                with open(full, encoding='utf-8', errors='replace') as f:
                    problems += check_file(rel, f.read())
    return problems


def self_test():
    cases = {  # file, text: each must be caught
        'core/patch/x.cpp': '#include "core/git/repo.hpp"\n',
        'core/link/x.cpp': '#include "core/git/repo.hpp"\n',
        'core/mail/header.cpp': '#include <xapian.h>\n',
        'gui/x.cpp': '#include "cli/commands.hpp"\n',
        'cli/x.cpp': '#include "core/index/detail/xapian.hpp"\n',
        'core/base/x.cpp': '#include <QString>\n',
        'core/index/x.cpp': '#include "core/stages/series.hpp"\n',
        'core/model/x.cpp': '#include <git2.h>\n',
    }
    with tempfile.TemporaryDirectory() as root:
        for path, text in cases.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), 'w') as f:
                f.write(text)
        found = check_tree(root)
    missed = [p for p in cases if not any(line.startswith(p + ':') for line in found)]
    allowed_ok = check_file('core/stages/y.cpp', '#include "core/index/detail/xapian.hpp"\n')
    if missed or allowed_ok:
        print('check-layers self-test FAILED: missed', missed, 'wrongly refused', allowed_ok)
        return 1
    print(f'check-layers self-test: all {len(cases)} wrong includes caught')
    return 0


def main():
    if sys.argv[1:] == ['--self-test']:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    problems = check_tree(root)
    for p in problems:
        print(p)
    if problems:
        print(f'check-layers: {len(problems)} broken rule(s) (DESIGN.md §2)')
        return 1
    print('check-layers: every include keeps the layering rules')
    return 0


if __name__ == '__main__':
    sys.exit(main())
