# Words as Xapian's TermGenerator (and QueryParser) cut them, rewritten from its documented rules.
# Rules: a word is a run of word characters (Unicode letters, digits, marks, '_'); an apostrophe
# (also U+2019/U+201B, kept as "'"), '&', U+00B7, U+05F4 or U+2027 between two word characters
# joins them; '.', ',' or ';' between two digits joins them ("2.6.32"); up to three '+'/'#'
# directly after a word belong to it when no word character follows ("c++", "c#");
# "U.S.A." is one word "usa"; words are lower-cased; words over 64 bytes are dropped.
# Stemming (STEM_SOME): only words whose first character is a letter get a stemmed "Z" term.
import functools
import re

from porter2 import stem

_WORD = re.compile(
    r"(?<!\w)(?P<acr>[A-Z](?:\.[A-Z])+)(?=\.?(?!\w))"
    r"|(?P<w>\w+(?:(?:['&\u00b7\u05f4\u2027\u2019\u201b]|(?<=\d)[.,;](?=\d))\w+)*)"
    r"(?P<suf>[+#]{1,3}(?![+#\w]))?")
_APOS = str.maketrans({'\u2019': "'", '\u201b': "'"})
_ZERO_WIDTH = re.compile('[\u200b\u200c\u200d\u2060\ufeff]')
MAX_BYTES = 64


@functools.lru_cache(maxsize=100000)
def words(text):
    """The unstemmed terms of `text`, in position order (a shared list: do not change it;
    cached because patch revisions and quotes repeat the same diff lines and paragraphs)."""
    if not text:
        return []
    text = _ZERO_WIDTH.sub('', text)
    out = []
    for m in _WORD.finditer(text):
        if m.group('acr'):
            w = m.group('acr').replace('.', '').lower()
        else:
            w = (m.group('w') + (m.group('suf') or '')).translate(_APOS).lower()
        if len(w.encode('utf-8', 'surrogatepass')) <= MAX_BYTES:
            out.append(w)
    return out


def should_stem(word):
    return word[:1].isalpha()


def stemmed(word):
    return stem(word) if should_stem(word) else None


def stem_set(word_list):
    return {stem(w) for w in word_list if should_stem(w)}
