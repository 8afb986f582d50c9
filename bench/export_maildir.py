#!/usr/bin/env python3
# Copies the mails of public-inbox epochs into a Maildir (for notmuch and mu), outside any timing.
"""Usage: export_maildir.py [--sample N] MAILDIR EPOCH.git...

--sample N: only about N mails spread over the epochs (enough to pick queries from when no
Maildir-reading tool is benchmarked).

One file per commit's `m` blob, named after the commit id, so a second run over grown epochs
writes only the new mails (the incremental benchmark relies on that). Prints how many it wrote.
"""
import os
import subprocess
import sys


def export(maildir, git_dir, every=1):
    revs = subprocess.run(["git", "--git-dir", git_dir, "rev-list", "--reverse", "master"],
                          capture_output=True, text=True, check=True).stdout.split()[::every]
    todo = [r for r in revs if not os.path.exists(os.path.join(maildir, "cur", r + ":2,S"))]
    if not todo:
        return 0
    cat = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # Feed from a thread-free loop: write all requests first would fill the pipe, so go one by one.
    written = 0
    for rev in todo:
        cat.stdin.write(f"{rev}:m\n".encode())
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            continue  # a `d` (deletion) commit has no `m`
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        tmp = os.path.join(maildir, "tmp", rev)
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(maildir, "cur", rev + ":2,S"))
        written += 1
    cat.stdin.close()
    cat.wait()
    return written


def main():
    args = sys.argv[1:]
    sample = 0
    if args[:1] == ["--sample"] and len(args) > 1:
        sample, args = int(args[1]), args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    maildir = args[0]
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    every = 1
    if sample:
        total = sum(int(subprocess.run(["git", "--git-dir", g, "rev-list", "--count", "master"],
                                       capture_output=True, text=True, check=True).stdout)
                    for g in args[1:])
        every = max(1, total // sample)
    n = sum(export(maildir, g, every) for g in args[1:])
    print(n)


if __name__ == "__main__":
    main()
