#!/usr/bin/env bash
# Builds the lore sample as a public-inbox v2 inbox (one epoch) plus an mboxrd, from lore-sample/mails/*.eml.
#
# Usage: build-lore-sample.sh OUT_DIR   (OUT_DIR must not exist or be empty)
# Writes OUT_DIR/linux-demo/git/0.git: a bare repo, one commit per mail in Date order, each
# commit's tree holding exactly one blob `m` (the raw mail), as public-inbox-v2-format(5)
# describes. Like public-inbox, the author is the mail's From (name decoded) at the mail's
# Date, the committer is the inbox, the commit message is the Subject. The committer date is
# the mail's date too, so every run gives the same shas. There is no all.git, msgmap or
# Xapian index, and no `d` (deletion) commit. Also writes OUT_DIR/linux-demo.mbox (mboxrd).
# Needs bash, git, GNU date, awk, sed.
set -euo pipefail

out=${1:?usage: build-lore-sample.sh OUT_DIR}
src=$(cd "$(dirname "$0")" && pwd)/lore-sample/mails
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
	echo "build-lore-sample.sh: $out exists and is not empty" >&2
	exit 1
fi
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC
inbox=linux-demo
ident='linux-demo <linux-demo@vger.example.org>'

# header FILE NAME: the first NAME: header of FILE, unfolded.
header() {
	awk -v want="$(printf '%s' "$2" | tr 'A-Z' 'a-z')" '
		/^$/ { if (hit) print val; exit }
		/^[ \t]/ { if (hit) { sub(/^[ \t]+/, " "); val = val $0 } next }
		{ if (hit) { print val; exit }
		  i = index($0, ":"); name = tolower(substr($0, 1, i - 1))
		  if (name == want) { hit = 1; val = substr($0, i + 1); sub(/^[ \t]+/, "", val) } }
	' "$1"
}
# decode_q TEXT: decode RFC 2047 Q-encoded words (the only kind the sample uses in From:).
decode_q() {
	local s=$1
	while [[ $s =~ =\?[Uu][Tt][Ff]-8\?[Qq]\?([^?]*)\?= ]]; do
		local word=${BASH_REMATCH[0]} text=${BASH_REMATCH[1]}
		text=${text//_/ }
		text=$(printf '%s' "$text" | sed 's/=\([0-9A-Fa-f][0-9A-Fa-f]\)/\\x\1/g')
		s=${s/"$word"/$(printf '%b' "$text")}
	done
	printf '%s' "$s"
}

# Sort the mails by Date (epoch seconds), file name breaking ties.
list=$(for f in "$src"/*.eml; do
	printf '%s %s\n' "$(date -d "$(header "$f" Date)" +%s)" "$f"
done | sort -k1,1n -k2,2)

mkdir -p "$out/$inbox/git"
git init -q --bare "$out/$inbox/git/0.git"
: > "$out/$inbox.mbox"
{
	n=0
	while read -r epoch f; do
		n=$((n + 1))
		date=$(header "$f" Date)
		tz=$(printf '%s' "$date" | grep -oE '[+-][0-9]{4}$' || echo +0000)
		from=$(decode_q "$(header "$f" From)")
		email=$(printf '%s' "$from" | sed -n 's/.*<\([^>]*\)>.*/\1/p')
		name=$(printf '%s' "$from" | sed 's/[ \t]*<[^>]*>.*//; s/^"//; s/"$//')
		subject=$(header "$f" Subject)
		printf 'blob\nmark :%d\ndata %d\n' $((2 * n - 1)) "$(wc -c < "$f")"
		cat "$f"
		printf '\ncommit refs/heads/master\nmark :%d\n' $((2 * n))
		printf 'author %s <%s> %s %s\n' "$name" "$email" "$epoch" "$tz"
		printf 'committer %s %s +0000\n' "$ident" "$epoch"
		printf 'data %d\n%s\n' $(($(printf '%s\n' "$subject" | wc -c))) "$subject"
		[ $n -gt 1 ] && printf 'from :%d\n' $((2 * n - 2))
		printf 'M 100644 :%d m\n\n' $((2 * n - 1))
		# mboxrd: ">*From " lines get one more '>'.
		{ printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\n'
		  sed -E 's/^(>*From )/>\1/' "$f"
		  printf '\n'; } >> "$out/$inbox.mbox"
	done <<< "$list"
	printf 'done\n'
} | git --git-dir="$out/$inbox/git/0.git" fast-import --quiet --done

git --git-dir="$out/$inbox/git/0.git" log --reverse --format='%H %ad %s' --date=iso-strict master
echo "$(git --git-dir="$out/$inbox/git/0.git" rev-list --count master) mails in $out/$inbox/git/0.git"
