#!/usr/bin/env python3
"""`lkmine am` against `b4 am -t` on real io-uring series, and `git am` on lkmine's output.

For each series (a Message-ID of its cover or first patch): the mails of its thread are read
from the public-inbox epoch with `git cat-file --batch`, written to one mbox and indexed into a
fresh lkmine index. Then `lkmine am -v N` and `b4 am -t -v N -m thread.mbox` (offline, no
attestation) must give the same patches (subjects, in order) with the same commit-message
trailers, and `git am` must apply lkmine's mbox, without a skip, onto a base tree rebuilt from
the series' own pre-images (each file as the lines its first patch's hunks need).

    am_vs_b4.py LKMINE EPOCH.git MSGID:REV [MSGID:REV ...]
Exit 0 when every series agrees and applies; the test fails loudly when b4 or the corpus is
missing and CI is set (else it exits 77, "skipped").
"""
import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The epoch reader of the accuracy harness (git cat-file over the epoch's commits).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "accuracy"))
from mails import read_epoch  # noqa: E402


def run(args, **kw):
    return subprocess.run(args, capture_output=True, check=True, **kw)


def thread_mails(epoch, roots):
    """The raw mails of the threads of `roots`: a mail belongs when its Message-ID, References
    or In-Reply-To name a mail already taken (two passes settle replies to replies)."""
    mails = [m.raw for m in read_epoch(epoch, parse_mails=False).mails]
    heads = []
    for raw in mails:
        hdr = raw.split(b"\n\n", 1)[0].decode("utf-8", "replace")
        hdr = re.sub(r"\r?\n[ \t]+", " ", hdr)
        mid = re.search(r"(?im)^message-id:\s*<([^>]+)>", hdr)
        refs = re.findall(r"<([^>]+)>", " ".join(
            re.findall(r"(?im)^(?:references|in-reply-to):(.*)$", hdr)))
        if mid:
            heads.append((mid.group(1), set(refs), raw))
    ids, taken = set(roots), {}
    for _ in range(3):
        for mid, refs, raw in heads:
            if mid in ids or ids & refs:
                ids.add(mid)
                taken[mid] = raw
    return list(taken.values())


def write_mbox(path, mails):
    with open(path, "wb") as f:
        for raw in mails:
            f.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
            for line in raw.split(b"\n"):
                if re.match(rb">*From ", line):
                    line = b">" + line
                f.write(line + b"\n")
            f.write(b"\n")


def am_messages(path):
    """(title, trailer lines of the commit message) per mail of an am mbox."""
    import mailbox
    out = []
    for msg in mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(
            f, policy=email.policy.default)):
        subject = re.sub(r"^(\[[^\]]*\]\s*)+", "", " ".join(str(msg["subject"]).split()))
        body = msg.get_body(("plain",)).get_content()
        message = re.split(r"(?m)^---$", body, maxsplit=1)[0]
        trailers = [l for l in message.strip().split("\n")[-30:]
                    if re.match(r"^[A-Za-z][A-Za-z0-9-]*: \S", l)]
        out.append((subject, trailers))
    return out


def hunks_of(mbox):
    """(file, old start, pre-image lines, has trailing context, creates file) per hunk, in order."""
    text = open(mbox, encoding="utf-8", errors="replace").read()
    out, current, hunk = [], None, None
    for line in text.split("\n"):
        m = re.match(r"^diff --git a/(\S+) b/(\S+)", line)
        if m:
            current, hunk = [m.group(1), False], None
            continue
        if current is None:
            continue
        if line.startswith("--- /dev/null"):
            current[1] = True
        elif line.startswith("@@"):
            start = int(re.match(r"@@ -(\d+)", line).group(1))
            hunk = [current[0], start, [], False, current[1]]
            out.append(hunk)
        elif hunk is not None and line.startswith((" ", "-")) and not line.startswith("-- "):
            hunk[2].append(line[1:])
            hunk[3] = line.startswith(" ")
        elif hunk is not None and line.startswith("+"):
            hunk[3] = False
        elif line.startswith(("From ", "-- ")) or line == "---":
            current, hunk = None, None
    return out


