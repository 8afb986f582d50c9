# The oracle's answers for one archive: counts, per-mail facts and the lore query list.
import collections
import datetime
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import lore_fields
import trailers as trailer_oracle
from mails import date_utc, header_text

# The fixed lore queries: (key, query, kind, field, argument). Kinds: stem (one word, stemmed as lore
# does), phrase (quoted words, unstemmed, adjacent in one chunk).
FIXED_QUERIES = [
    ('s:fix', 's:fix', 'stem', 's', 'fix'),
    ('s:race', 's:race', 'stem', 's', 'race'),
    ('s:kasan', 's:kasan', 'stem', 's', 'kasan'),
    ('s:support', 's:support', 'stem', 's', 'support'),
    ('b:kasan', 'b:kasan', 'stem', 'b', 'kasan'),
    ('b:"data race"', 'b:"data race"', 'phrase', 'b', 'data race'),
    ('b:"use after free"', 'b:"use after free"', 'phrase', 'b', 'use after free'),
    ('b:"null pointer"', 'b:"null pointer"', 'phrase', 'b', 'null pointer'),
    ('q:"data race"', 'q:"data race"', 'phrase', 'q', 'data race'),
    ('q:"use after free"', 'q:"use after free"', 'phrase', 'q', 'use after free'),
    ('nq:lock', 'nq:lock', 'stem', 'nq', 'lock'),
    ('nq:warning', 'nq:warning', 'stem', 'nq', 'warning'),
]


# A part may hold a patch when it has a line starting "diff " (git patch-id needs one); the ids
# are then those of what git mailinfo splits off (patch_ids below).
PATCH = re.compile(r'^diff ', re.M)


def content_key(mail):
    """What makes two copies of a Message-ID the same mail: subject and decoded text."""
    text = '\n'.join(lore_fields.text_parts(mail.msg))
    return (header_text(mail.msg, 'Subject'), re.sub(r'\s+', ' ', text).strip())


class Truth:
    def __init__(self, source, jobs=1):
        self.source = source
        self.first = {}  # msgid -> first mail with it
        self.idless = []
        self.reused_other = []  # later copies whose content differs from the first
        self.exact_dupes = 0
        keys = {}
        for mail in source.mails:
            if not mail.msgid:
                self.idless.append(mail)
                continue
            if mail.msgid not in self.first:
                self.first[mail.msgid] = mail
                keys[mail.msgid] = [content_key(mail)]
                continue
            key = content_key(mail)
            if key in keys[mail.msgid]:
                self.exact_dupes += 1
            else:
                keys[mail.msgid].append(key)
                self.reused_other.append(mail)
        self.facts = facts_of(self.first, jobs)

    def expected_documents(self):
        return len(self.first) + len(self.idless) + len(self.reused_other)


_WORK = []  # the mails a forked worker reads (set before the pool forks)


def _facts_at(span):
    out = [mail_facts(m) for m in _WORK[span[0]:span[1]]]
    for f in out:  # the stems the stem queries look up, worked out here too
        for prefix in {p for _, _, kind, field, _ in FIXED_QUERIES if kind == 'stem'
                       for p in lore_fields.FIELDS[field]}:
            f['chunks'].stems(prefix)
    return out


def facts_of(first, jobs):
    """msgid -> mail_facts, in `jobs` worker processes (forked: they share the parsed mails)."""
    global _WORK
    mids = list(first)
    if jobs <= 1 or len(mids) < 200:
        return {mid: mail_facts(first[mid]) for mid in mids}
    import multiprocessing
    _WORK = [first[mid] for mid in mids]
    step = 100
    spans = [(i, min(i + step, len(mids))) for i in range(0, len(mids), step)]
    try:
        with multiprocessing.get_context('fork').Pool(jobs) as pool:
            parts = pool.map(_facts_at, spans, chunksize=1)
    finally:
        _WORK = []
    return dict(zip(mids, (f for part in parts for f in part)))


