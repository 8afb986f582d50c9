# lkmine's answers against the oracle's, one table row per capability.
import json
import os
import random
import subprocess
import sys

import truth as oracle


def row(key, capability, truth, got, matched, total, example='', note=''):
    rate = matched / total if total else 1.0
    return {'key': key, 'capability': capability, 'truth': truth, 'lkmine': got,
            'matched': matched, 'total': total, 'rate': round(rate, 4), 'example': example,
            'note': note}


def mails_rows(t, stats):
    docs = t.expected_documents()
    got = stats.get('mails', 0)
    return [
        row('mails', 'mails indexed (distinct Message-IDs + id-less + reused ids with other '
            'content)', docs, got, min(docs, got), max(docs, got),
            note='%d distinct ids, %d id-less, %d reused with other content, %d exact '
                 'duplicates; lkmine duplicates=%s' % (
                     len(t.first), len(t.idless), len(t.reused_other), t.exact_dupes,
                     stats.get('duplicates')),
            example=t.reused_other[0].msgid if t.reused_other else ''),
        row('readable', 'mail blobs readable', len(t.source.mails) + len(t.source.unreadable),
            len(t.source.mails), len(t.source.mails),
            len(t.source.mails) + len(t.source.unreadable),
            example='; '.join('%s (%s)' % u for u in t.source.unreadable[:3]),
            note='oracle side: what git can read'),
    ]


def msgid_row(t, lk, sample):
    ids = sorted(t.first)
    if sample and len(ids) > sample:
        ids = random.Random(13).sample(ids, sample)
    results = lk.many(lambda mid: lk.search('m:' + mid, limit=5), ids)
    missing = [mid for mid, r in zip(ids, results) if isinstance(r, str) or mid not in r]
    errors = [r for r in results if isinstance(r, str)]
    r = row('m', 'm: lookups (%s)' % ('%d ids sampled' % len(ids) if sample else 'every id'),
            len(ids), len(ids) - len(missing), len(ids) - len(missing), len(ids),
            example=(missing[0] if missing else ''),
            note=('%d query errors, e.g. %s' % (len(errors), errors[0][:120])) if errors else '')
    r['missing_ids'] = missing[:200]
    return r


def indexed_ids(lk):
    """Every Message-ID lkmine has, to tell lost mails from wrong answers."""
    got = lk.search('*')
    return set(got) if not isinstance(got, str) else None


def query_rows(t, lk, queries, have):
    out = []
    for key, q, kind, field, arg in queries:
        want = oracle.query_truth(t, kind, field, arg)
        got = lk.search(q)
        if isinstance(got, str):
            out.append(row('q ' + key, q, len(want), 'error', 0, max(len(want), 1),
                           note=got[:150]))
            continue
        got = set(got)
        both = want & got
        missing, extra = sorted(want - got), sorted(got - want)
        lost = [m for m in missing if have is not None and m not in have]
        missing = [m for m in missing if m not in lost]
        ex = []
        if missing:
            ex.append('missing <%s>' % missing[0])
        if extra:
            ex.append('extra <%s>' % extra[0])
        seen = want if have is None else want & have
        r = row('q ' + key, q, len(want), len(got), len(both), len(seen | got),
                example='; '.join(ex), note=_diff_note(missing, extra, lost))
        # Every difference, to be judged one by one (--json; README "Differences judged").
        r['missing_ids'], r['extra_ids'] = missing[:200], extra[:200]
        out.append(r)
    return out


def _diff_note(missing, extra, lost):
    parts = []
    if missing:
        parts.append('%d missing' % len(missing))
    if extra:
        parts.append('%d extra' % len(extra))
    if lost:
        parts.append('%d more missing because not indexed at all' % len(lost))
    return ', '.join(parts)


def shown(t, lk, sample):
    """lkmine show --json for the mails that have a patch or a trailer, plus a sample."""
    interesting = [mid for mid, f in t.facts.items() if f['diff_parts'] or f['trailers']]
    chosen = set(interesting)
    rest = [mid for mid in t.facts if mid not in chosen]
    if sample and len(rest) > sample:
        rest = random.Random(7).sample(rest, sample)
    if sample and len(interesting) > 3 * sample:
        interesting = random.Random(8).sample(interesting, 3 * sample)
    ids = interesting + rest
    return dict(zip(ids, lk.show_many(ids)))


