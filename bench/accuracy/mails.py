# Every mail of a public-inbox epoch or an mbox, read with git and Python's email package only.
# Parsing uses policy=compat32: it never raises on a malformed header (the default policy's
# header parser can raise on real-world garbage when a header is read), keeps the raw header
# text, and lets us decode RFC 2047 words ourselves with email.header.
import email
import email.header
import email.policy
import email.utils
import re
import subprocess
from dataclasses import dataclass, field

ANGLE = re.compile(r'<([^<>]*)>')
BARE_JUNK = '<>"\',;:.()[]'


@dataclass
class Mail:
    raw: bytes
    where: str  # "commit <sha> blob <sha>" or "mbox offset N"
    commit_time: int = 0
    msg: object = None
    msgid: str = ''
    parents: list = field(default_factory=list)


@dataclass
class Source:
    mails: list
    unreadable: list  # (where, reason)
    deleted_blobs: set


def header_text(msg, name):
    """The header decoded from RFC 2047 into one line of text ('' when absent)."""
    value = msg.get(name)
    if value is None:
        return ''
    value = str(value)
    try:
        parts = email.header.decode_header(value)
        out = []
        for text, charset in parts:
            if isinstance(text, bytes):
                out.append(text.decode(_codec(charset) or 'utf-8', 'replace'))
            else:
                out.append(text)
        value = ''.join(out) if any(isinstance(t, bytes) for t, _ in parts) else value
    except Exception:
        pass
    value = value.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')
    return re.sub(r'\s+', ' ', value).strip()


def _codec(charset):
    if not charset:
        return None
    try:
        import codecs
        return codecs.lookup(charset).name
    except LookupError:
        return None


def ids_in(value):
    """Message-IDs of a header value: <...> groups, else bare words with an '@'."""
    ids = [re.sub(r'\s', '', m) for m in ANGLE.findall(value)]
    ids = [i for i in ids if i]
    if ids:
        return ids
    return [w.strip(BARE_JUNK) for w in value.split() if '@' in w.strip(BARE_JUNK)[1:-1]]


def first_msgid(msg):
    raw = msg.get('Message-ID')
    if raw is None:
        return ''
    value = str(raw)
    ids = ids_in(value)
    if ids:
        return ids[0]
    return value.strip().strip('<>').strip()


def parse(mail):
    mail.msg = email.message_from_bytes(mail.raw, policy=email.policy.compat32)
    mail.msgid = first_msgid(mail.msg)
    refs = ids_in(str(mail.msg.get('References', '')))
    irt = ids_in(str(mail.msg.get('In-Reply-To', '')))
    mail.parents = [i for i in refs + irt if i != mail.msgid]
    return mail


def _git(git_dir, *args, data=None):
    return subprocess.run(['git', '--git-dir', git_dir, *args], input=data, check=True,
                          capture_output=True).stdout


def read_epoch(git_dir, limit=None, parse_mails=True):
    """Mails of a v2 epoch in commit order: each commit adds blob `m` (or `d` to delete one).
    With parse_mails=False only the raw bytes are read (Mail.msg stays None): faster."""
    log = _git(git_dir, 'log', '--reverse', '--format=C %H %at', '--raw', '--root', '--no-abbrev',
               '--no-renames').decode('utf-8', 'replace')
    adds, deleted = [], set()
    commit, when = '', 0
    for line in log.splitlines():
        if line.startswith('C '):
            _, commit, at = line.split()
            when = int(at)
        elif line.startswith(':'):
            meta, path = line.split('\t', 1)
            fields = meta.split()
            if path == 'm' and fields[4] in ('A', 'M'):
                adds.append((commit, fields[3], when))
            elif path == 'd' and fields[4] in ('A', 'M'):
                deleted.add(fields[3])
    if limit:
        adds = adds[:limit]
    return _cat_blobs(git_dir, adds, deleted, parse_mails)


def iter_epoch(git_dir):
    """The raw bytes of each mail of a v2 epoch in commit order, streamed (one `git cat-file
    --batch` fed from a thread): for archives too big to hold. Deleted and missing blobs are
    skipped."""
    import threading
    log = _git(git_dir, 'log', '--reverse', '--format=C %H', '--raw', '--root', '--no-abbrev',
               '--no-renames').decode('utf-8', 'replace')
    adds = []
    for line in log.splitlines():
        if line.startswith(':'):
            meta, path = line.split('\t', 1)
            fields = meta.split()
            if path == 'm' and fields[4] in ('A', 'M'):
                adds.append(fields[3])
    proc = subprocess.Popen(['git', '--git-dir', git_dir, 'cat-file', '--batch'],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)

    def feed():
        for blob in adds:
            proc.stdin.write(blob.encode() + b'\n')
        proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    for _ in adds:
        head = proc.stdout.readline().split()
        if len(head) < 3:
            continue
        raw = proc.stdout.read(int(head[2]))
        proc.stdout.read(1)
        yield re.sub(rb'\A[\r\n]*From [^\r\n]*\r?\n', b'', raw)
    proc.wait()


def _cat_blobs(git_dir, adds, deleted, parse_mails=True):
    req = ''.join(blob + '\n' for _, blob, _ in adds).encode()
    proc = subprocess.run(['git', '--git-dir', git_dir, 'cat-file', '--batch'], input=req,
                          capture_output=True)
    out, pos = proc.stdout, 0
    mails, unreadable = [], []
    for commit, blob, when in adds:
        where = 'commit %s blob %s' % (commit, blob)
        eol = out.find(b'\n', pos)
        if eol < 0:
            unreadable.append((where, 'git cat-file stopped: ' +
                               proc.stderr.decode('utf-8', 'replace').strip()[:200]))
            continue
        head = out[pos:eol].split()
        pos = eol + 1
        if head[-1] == b'missing':
            unreadable.append((where, 'missing object'))
            continue
        size = int(head[2])
        raw = out[pos:pos + size]
        pos += size + 1
        raw = re.sub(rb'\A[\r\n]*From [^\r\n]*\r?\n', b'', raw)
        mail = Mail(raw, where, when)
        mails.append(parse(mail) if parse_mails else mail)
    return Source(mails, unreadable, deleted)


def read_mbox(path, limit=None):
    """Mails of an mbox (mboxo or mboxrd: '>From ' unescaped one level)."""
    data = open(path, 'rb').read()
    starts = [m.start() for m in re.finditer(rb'^From ', data, re.M)]
    mails = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(data)
        chunk = data[start:end]
        body = chunk[chunk.find(b'\n') + 1:]
        body = re.sub(rb'^>(>*From )', rb'\1', body, flags=re.M)
        mails.append(parse(Mail(body, 'mbox offset %d' % start)))
        if limit and len(mails) >= limit:
            break
    return Source(mails, [], set())


def date_utc(mail):
    """Seconds since the epoch of the Date header, else the commit time, else None."""
    value = mail.msg.get('Date')
    if value is not None:
        try:
            dt = email.utils.parsedate_to_datetime(str(value))
            if dt is not None:
                if dt.tzinfo is None:
                    import datetime
                    dt = dt.replace(tzinfo=datetime.timezone.utc)
                return int(dt.timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return mail.commit_time or None