def mail_facts(mail):
    ch = lore_fields.mail_chunks(mail)
    parts = lore_fields.text_parts(mail.msg)
    return {
        'chunks': ch,
        'trailers': trailer_oracle.trailers(parts),
        'diff_parts': [p for p in parts if PATCH.search(p)],
        'date': date_utc(mail),
        'from': header_text(mail.msg, 'From'),
    }


def patch_ids(truth, jobs=2):
    """msgid -> sorted patch ids: on each text part with a diff, what `git mailinfo` splits off
    as the patch, read as git am reads mailer damage (patchid_oracle.am_view), hashed by
    `git patch-id --stable` (every id it prints)."""
    import tempfile
    import patchid_oracle
    todo = [(mid, f['diff_parts']) for mid, f in truth.facts.items() if f['diff_parts']]
    tmp = tempfile.mkdtemp(prefix='patchid-truth-')

    def one(item):
        mid, parts = item
        ids = set()
        for text in parts:
            patch = patchid_oracle.mailinfo_patch(text, tmp)
            ids.update(patchid_oracle.patch_ids(patchid_oracle.am_view(patch)))
        return mid, sorted(ids)

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return {mid: ids for mid, ids in pool.map(one, todo) if ids}
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


def derived_queries(truth):
    """Queries whose argument is taken from the archive: dates, busiest paths and people."""
    days = collections.Counter()
    files = collections.Counter()
    senders = collections.Counter()
    reviewers = collections.Counter()
    for f in truth.facts.values():
        if f['date'] is not None:
            days[_day(f['date'])] += 1
        files.update(set(f['chunks'].patch_files))
        m = re.search(r'<([^<>\s]+@[^<>\s]+)>', f['from']) or re.search(r'(\S+@\S+)', f['from'])
        if m:
            senders[m.group(1).lower()] += 1
        reviewers.update({a for k, a in f['trailers'] if k == 'reviewed-by'})
    out = []
    if days:
        ordered = sorted(days)
        mid_day = ordered[len(ordered) // 2]
        first = mid_day.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        out.append(('d:month', 'd:%s..%s' % (first.isoformat(), last.isoformat()), 'days',
                    'd', (first, last)))
        busiest = days.most_common(1)[0][0]
        out.append(('d:busiest-day', 'd:%s..%s' % (busiest.strftime('%Y%m%d'),
                                                    busiest.strftime('%Y%m%d')),
                    'days', 'd', (busiest, busiest)))
    if files:
        path = files.most_common(1)[0][0]
        out.append(('dfn:top-path', 'dfn:' + path, 'phrase', 'dfn', path))
        deep = [p for p, _ in files.most_common(50) if p.count('/') >= 2]
        if deep:
            tail = deep[0].split('/', 1)[1]
            out.append(('dfn:path-tail', 'dfn:' + tail, 'phrase', 'dfn', tail))
    if senders:
        addr = senders.most_common(1)[0][0]
        out.append(('f:top-sender', 'f:' + addr, 'phrase', 'f', addr))
    if reviewers:
        addr = reviewers.most_common(1)[0][0]
        out.append(('rb:top-reviewer', 'rb:' + addr, 'trailer', 'reviewed-by', addr))
    return out


def _day(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date()


def query_truth(truth, kind, field, arg):
    """The Message-IDs lore returns for one query, by the rules of lore_fields."""
    hits = set()
    for mid, f in truth.facts.items():
        ch = f['chunks']
        if kind == 'stem':
            ok = lore_fields.matches_stem(ch, field, arg)
        elif kind == 'phrase':
            ok = lore_fields.matches_phrase(ch, field, arg)
        elif kind == 'days':
            ok = f['date'] is not None and arg[0] <= _day(f['date']) <= arg[1]
        else:  # trailer
            ok = (field, arg) in f['trailers']
        if ok:
            hits.add(mid)
    return hits
