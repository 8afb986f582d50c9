#!/usr/bin/env bash
# The README's main job: installs dependencies, builds lkmine, builds the bundled sample archive
# and kernel tree from corpora/, indexes them, and shows what lkmine answers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DLKMINE_BUILD_TESTS=OFF
lk=build/cli/lkmine
out=${LKMINE_DEMO_DIR:-build/demo}
rm -rf "$out"
mkdir -p "$out"
bash corpora/build-lore-sample.sh "$out/lore" >/dev/null
bash corpora/build-kernel-sample.sh "$out/linux" >/dev/null
db="$out/index"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step $lk index --db "$db" --git "$out/linux" --bisect-logs corpora/syzbot-sample "$out/lore"
step $lk search --db "$db" 's:ringbuf' --limit 5
step $lk search --db "$db" 'dfn:lib/ringbuf.c rb:priya.raman@example.org'
step $lk thread --db "$db" '<ZaT3xK9mQe1vBn2c@ringbuf.example.org>'
step $lk thread --db "$db" 'https://lore.kernel.org/linux-demo/ZbDcYp1wKq3rT5uV@example.org/'
step $lk series --db "$db" '<20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com>'
step $lk range-diff --db "$db" '<20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com>'
step $lk commit --db "$db" 558ddf0842cf
step $lk patch --db "$db" '<20240212-ringbuf-resize-v2-3-8b1d4f6a2e90@example.com>'
step $lk search --db "$db" 'fixes:558ddf0842cf type:commit'
step $lk symptom --db "$db" 'KASAN: slab-use-after-free Read in ringbuf_pop'
step $lk crash-title corpora/lore-sample/mails/40-syzbot-report.eml
step $lk bisect-log corpora/syzbot-sample/bisect.txt
step $lk stats --db "$db"

if [ -x build/gui/lkmine-gui ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  step build/gui/lkmine-gui --db "$db" --open '<20240212-ringbuf-resize-v2-2-8b1d4f6a2e90@example.com>'
fi
