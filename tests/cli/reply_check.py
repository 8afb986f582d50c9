#!/usr/bin/env python3
"""Checks a reply written by `lkmine reply` against its parent with Python's email package,
an oracle independent of lkmine's parser: both mails are read with email.policy.default.

Usage: reply_check.py REPLY.eml PARENT.eml ME_EMAIL [EXPECTED_FROM_NAME]
Exit 0 when every check holds; otherwise each broken rule is printed and the exit is 1.
"""
import email
import email.policy
import email.utils
import re
import sys


def read(path):
    with open(path, 'rb') as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def ids(value):
    return re.findall(r'<([^<>\s]+)>', str(value or ''))


def addrs(msg, *names):
    out = []
    for n in names:
        for v in msg.get_all(n, []):
            out += [a.lower() for _, a in email.utils.getaddresses([str(v)]) if a]
    return out


def main():
    reply, parent = read(sys.argv[1]), read(sys.argv[2])
    me = sys.argv[3].lower()
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    parent_id = ids(parent['Message-ID'])[0]
    check(ids(reply['In-Reply-To']) == [parent_id],
          f"In-Reply-To {reply['In-Reply-To']} is not <{parent_id}>")
    chain = ids(parent['References']) or ids(parent['In-Reply-To'])
    expected_refs = [i for i in chain if i != parent_id] + [parent_id]
    check(ids(reply['References']) == expected_refs,
          f"References {ids(reply['References'])} are not {expected_refs}")
    subject = re.sub(r'^\s*((re|aw|sv|antw)\s*:\s*)+', '', str(parent['Subject']), flags=re.I)
    check(str(reply['Subject']) == 'Re: ' + subject,
          f"Subject {reply['Subject']!r} is not 'Re: {subject}'")

    author = addrs(parent, 'Reply-To') or addrs(parent, 'From')
    to, cc = addrs(reply, 'To'), addrs(reply, 'Cc')
    if author != [me]:
        check(to == [a for a in author if a != me], f"To {to} is not the author {author}")
    everyone = set(addrs(parent, 'From', 'To', 'Cc', 'Reply-To')) - {me}
    check(set(to) | set(cc) == everyone, f"To+Cc {sorted(set(to) | set(cc))} != {sorted(everyone)}")
    check(len(to + cc) == len(set(to + cc)), f"duplicate recipients in {to + cc}")
    check(me not in to + cc, f"{me} replies to itself")

    check(reply['Message-ID'] is not None and len(ids(reply['Message-ID'])) == 1,
          f"bad Message-ID {reply['Message-ID']}")
    check(reply['Date'] is not None and reply['Date'].datetime is not None,
          f"bad Date {reply['Date']}")
    sender = reply['From'].addresses[0]
    check(sender.addr_spec.lower() == me, f"From {sender} is not {me}")
    if len(sys.argv) > 4:
        check(sender.display_name == sys.argv[4],
              f"From name {sender.display_name!r} is not {sys.argv[4]!r}")
    body = reply.get_content()
    check(body.startswith('On ') or ' wrote:' in body.split('\n', 1)[0],
          f"no attribution line: {body[:80]!r}")
    check(not reply.defects and not any(h.defects for h in reply.values() if hasattr(h, 'defects')),
          f"defects: {reply.defects}")

    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