def patch_rows(t, lk, pids, views, sample, have):
    total = matched = 0
    bad = []
    for mid, view in views.items():
        want = pids.get(mid, [])
        got = sorted({p['patch_id'] for p in (view or {}).get('patches', []) if p.get('patch_id')})
        if not want and not got:
            continue
        total += 1
        if want == got:
            matched += 1
        else:
            bad.append((mid, want, got))
    example = ''
    if bad:
        mid, want, got = bad[0]
        example = '<%s> git %s, lkmine %s' % (mid, ','.join(w[:12] for w in want) or '-',
                                              ','.join(g[:12] for g in got) or '-')
    diff_list = [{'message_id': mid, 'git': want, 'lkmine': got} for mid, want, got in bad]
    rows = [row('patch ids', 'patch ids = git patch-id --stable (decoded text parts)',
                len(pids), sum(1 for v in views.values()
                               if any(p.get('patch_id') for p in (v or {}).get('patches', []))),
                matched, total,
                example=example,
                note='%d differ: %d none in lkmine, %d none in git, %d other id' % (
                    len(bad), sum(1 for b in bad if not b[2]), sum(1 for b in bad if not b[1]),
                    sum(1 for b in bad if b[1] and b[2])) if bad else '')]
    rows[0]['differing'] = diff_list[:200]  # every difference, to be judged (--json)
    items = sorted(it for it in pids.items() if have is None or it[0] in have)
    if sample and len(items) > sample:
        items = random.Random(5).sample(items, sample)
    found = lk.many(lambda it: lk.search('patchid:' + it[1][0], limit=100), items)
    miss = [it[0] for it, r in zip(items, found) if isinstance(r, str) or it[0] not in r]
    rows.append(row('patchid', 'patchid: lookups (git\'s id finds the mail)', len(items),
                    len(items) - len(miss), len(items) - len(miss), len(items),
                    example=miss[0] if miss else ''))
    rows[-1]['missing_ids'] = miss[:200]
    return rows


def trailer_row(t, views):
    keys = set(oracle.trailer_oracle.KEYS)
    total = matched = want_n = got_n = both_n = 0
    bad = []
    for mid, view in views.items():
        want = t.facts[mid]['trailers']
        got = sorted((tr['key'].lower(), oracle.trailer_oracle.address_of(tr['value']))
                     for tr in (view or {}).get('trailers', []) if tr['key'].lower() in keys)
        if not want and not got:
            continue
        total += 1
        want_n, got_n = want_n + len(want), got_n + len(got)
        both_n += len(set(want) & set(got))
        if set(want) == set(got):
            matched += 1
        else:
            bad.append((mid, sorted(set(want) - set(got)), sorted(set(got) - set(want))))
    example = ''
    if bad:
        mid, miss, extra = bad[0]
        example = '<%s> missing %s extra %s' % (mid, miss[:2], extra[:2])
    r = row('trailers', 'trailers (Reviewed/Acked/Tested/Signed-off-by) = b4 rules',
            want_n, got_n, matched, total, example=example,
            note='per mail; trailers: %d in oracle, %d in lkmine, %d in both' % (
                want_n, got_n, both_n))
    r['differing'] = [{'message_id': mid, 'missing': miss, 'extra': extra}
                      for mid, miss, extra in bad[:200]]  # every difference, to be judged
    return r


def threads_rows(args, db):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'threads_oracle.py')
    if not os.path.exists(script):
        return [row('threads', 'threads = components with ghosts', '', '', 0, 0,
                    note='not run: bench/accuracy/threads_oracle.py is not present')]
    cmd = [sys.executable, script, '--lkmine', args.lkmine, '--db', db, '--json',
           '--sample', str(args.sample), '--jobs', str(args.jobs)]
    cmd += ['--epoch', args.epoch_used] if args.epoch_used else ['--mbox', args.mbox_used]
    proc = subprocess.run(cmd, capture_output=True)
    try:
        data = json.loads(proc.stdout)
        rows = data.get('rows', [data]) if isinstance(data, dict) else data
        for r in rows:
            r.setdefault('key', 'threads')
            r.setdefault('rate', 0.0)
        return rows
    except ValueError:
        return [row('threads', 'threads = components with ghosts', '', 'error', 0, 1,
                    note='threads_oracle.py exit %d: %s' % (
                        proc.returncode, proc.stderr.decode('utf-8', 'replace')[-200:]))]
