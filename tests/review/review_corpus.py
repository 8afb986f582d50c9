#!/usr/bin/env python3
"""The reviewer's commands on the real io-uring archive: `lkmine review-status` against the
hand-checked golden comments (golden_review_status.tsv), `lkmine queue` against the
independent oracle (bench/accuracy/queue_oracle.py), and a truncated state file refused by
the CLI without being touched.

usage: review_corpus.py LKMINE EPOCH.git   ($LKMINE_IOU_DB: reuse an index of EPOCH)
Exit 0 ok, 1 a failure, 77 skipped (corpus missing and $CI unset).
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "..", "bench", "accuracy", "queue_oracle.py")


def run(*cmd, check=True):
    return subprocess.run(cmd, capture_output=True, text=True, check=check)


def golden(lkmine, db):
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(HERE, "golden_review_status.tsv"))
            if l.strip() and not l.startswith("#")]
    cache, right, wrong = {}, 0, []
    for review, line, path, status, note in rows:
        if review not in cache:
            cache[review] = json.loads(run(lkmine, "review-status", "--db", db, "--json",
                                           review).stdout)
        found = [c for c in cache[review]["comments"] if c["body_line"] == int(line)]
        got = (found[0]["file"], found[0]["status"]) if found else ("-", "no comment")
        if got == (path, status):
            right += 1
        else:
            wrong.append(f"  <{review}> line {line}: want {path} {status}, got {got} ({note})")
    print(f"review-status: {right} of {len(rows)} golden comments right")
    print("\n".join(wrong))
    return not wrong


def truncated_state(lkmine, db, tmp):
    state = os.path.join(tmp, "state.sqlite")
    for i in range(50):
        run(lkmine, "mark", "--db", db, "--state", state, "--me=me@example.org", "--set", "flag",
            f"m{i}@example.org")
    with open(state, "r+b") as f:
        f.truncate(os.path.getsize(state) // 2)
    before = hashlib.sha256(open(state, "rb").read()).hexdigest()
    p = run(lkmine, "mark", "--db", db, "--state", state, "--me=me@example.org", "--set",
            "reviewed", "m1@example.org", check=False)
    after = hashlib.sha256(open(state, "rb").read()).hexdigest()
    ok = p.returncode == 1 and "is damaged" in p.stderr and before == after
    print(f"truncated state: exit {p.returncode}, message {p.stderr.strip()!r}, "
          f"file {'unchanged' if before == after else 'CHANGED'}")
    return ok


MAINTAINERS = """IO_URING
M:\tJens Axboe <axboe@kernel.dk>
R:\tPavel Begunkov <asml.silence@gmail.com>
L:\tio-uring@vger.kernel.org
S:\tMaintained
F:\tio_uring/
F:\tinclude/linux/io_uring*

OTHER
M:\tSomeone Else <someone@example.org>
F:\tfs/
"""


def queue_heads(lkmine, db, state, *args):
    out = run(lkmine, "queue", "--db", db, "--state", state, "--json", "--me=axboe@kernel.dk",
              "--as-of", "20231201", "--days", "60", *args).stdout
    return [(r["head"], r["reviewed_by_me"]) for r in json.loads(out)["rows"]]


def maintainers_and_marks(lkmine, db, tmp):
    """--maintainers gives the same queue as its F: lines; a revision marked reviewed leaves
    the queue, and comes back with --all, marked."""
    path, state = os.path.join(tmp, "MAINTAINERS"), os.path.join(tmp, "marks.sqlite")
    open(path, "w").write(MAINTAINERS)
    by_file = queue_heads(lkmine, db, state, "--maintainers", path)
    by_area = queue_heads(lkmine, db, state, "--area", "io_uring/", "--area",
                          "include/linux/io_uring*")
    ok = by_file == by_area and len(by_file) > 0
    run(lkmine, "mark", "--db", db, "--state", state, "--me=axboe@kernel.dk", "--set", "reviewed",
        by_file[0][0])
    after = queue_heads(lkmine, db, state, "--maintainers", path)
    every = queue_heads(lkmine, db, state, "--maintainers", path, "--all")
    ok = ok and after == by_file[1:] and (by_file[0][0], True) in every
    print(f"--maintainers: {len(by_file)} rows, as --area: {by_file == by_area}; marked "
          f"reviewed: {len(after)} rows left, --all shows it marked: "
          f"{(by_file[0][0], True) in every}")
    return ok


def main():
    lkmine, epoch = sys.argv[1], sys.argv[2]
    if not os.path.isdir(epoch):
        print(f"review_corpus: no corpus at {epoch}")
        return 1 if os.environ.get("CI") else 77
    with tempfile.TemporaryDirectory(prefix="lkmine-review-") as tmp:
        db = os.environ.get("LKMINE_IOU_DB") or os.path.join(tmp, "db")
        if not os.environ.get("LKMINE_IOU_DB"):
            # Exit 3 is "partial": io-uring has one missing blob, as a real partial mirror does.
            ix = run(lkmine, "index", "--db", db, "-q", epoch, check=False)
            if ix.returncode not in (0, 3):
                print(f"review_corpus: lkmine index failed ({ix.returncode}): {ix.stderr}")
                return 1
        ok = truncated_state(lkmine, db, tmp)
        ok = golden(lkmine, db) and ok
        ok = maintainers_and_marks(lkmine, db, tmp) and ok
        for me, areas, as_of, days in [
                ("asml.silence@gmail.com", ["io_uring/"], "20240701", "30"),
                ("axboe@kernel.dk", ["io_uring/", "include/linux/io_uring*"], "20231201", "60")]:
            cmd = [sys.executable, ORACLE, "--lkmine", lkmine, "--db", db, "--me", me,
                   "--as-of", as_of, "--days", days, epoch]
            for a in areas:
                cmd += ["--area", a]
            p = subprocess.run(cmd, capture_output=True, text=True)
            print(p.stdout.strip() or p.stderr.strip())
            ok = ok and p.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
