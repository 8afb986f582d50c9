#!/usr/bin/env bash
# Checks the hand-made samples against each other: commit shas, patch ids of patch mails, mail headers.
#
# Usage: check-sample.sh   (builds both samples twice in a temporary directory)
# Fails (exit 1) if a build is not deterministic, if a commit sha differs from the one the
# README names, if a patch mail's `git patch-id --stable` is not the one expected, or if a
# mail lacks a header the samples promise. Needs bash, git, GNU date, awk, sed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mails=$here/lore-sample/mails
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. Both builds are deterministic.
"$here/build-kernel-sample.sh" "$tmp/k1" > "$tmp/k1.out"
"$here/build-kernel-sample.sh" "$tmp/k2" > "$tmp/k2.out"
cmp -s "$tmp/k1.out" "$tmp/k2.out" || bad "build-kernel-sample.sh gave different shas on two runs"
"$here/build-lore-sample.sh" "$tmp/l1" | sed '$d' > "$tmp/l1.out"
"$here/build-lore-sample.sh" "$tmp/l2" | sed '$d' > "$tmp/l2.out"
cmp -s "$tmp/l1.out" "$tmp/l2.out" || bad "build-lore-sample.sh gave different shas on two runs"
n=$(git --git-dir="$tmp/l1/linux-demo/git/0.git" rev-list --count master)
[ "$n" = "$(ls "$mails"/*.eml | wc -l)" ] || bad "inbox has $n commits, not one per mail"

# 2. The commit shas are the ones corpora/README.md names.
repo=$tmp/k1
expect_sha() { # rev sha
	local got
	got=$(git -C "$repo" rev-parse "$1^{commit}")
	[ "$got" = "$2" ] || bad "$1 is $got, README says $2"
}
expect_sha v0.1 e5b4ee786213e876f29fa310cc95401d9b62482c
expect_sha v0.2~2 113cce29129b67db9ea6724d781ae6431ad7b9d0
expect_sha v0.2~1 558ddf0842cfa4df6dced9ffde150b81787d4144
expect_sha v0.2 a4389c2eb5022e4690b73daff46841ca04f06cb4
expect_sha v0.3~1 957f7aa6e62ca9f5fa9ff132d1b58537f68954dd
expect_sha v0.3 cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc

# 3. Patch ids. git mailinfo decodes quoted-printable/base64 and finds attached patches.
mail_pid() {
	git mailinfo -k "$tmp/msg" "$tmp/patch" < "$mails/$1" > /dev/null
	git patch-id --stable < "$tmp/patch" | cut -c1-40
}
commit_pid() { git -C "$repo" show "$1" | git patch-id --stable | cut -c1-40; }
file_pid() { git patch-id --stable < "$here/kernel-sample/$1" | cut -c1-40; }
same() { # mail commit: the mail's patch is the commit's patch
	local m c
	m=$(mail_pid "$1"); c=$(commit_pid "$2")
	if [ -n "$m" ] && [ "$m" = "$c" ]; then echo "ok   $1 = ${2:0:12} ($m)"
	else bad "$1 patch-id '$m' != commit ${2:0:12} '$c'"; fi
}
differs() { # mail commit posted-file: the mail is the posted file, not the commit
	local m c p
	m=$(mail_pid "$1"); c=$(commit_pid "$2"); p=$(file_pid "$3")
	if [ -n "$m" ] && [ "$m" = "$p" ] && [ "$m" != "$c" ]; then echo "ok   $1 != ${2:0:12} (posted as $3)"
	else bad "$1 patch-id '$m': posted file '$p', commit ${2:0:12} '$c'"; fi
}
same 11-tobias-v1-1-ringbuf-resize.eml 113cce29129b67db9ea6724d781ae6431ad7b9d0
differs 12-tobias-v1-2-lkdemo-ioctl.eml 558ddf0842cfa4df6dced9ffde150b81787d4144 posted/v1/0002-lkdemo-add-LKDEMO_IOC_RESIZE-ioctl.patch
differs 13-tobias-v1-3-lkdemo-sysfs.eml a4389c2eb5022e4690b73daff46841ca04f06cb4 posted/v1/0003-lkdemo-expose-ring-size-and-fill-level-in-sysfs.patch
same 21-tobias-v2-1-ringbuf-resize.eml 113cce29129b67db9ea6724d781ae6431ad7b9d0
same 22-tobias-v2-2-lkdemo-ioctl.eml 558ddf0842cfa4df6dced9ffde150b81787d4144
differs 23-tobias-v2-3-lkdemo-sysfs.eml a4389c2eb5022e4690b73daff46841ca04f06cb4 posted/v2/v2-0003-lkdemo-expose-ring-size-and-fill-level-in-sysfs.patch
same 30-kenji-patch-compat-fix.eml 957f7aa6e62ca9f5fa9ff132d1b58537f68954dd
same 42-priya-syz-test-attached.eml cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc
same 44-priya-patch-syzbot-fix.eml cce369fc59ee1bd90cc72e1d5ebb9c22433b72dc
# Every other mail carries no patch.
for f in "$mails"/*.eml; do
	b=$(basename "$f")
	case $b in 11-*|12-*|13-*|21-*|22-*|23-*|30-*|42-*|44-*) continue ;; esac
	[ -z "$(mail_pid "$b")" ] || bad "$b has a patch nobody checks"
done

# 4. Headers and line ends.
for f in "$mails"/*.eml; do
	b=$(basename "$f")
	grep -q $'\r' "$f" && bad "$b has CR characters"
	head=$(sed '/^$/q' "$f")
	for h in From To Subject Date Message-ID List-Id; do
		grep -qi "^$h:" <<< "$head" || bad "$b has no $h: header"
	done
	grep -q '^List-Id: <linux-demo.vger.example.org>$' <<< "$head" || bad "$b has the wrong List-Id"
	if grep -qi '^Subject: Re:' <<< "$head"; then
		grep -qi '^In-Reply-To:' <<< "$head" || bad "$b is a reply without In-Reply-To"
	fi
done
# The syzbot bisection log names the repo's real commits.
grep -q '^558ddf0842cfa4df6dced9ffde150b81787d4144 is the first bad commit$' "$here/syzbot-sample/bisect.txt" ||
	bad "bisect.txt does not name the culprit"
diff <(git -C "$repo" diff-tree --pretty 558ddf0842cfa4df6dced9ffde150b81787d4144) \
	<(sed -n '/^commit 558ddf08/,/^revisions tested/p' "$here/syzbot-sample/bisect.txt" | sed '$d') > /dev/null ||
	bad "bisect.txt's culprit commit is not what git diff-tree --pretty prints"

[ $fail = 0 ] && echo "check-sample.sh: all checks passed"
exit $fail
