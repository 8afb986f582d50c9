# The English (Porter2) Snowball stemmer, written from the published algorithm description.
# Xapian's "english" stemmer implements this algorithm; lore stems free text with it.
import functools

VOWELS = frozenset('aeiouy')
DOUBLES = ('bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt')
LI_ENDINGS = frozenset('cdeghkmnrt')
EXCEPTIONS = {
    'skis': 'ski', 'skies': 'sky', 'dying': 'die', 'lying': 'lie', 'tying': 'tie',
    'idly': 'idl', 'gently': 'gentl', 'ugly': 'ugli', 'early': 'earli', 'only': 'onli',
    'singly': 'singl', 'sky': 'sky', 'news': 'news', 'howe': 'howe', 'atlas': 'atlas',
    'cosmos': 'cosmos', 'bias': 'bias', 'andes': 'andes',
}
AFTER_1A = frozenset(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed',
                      'succeed'])
STEP2 = [('ational', 'ate'), ('tional', 'tion'), ('enci', 'ence'), ('anci', 'ance'),
         ('abli', 'able'), ('entli', 'ent'), ('izer', 'ize'), ('ization', 'ize'),
         ('ation', 'ate'), ('ator', 'ate'), ('alism', 'al'), ('aliti', 'al'), ('alli', 'al'),
         ('fulness', 'ful'), ('ousli', 'ous'), ('ousness', 'ous'), ('iveness', 'ive'),
         ('iviti', 'ive'), ('biliti', 'ble'), ('bli', 'ble'), ('ogi', 'og'), ('fulli', 'ful'),
         ('lessli', 'less'), ('li', '')]
STEP3 = [('ational', 'ate'), ('tional', 'tion'), ('alize', 'al'), ('icate', 'ic'),
         ('iciti', 'ic'), ('ical', 'ic'), ('ful', ''), ('ness', ''), ('ative', '')]
STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism',
         'ate', 'iti', 'ous', 'ive', 'ize', 'ion']


def _is_vowel(c):
    return c in VOWELS


def _region_after(w, start):
    # The position after the first non-vowel that follows a vowel, from `start` on.
    for i in range(start + 1, len(w)):
        if not _is_vowel(w[i]) and _is_vowel(w[i - 1]):
            return i + 1
    return len(w)


def _regions(w):
    for pre in ('gener', 'commun', 'arsen'):
        if w.startswith(pre):
            r1 = len(pre)
            break
    else:
        r1 = _region_after(w, 0)
    r2 = _region_after(w, r1) if r1 < len(w) else len(w)
    return r1, r2


def _short_syllable_at_end(w):
    if len(w) == 2:
        return _is_vowel(w[0]) and not _is_vowel(w[1])
    if len(w) >= 3:
        a, b, c = w[-3], w[-2], w[-1]
        return (not _is_vowel(a)) and _is_vowel(b) and (not _is_vowel(c)) and c not in 'wxY'
    return False


def _longest(w, suffixes):
    best = None
    for s in suffixes:
        if w.endswith(s) and (best is None or len(s) > len(best)):
            best = s
    return best


def _step1a(w):
    s = _longest(w, ['sses', 'ied', 'ies', 'us', 'ss', 's'])
    if s == 'sses':
        return w[:-2]
    if s in ('ied', 'ies'):
        return w[:-3] + ('i' if len(w) > 4 else 'ie')
    if s == 's':
        stem = w[:-1]
        if any(_is_vowel(c) for c in stem[:-1]):
            return stem
    return w


def _step1b(w, r1):
    s = _longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly'])
    if s is None:
        return w
    if s in ('eed', 'eedly'):
        if len(w) - len(s) >= r1:
            return w[:-len(s)] + 'ee'
        return w
    stem = w[:-len(s)]
    if not any(_is_vowel(c) for c in stem):
        return w
    if stem.endswith(('at', 'bl', 'iz')):
        return stem + 'e'
    if stem.endswith(DOUBLES):
        return stem[:-1]
    if r1 >= len(stem) and _short_syllable_at_end(stem):
        return stem + 'e'
    return stem


def _step1c(w):
    if len(w) > 2 and w[-1] in 'yY' and not _is_vowel(w[-2]):
        return w[:-1] + 'i'
    return w


def _step2(w, r1):
    s = _longest(w, [a for a, _ in STEP2])
    if s is None or len(w) - len(s) < r1:
        return w
    rep = dict(STEP2)[s]
    if s == 'ogi' and not w[:-3].endswith('l'):
        return w
    if s == 'li':
        return w[:-2] if len(w) > 2 and w[-3] in LI_ENDINGS else w
    return w[:-len(s)] + rep


def _step3(w, r1, r2):
    s = _longest(w, [a for a, _ in STEP3])
    if s is None or len(w) - len(s) < r1:
        return w
    if s == 'ative':
        return w[:-5] if len(w) - 5 >= r2 else w
    return w[:-len(s)] + dict(STEP3)[s]


def _step4(w, r2):
    s = _longest(w, STEP4)
    if s is None or len(w) - len(s) < r2:
        return w
    if s == 'ion':
        return w[:-3] if len(w) > 3 and w[-4] in 'st' else w
    return w[:-len(s)]


def _step5(w, r1, r2):
    if w.endswith('e'):
        stem = w[:-1]
        if len(stem) >= r2 or (len(stem) >= r1 and not _short_syllable_at_end(stem)):
            return stem
    elif w.endswith('l') and len(w) - 1 >= r2 and w[:-1].endswith('l'):
        return w[:-1]
    return w


@functools.lru_cache(maxsize=200000)
def stem(word):
    """Stem one lower-case word as Snowball's English stemmer does."""
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if len(word) <= 2:
        return word
    w = word[1:] if word.startswith("'") else word
    if w in EXCEPTIONS:
        return EXCEPTIONS[w]
    chars = list(w)
    for i, c in enumerate(chars):
        if c == 'y' and (i == 0 or _is_vowel(chars[i - 1])):
            chars[i] = 'Y'
    w = ''.join(chars)
    r1, r2 = _regions(w)
    for suf in ("'s'", "'s", "'"):
        if w.endswith(suf):
            w = w[:-len(suf)]
            break
    w = _step1a(w)
    if w in AFTER_1A:
        return w
    w = _step1b(w, r1)
    w = _step1c(w)
    w = _step2(w, r1)
    w = _step3(w, r1, r2)
    w = _step4(w, r2)
    w = _step5(w, r1, r2)
    return w.replace('Y', 'y')
