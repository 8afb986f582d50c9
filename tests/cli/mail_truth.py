#!/usr/bin/env python3
# Independent truth for the indexer tests: distinct Message-IDs plus the mails reusing one with other content (copies), threads and ghosts of mail sources.
# Usage: mail_truth.py [--epoch GITDIR]... [--mbox FILE]... [FILE]...   prints one JSON line.
# Threads: strict union of Message-ID, In-Reply-To and References (no subject guessing), as
# DESIGN.md asks; a referenced id never seen is a ghost. Written apart from lkmine's C++ on
# purpose, with Python's own header handling, so the two can disagree.
import email, email.policy, email.utils, json, re, subprocess, sys

ANGLE = re.compile(rb'<([^<>]*)>')

def headers(raw):
    end = re.search(rb'\r?\n\r?\n', raw)
    block = raw[:end.start()] if end else raw
    out = {}
    name = None
    for line in re.split(rb'\r?\n', block):
        if line[:1] in (b' ', b'\t') and name:
            out[name][-1] += b' ' + line.strip()
            continue
        m = re.match(rb'([!-9;-~]+):(.*)', line)
        if not m:
            name = None
            continue
        name = m.group(1).lower()
        out.setdefault(name, []).append(m.group(2).strip())
    return out

def ids_of(value):
    ids = [re.sub(rb'\s', b'', m) for m in ANGLE.findall(value)]
    ids = [i for i in ids if i]
    if ids:
        return ids
    return [w.strip(b'<>"\',;:.()[]') for w in value.split() if b'@' in w[1:-1]]

def epoch_blobs(git_dir):
    revs = subprocess.run(['git', '--git-dir', git_dir, 'rev-list', '--reverse', 'HEAD'],
                          check=True, capture_output=True).stdout.split()
    req = b''.join(r + b':m\n' for r in revs)
    out = subprocess.run(['git', '--git-dir', git_dir, 'cat-file', '--batch'], input=req,
                         check=True, capture_output=True).stdout
    pos, blobs = 0, []
    while pos < len(out):
        eol = out.index(b'\n', pos)
        head = out[pos:eol].split()
        pos = eol + 1
        if head[-1] == b'missing':
            continue
        size = int(head[2])
        blobs.append(out[pos:pos + size])
        pos += size + 1
    return blobs

def content_key(raw):
    """What makes two mails with one Message-ID the same mail (a re-delivery) or two ("copies"):
    the decoded Subject, the From address and the decoded text, as Python's email package reads
    them; list-added headers (List-Id, Received) do not count."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        subject = str(msg.get('subject', '') or '')
    except Exception:
        subject = ''
    subject = ' '.join(subject.split())
    addr = email.utils.parseaddr(str(msg.get('from', '') or ''))[1].lower()
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == 'multipart' or part.get_content_type() != 'text/plain':
            continue
        try:
            texts.append(part.get_content())
        except Exception:
            texts.append(str(part.get_payload()))
    body = '\n'.join(texts).replace('\r\n', '\n')
    body = '\n'.join(l.rstrip() for l in body.split('\n')).strip()
    return (subject, addr, body)

def mbox_mails(path):
    data = open(path, 'rb').read()
    parts = re.split(rb'(?:^|\n)From [^\n]*\n', data)
    return [re.sub(rb'(?m)^>(>*From )', rb'\1', p) for p in parts if p.strip()]

def main(argv):
    mails, i = [], 0
    while i < len(argv):
        if argv[i] == '--epoch':
            mails += epoch_blobs(argv[i + 1]); i += 2
        elif argv[i] == '--mbox':
            mails += mbox_mails(argv[i + 1]); i += 2
        else:
            mails.append(open(argv[i], 'rb').read()); i += 1
    parent = {}
    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    seen, referenced, noid, contents, first = set(), set(), 0, {}, {}
    import hashlib
    for raw in mails:
        h = headers(raw)
        mid = next((ids_of(v)[0] for v in h.get(b'message-id', []) if ids_of(v)), None)
        if mid is None:
            mid = b'noid-' + hashlib.sha1(raw).hexdigest().encode()
            noid += 1
        seen.add(mid)
        if mid in first:  # only a reused Message-ID needs its mails read
            contents.setdefault(mid, {content_key(first[mid])}).add(content_key(raw))
        else:
            first[mid] = raw
        related = []
        for v in h.get(b'references', []) + h.get(b'in-reply-to', []):
            related += ids_of(v)
        find(mid)
        for r in related:
            if r != mid:
                referenced.add(r)
                parent[find(r)] = find(mid)
    ghosts = referenced - seen
    copies = sum(len(v) - 1 for v in contents.values())
    threads = {find(x) for x in seen}
    print(json.dumps({'read': len(mails), 'mails': len(seen) + copies, 'copies': copies, 'threads': len(threads),
                      'ghosts': len(ghosts), 'no_id': noid,
                      'ids': sorted(x.decode('utf-8', 'replace') for x in seen)}))

main(sys.argv[1:])
