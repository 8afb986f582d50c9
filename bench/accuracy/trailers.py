# Person trailers of one mail as b4 reads them (its LoreMessage.find_trailers rules, follow-up mode).
# Rules: in each decoded text part, drop everything from the first "\n-- \n" (signature); in a
# part with a diff keep only what is above the first "---" line (or above the first "diff "
# line when there is none); then every line matching `^\s*(Key):\s+(\S.*)` is a trailer, the
# key case-insensitive, leading white space allowed (indented trailers count), quoted lines
# ('>' first) never; the value must hold an address (\S+@\S+\.\S+), as b4 asks of follow-ups.
# A trailer is (key in lower case, address in lower case): the <...> address, else the bare one.
import re

KEYS = ('reviewed-by', 'acked-by', 'tested-by', 'signed-off-by')
LINE = re.compile(r'^[ \t]*(\w[\w-]*):[ \t]+(\S.*)$', re.M)
ADDRESS = re.compile(r'\S+@\S+\.\S+')
ANGLE_ADDRESS = re.compile(r'<([^<>\s]+@[^<>\s]+)>')
HAS_DIFF = re.compile(r'^(?:diff --git |--- \S|\+\+\+ \S)', re.M)


def address_of(value):
    m = ANGLE_ADDRESS.search(value)
    if m:
        return m.group(1).lower()
    m = ADDRESS.search(value)
    return m.group(0).strip('<>(),;"\'').lower() if m else ''


def _own_text(text):
    text = text.split('\n-- \n', 1)[0]
    if HAS_DIFF.search(text):
        cut = re.search(r'^---$', text, re.M) or re.search(r'^diff ', text, re.M)
        if cut:
            text = text[:cut.start()]
    return text


def trailers(parts):
    """Sorted list of (key, address) of the person trailers in the text parts."""
    out = []
    for text in parts:
        for m in LINE.finditer(_own_text(text)):
            key = m.group(1).lower()
            if key in KEYS and ADDRESS.search(m.group(2)):
                out.append((key, address_of(m.group(2))))
    return sorted(out)
