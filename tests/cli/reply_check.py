#!/usr/bin/env python3
"""Checks a reply written by `lkmine reply` against its parent with Python's email package,
an oracle independent of lkmine's parser: both mails are read with email.policy.default.

Usage: reply_check.py REPLY.eml PARENT.eml ME_EMAIL [EXPECTED_FROM_NAME]
       reply_check.py --pairs LIST ME_EMAIL [EXPECTED_FROM_NAME]   (LIST: "REPLY\tPARENT" lines)
       reply_check.py --ids FILE...   (prints "FILE\tMESSAGE-ID" for each file that has one)
Exit 0 when every check holds; otherwise each broken rule is printed and the exit is 1.
"""
import email
import email.policy
import email.utils
import re
import sys


def read(path, policy=email.policy.default):
    with open(path, 'rb') as f:
        return email.message_from_binary_file(f, policy=policy)


def ids(value):
    return re.findall(r'<([^<>\s]+)>', str(value or ''))


def addrs(msg, *names):
    """Addresses of these headers, lower-cased; a broken one (no @) cannot be replied to."""
    out = []
    for n in names:
        for v in msg.get_all(n, []):
            out += [a.lower() for _, a in email.utils.getaddresses([str(v)]) if '@' in a]
    return out


def list_post(msg):
    m = re.search(r'<mailto:([^>?]+)', str(msg.get('List-Post', '')))
    return [m.group(1).lower()] if m else []


def main():
    if sys.argv[1] == '--ids':
        for path in sys.argv[2:]:
            found = ids(read(path, email.policy.compat32)['Message-ID'])
            if found:
                print(f'{path}\t{found[0]}')
        return 0
    if sys.argv[1] == '--pairs':
        with open(sys.argv[2]) as f:
            pairs = [line.rstrip('\n').split('\t') for line in f if line.strip()]
        bad = sum(check_pair(r, p, sys.argv[3], sys.argv[4:5]) for r, p in pairs)
        print(f'{len(pairs)} replies checked, {bad} wrong')
        return 1 if bad else 0
    return check_pair(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:5])


def check_pair(reply_path, parent_path, me, name):
    reply, parent = read(reply_path), read(parent_path)
    # Addresses from the raw headers (compat32): the default policy gives up on some groups.
    reply_raw, parent_raw = (read(p, email.policy.compat32) for p in (reply_path, parent_path))
    me = me.lower()
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    parent_id = ids(parent['Message-ID'])[0]
    check(ids(reply['In-Reply-To']) == [parent_id],
          f"In-Reply-To {reply['In-Reply-To']} is not <{parent_id}>")
    chain = ids(parent['References']) or ids(parent['In-Reply-To'])
    expected_refs = [i for n, i in enumerate(chain) if i != parent_id and i not in chain[:n]]
    expected_refs.append(parent_id)  # an id written twice is kept once, where it came first
    check(ids(reply['References']) == expected_refs,
          f"References {ids(reply['References'])} are not {expected_refs}")
    subject = re.sub(r'^\s*((re|aw|sv|antw)\s*:\s*)+', '', str(parent['Subject']),
                     flags=re.I).strip()
    check(str(reply['Subject']) == 'Re: ' + subject,
          f"Subject {reply['Subject']!r} is not 'Re: {subject}'")

    author = addrs(parent_raw, 'Reply-To') or addrs(parent_raw, 'From')
    to, cc = addrs(reply_raw, 'To'), addrs(reply_raw, 'Cc')
    if author and author != [me]:
        check(to == [a for a in author if a != me], f"To {to} is not the author {author}")
    # Everyone the mail went to, and the list it came from (List-Post).
    everyone = set(addrs(parent_raw, 'From', 'To', 'Cc', 'Reply-To') + list_post(parent_raw)) - {me}
    check(set(to) | set(cc) == everyone, f"To+Cc {sorted(set(to) | set(cc))} != {sorted(everyone)}")
    check(len(to + cc) == len(set(to + cc)), f"duplicate recipients in {to + cc}")
    check(me not in to + cc, f"{me} replies to itself")

    check(reply['Message-ID'] is not None and len(ids(reply['Message-ID'])) == 1,
          f"bad Message-ID {reply['Message-ID']}")
    check(reply['Date'] is not None and reply['Date'].datetime is not None,
          f"bad Date {reply['Date']}")
    sender = reply['From'].addresses[0]
    check(sender.addr_spec.lower() == me, f"From {sender} is not {me}")
    if name:
        check(sender.display_name == name[0],
              f"From name {sender.display_name!r} is not {name[0]!r}")
    body = reply.get_content()
    check(body.startswith('On ') or ' wrote:' in body.split('\n', 1)[0],
          f"no attribution line: {body[:80]!r}")
    check(not reply.defects and not any(h.defects for h in reply.values() if hasattr(h, 'defects')),
          f"defects: {reply.defects}")

    for p in problems:
        print(f"{reply_path} (reply to {parent_path}): {p}")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
