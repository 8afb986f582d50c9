#!/usr/bin/env bash
# Builds the fictional lkdemo kernel tree (git repo) of lkmine's samples; same shas on every run.
#
# Usage: build-kernel-sample.sh OUT_DIR   (OUT_DIR must not exist or be empty)
# Inputs: kernel-sample/tree-v0.1/ (the imported tree) and kernel-sample/patches/*.patch
# (the later commits as `git format-patch` wrote them, applied with `git am`).
# Every name, date and config that git would otherwise take from the environment is
# fixed here, so the commit shas depend on the input files only.
set -euo pipefail

out=${1:?usage: build-kernel-sample.sh OUT_DIR}
src=$(cd "$(dirname "$0")" && pwd)/kernel-sample
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
	echo "build-kernel-sample.sh: $out exists and is not empty" >&2
	exit 1
fi

# No user or system config (am.threeWay, commit.gpgSign, init.defaultBranch...).
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC
export GIT_COMMITTER_NAME='Marta Kowalczyk'
export GIT_COMMITTER_EMAIL='marta.kowalczyk@example.org'

mkdir -p "$out"
cp -R "$src/tree-v0.1/." "$out/"
cd "$out"
git init -q -b master
git add -A
GIT_AUTHOR_NAME="$GIT_COMMITTER_NAME" GIT_AUTHOR_EMAIL="$GIT_COMMITTER_EMAIL" \
GIT_AUTHOR_DATE='2024-01-08T10:00:00+0100' GIT_COMMITTER_DATE='2024-01-08T10:00:00+0100' \
	git commit -q -F - <<'MSG'
Initial import of lkdemo and the ringbuf library

Signed-off-by: Marta Kowalczyk <marta.kowalczyk@example.org>
MSG

tag() { # name date message
	GIT_COMMITTER_DATE="$2" git tag -a "$1" -m "$3"
}
apply() { # patch-file committer-date
	# The author and author date come from the patch's From:/Date: headers.
	GIT_COMMITTER_DATE="$2" git am -q --no-3way --no-signoff --no-message-id "$src/patches/$1"
}

tag v0.1 '2024-01-08T10:05:00+0100' 'lkdemo 0.1'
apply 0001-ringbuf-add-ringbuf_resize.patch '2024-02-19T16:20:11+0100'
apply 0002-lkdemo-add-LKDEMO_IOC_RESIZE-ioctl.patch '2024-02-19T16:20:12+0100'
apply 0003-lkdemo-expose-ring-size-and-fill-level-via-sysfs.patch '2024-02-19T16:20:13+0100'
tag v0.2 '2024-02-20T10:00:00+0100' 'lkdemo 0.2'
apply 0004-lkdemo-fix-LKDEMO_IOC_RESIZE-for-compat-tasks.patch '2024-02-22T09:02:31+0100'
apply 0005-lkdemo-hold-the-device-lock-across-ringbuf_resize.patch '2024-03-04T11:12:09+0100'
tag v0.3 '2024-03-11T10:00:00+0100' 'lkdemo 0.3'

git log --reverse --format='%H %s' master
git for-each-ref --format='%(refname:short) %(objectname) -> %(*objectname)' refs/tags
