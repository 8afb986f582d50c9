# What public-inbox (lore) indexes of one mail, per Xapian prefix, as runs of words ("chunks").
# Rules implemented (from public-inbox's SearchIdx.pm, MsgIter.pm and Search.pm):
# - S: the Subject as decoded, "Re:" and "[PATCH ...]" included; A: the decoded From header.
# - Body: every leaf MIME part except text/html and text/xhtml that has a charset, is text/*,
#   or is application/octet-stream of printable UTF-8; decoded to text.
# - Each part is split into sections: runs of lines starting with '>' are quoted (XQUOT, the
#   '>' marks being non-word characters); other runs are own text: XNQ, or, when the run has a
#   line starting with "diff ", "--- " or "+++ ", cut by the diff rules below.
# - Diff rules: file names of "diff --git", "--- a/..", "+++ b/.." lines (first path component
#   dropped) go to XDFN once each; in a diff, " " lines to XDFCTX, "+" to XDFB, "-" to XDFA,
#   the text after "@@ .. .. @@" to XDFHH, each line its own chunk; "index A..B" gives blob
#   ids; mode/rename/similarity lines and all other lines go to XNQ (non-diff lines end the
#   diff); a "-- " line ends the diff; "GIT binary patch" data is skipped.
# - Every chunk has its own positions: a phrase never spans two chunks.
# - Query prefixes: b: = XNQ XDFN XDFA XDFB XDFHH XDFCTX + XQUOT; nq: = the same without XQUOT;
#   q: = XQUOT; s: = S; f: = A; dfn: = XDFN.
import re

from mails import header_text
from xapian_terms import words, stem_set

NON_QUOTED = ('XNQ', 'XDFN', 'XDFA', 'XDFB', 'XDFHH', 'XDFCTX')
FIELDS = {
    's': ('S',), 'f': ('A',), 'b': NON_QUOTED + ('XQUOT',), 'nq': NON_QUOTED,
    'q': ('XQUOT',), 'dfn': ('XDFN',),
}
LOOKS_LIKE_DIFF = re.compile(r'^(?:diff|---|\+\+\+) ', re.M)
QUOTED_RUNS = re.compile(r'((?:^>[^\n]*\n)+)', re.M)
BASE85 = re.compile(r'\A[a-zA-Z0-9!#$%&()*+\-;<=>?@^_`{|}~]+\s*\Z')
IGNORED_DIFF_LINE = re.compile(
    r'^(?:(?:dis)?similarity index|(?:old|new) mode|(?:deleted|new) file mode|'
    r'(?:copy|rename) (?:from|to) |\\ No newline at end of file|Binary files .* differ)')
# The diff rules' line patterns, each tried only on a line with its fixed start.
DIFF_GIT = re.compile(r'diff --git ("?[^/]+/.+) ("?[^/]+/.+)\Z')
DIFF_OPT = re.compile(r'diff -(.+) (\S+) (\S+)$')
MINUS_PATH = re.compile(r'--- ("?[^/]+/.+)')
PLUS_PATH = re.compile(r'\+\+\+ ("?[^/]+/.+)')
MINUS_WORD = re.compile(r'--- (\S+)')
PLUS_WORD = re.compile(r'\+\+\+ (\S+)')
INDEX_LINE = re.compile(r'index ([a-f0-9]+)\.\.([a-f0-9]+)')
HUNK_BARE = re.compile(r'@@ (?:\S+) (?:\S+) @@\s*$')
HUNK_TEXT = re.compile(r'@@ (?:\S+) (?:\S+) @@\s*(\S+.*)$')
GIT_ESC = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}


def git_unquote(s):
    m = re.fullmatch(r'"(.*)"', s)
    if not m:
        return s
    s = re.sub(r'\\([abfnrtv])', lambda x: GIT_ESC[x.group(1)], m.group(1))
    s = re.sub(r'\\([0-7]{1,3})', lambda x: chr(int(x.group(1), 8)), s)
    return s.replace('\\"', '"').replace('\\\\', '\\')


def part_text(part):
    """The decoded text of a leaf part, or None when public-inbox would not index it."""
    ct = part.get_content_type()
    if re.search(r'\btext/x?html\b', ct):
        return None
    charset = part.get_param('charset')
    data = part.get_payload(decode=True)
    if data is None:
        data = b''
    if charset or part.get_content_maintype() == 'text':
        codec = _codec(charset) or 'utf-8'
        return data.decode(codec, 'replace').replace('\r\n', '\n')
    if ct == 'application/octet-stream':
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            return None
        if all(c.isprintable() or c.isspace() for c in text):
            return text.replace('\r\n', '\n')
    return None


def _codec(charset):
    if not charset or not isinstance(charset, str):
        return None
    import codecs
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def text_parts(msg):
    out = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            text = part_text(part)
        except Exception:
            text = None
        if text is not None:
            out.append(text)
    return out