def base_tree(repo, mbox):
    """Each touched file as the pre-images of every hunk of the series, apart: a hunk starting
    at line 1 first, one without trailing context last (git apply anchors those)."""
    files, created = {}, set()
    for name, start, pre, trailing, creates in hunks_of(mbox):
        if creates or name in created:
            created.add(name)
            continue
        blocks = files.setdefault(name, {"first": None, "middle": [], "last": None})
        if start <= 1 and blocks["first"] is None:
            blocks["first"] = pre
        elif not trailing and blocks["last"] is None:
            blocks["last"] = pre
        elif pre not in blocks["middle"]:
            blocks["middle"].append(pre)
    for name in list(files):
        b = files[name]
        parts = ([b["first"]] if b["first"] else []) + b["middle"] + ([b["last"]] if b["last"] else [])
        lines = []
        for i, part in enumerate(parts):
            if i:
                lines += [f"/* lkmine test filler {i} */"] * 3
            lines += part
        files[name] = lines
    for name, lines in files.items():
        path = os.path.join(repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    run(["git", "-C", repo, "add", "-A"], env=env)
    run(["git", "-C", repo, "commit", "-q", "--allow-empty", "-m", "base"], env=env)
    return env


def check(lkmine, epoch, msgid, rev, work):
    mbox, db = os.path.join(work, "thread.mbox"), os.path.join(work, "db")
    write_mbox(mbox, thread_mails(epoch, [msgid]))
    run([lkmine, "index", "-q", "--db", db, mbox])
    lk = os.path.join(work, "lk.mbx")
    run([lkmine, "am", "--db", db, "-v", str(rev), "-o", lk, msgid])
    out = os.path.join(work, "b4")
    os.makedirs(out)
    home = os.path.join(work, "home")
    os.makedirs(home)
    with open(os.path.join(home, ".gitconfig"), "w") as f:
        f.write("[b4]\n\tattestation-policy = off\n[user]\n\tname = T\n\temail = t@t\n")
    b4run = subprocess.run(["b4", "am", "-t", "-v", str(rev), "-m", mbox, "-o", out, msgid],
                           env=dict(os.environ, HOME=home), timeout=120, capture_output=True,
                           text=True)
    if not any(f.endswith(".mbx") for f in os.listdir(out)):
        return [f"b4 am wrote nothing: {b4run.stderr[-400:]}"], 0, 0
    b4 = [os.path.join(out, f) for f in os.listdir(out) if f.endswith(".mbx")][0]
    ours, theirs = am_messages(lk), am_messages(b4)
    errors = []
    if ours != theirs:
        errors.append(f"differs from b4:\n  lkmine {ours}\n  b4     {theirs}")
    repo = os.path.join(work, "repo")
    run(["git", "init", "-q", repo])
    env = base_tree(repo, lk)
    am = subprocess.run(["git", "-C", repo, "am", lk], capture_output=True, text=True, env=env)
    applied = int(run(["git", "-C", repo, "rev-list", "--count", "HEAD"], text=True).stdout) - 1
    if am.returncode != 0 or applied != len(ours):
        errors.append(f"git am applied {applied} of {len(ours)}: {am.stdout[-300:]}")
    added = sum(len(t) for _, t in ours)
    return errors, len(ours), added


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    lkmine, epoch = sys.argv[1], sys.argv[2]
    missing = [w for w, ok in (("b4", shutil.which("b4")), (epoch, os.path.isdir(epoch))) if not ok]
    if missing:
        print("missing:", ", ".join(missing))
        return 1 if os.environ.get("CI") else 77
    failed = 0
    for arg in sys.argv[3:]:
        msgid, rev = arg.rsplit(":", 1)
        with tempfile.TemporaryDirectory(prefix="lkmine-am-") as work:
            errors, patches, trailers = check(lkmine, epoch, msgid, int(rev), work)
        print(f"{'FAIL' if errors else 'ok'} <{msgid}> v{rev}: {patches} patches, "
              f"{trailers} trailers in their commit messages")
        for e in errors:
            print("  " + e)
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