class Chunks:
    """Chunks of words per prefix for one mail."""

    def __init__(self):
        self.by_prefix = {}
        self.patch_files = []
        self._stems = {}

    def add(self, prefix, text):
        w = words(text)
        if w:
            self.by_prefix.setdefault(prefix, []).append(w)

    def chunks(self, prefixes):
        for p in prefixes:
            yield from self.by_prefix.get(p, ())

    def stems(self, prefix):
        if prefix not in self._stems:
            # Each distinct word stemmed once (a diff repeats its identifiers thousands of times).
            distinct = set().union(*map(set, self.by_prefix.get(prefix, [[]])))
            self._stems[prefix] = stem_set(distinct)
        return self._stems[prefix]


def _index_diff(ch, txt):
    seen, in_diff, xnq = set(), None, []

    def inc(text, prefix):
        if xnq:
            ch.add('XNQ', '\n'.join(xnq))
            xnq.clear()
        ch.add(prefix, text)

    def file_name(fn):
        fn = git_unquote(fn)
        parts = fn.split('/', 1)
        return parts[1] if len(parts) > 1 else None

    def name(fn):
        if fn is not None and fn not in seen:
            seen.add(fn)
            ch.patch_files.append(fn)
            inc(fn, 'XDFN')

    lines = txt.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if in_diff and line.startswith('GIT binary patch'):
            xnq.append(line)
            while k < len(lines) and re.match(r'(?:literal|delta) ', lines[k]):
                xnq.append(lines[k])
                k += 1
                while k < len(lines) and (BASE85.match(lines[k]) or not lines[k].strip()):
                    k += 1
        elif in_diff and line.startswith(' '):
            inc(line[1:], 'XDFCTX')
        elif line == '-- ':
            in_diff = None
        elif line.startswith('diff --git ') and DIFF_GIT.match(line):
            m = DIFF_GIT.match(line)
            xnq.append(line)
            in_diff = True
            name(file_name(m.group(1)))
            name(file_name(m.group(2)))
        elif line.startswith('diff -') and DIFF_OPT.match(line):
            m = DIFF_OPT.match(line)
            xnq.append(line)
            if re.search('[uU]', m.group(1)):
                in_diff = _old_diff_fn(m.group(2), m.group(3), name)
        elif line.startswith('--- ') and MINUS_PATH.match(line):
            name(file_name(MINUS_PATH.match(line).group(1)))
            in_diff = True
        elif line.startswith('+++ ') and PLUS_PATH.match(line):
            name(file_name(PLUS_PATH.match(line).group(1)))
            in_diff = True
        elif line.startswith('--- ') and MINUS_WORD.match(line):
            in_diff = MINUS_WORD.match(line).group(1)
            xnq.append(line)
        elif in_diff is not None and line.startswith('+++ ') and PLUS_WORD.match(line):
            in_diff = _old_diff_fn(in_diff, PLUS_WORD.match(line).group(1), name)
        elif in_diff and line.startswith('+'):
            inc(line[1:], 'XDFB')
        elif in_diff and line.startswith('-'):
            inc(line[1:], 'XDFA')
        elif line.startswith('index ') and INDEX_LINE.match(line):
            in_diff = True
        elif line.startswith('@@ ') and HUNK_BARE.match(line):
            pass
        elif line.startswith('@@ ') and HUNK_TEXT.match(line):
            inc(HUNK_TEXT.match(line).group(1), 'XDFHH')
        elif IGNORED_DIFF_LINE.match(line):
            xnq.append(line)
        elif line == '':
            pass
        else:
            xnq.append(line)
            in_diff = None
    ch.add('XNQ', '\n'.join(xnq))


def _old_diff_fn(fa, fb, name):
    if not isinstance(fa, str):  # Perl's 1 and 0 stringify as "1" and "0"
        fa = '1' if fa else '0'
    a, b = fa.split('/'), fb.split('/')
    while a and b:
        ja, jb = '/'.join(a), '/'.join(b)
        if ja == jb:
            name(ja)
            return True
        a.pop(0)
        b.pop(0)
    return False


def mail_chunks(mail):
    ch = Chunks()
    ch.add('S', header_text(mail.msg, 'Subject'))
    ch.add('A', header_text(mail.msg, 'From'))
    for text in text_parts(mail.msg):
        if not text.endswith('\n'):
            text += '\n'
        for section in QUOTED_RUNS.split(text):
            if not section:
                continue
            if section.startswith('>'):
                ch.add('XQUOT', section)
            elif LOOKS_LIKE_DIFF.search(section):
                _index_diff(ch, section)
            else:
                ch.add('XNQ', section)
    return ch


def matches_stem(ch, field, word):
    """lore `field:word` (lower-case word): any word of the field with the same stem."""
    target = stem_set([word])
    if not target:
        return any(word in c for c in ch.chunks(FIELDS[field]))
    return any(target & ch.stems(p) for p in FIELDS[field])


def matches_phrase(ch, field, phrase):
    """lore `field:"a b c"`: the words, unstemmed, consecutive within one chunk."""
    q = words(phrase)
    n = len(q)
    for c in ch.chunks(FIELDS[field]):
        for i in range(len(c) - n + 1):
            if c[i] == q[0] and c[i:i + n] == q:
                return True
    return False
