#!/bin/sh
# README screenshots of lkmine-gui on the maple-tree thread: 1280x720 and 2560x1440 (Qt scale 2,
# the same 1280x720 logical window), light and dark palettes. Rendered offscreen at --size
# (under Xvfb the X platform theme replaced the --dark palette; the light ones look the same).
# Usage: scripts/screenshots.sh [BUILD_DIR] [MAPLE_CORPUS] [OUT_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
corpus=${2:-$here/../shared/corpora/maple-tree-thread}
out=${3:-$here/docs/screenshots}
for tool in "$build/cli/lkmine" "$build/gui/lkmine-gui"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 1; }
done
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/cli/lkmine" index --db "$tmp/db" -q "$corpus"/*.eml
mkdir -p "$out"
# Mail 13: a reply carrying the attached fix (its changelog in the mail, its diff beside it).
mail=20220718022718.wtlw7grwp6dv5fcp@revolver
shot() { # NAME SCALE [--dark]: a 1280x720 logical window at Qt scale SCALE
    name=$1 scale=$2
    shift 2
    XDG_CONFIG_HOME="$tmp/config" QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=$scale \
        "$build/gui/lkmine-gui" --db "$tmp/db" --open "$mail" --size 1280x720 "$@" \
        --screenshot "$out/$name.png"
    echo "$out/$name.png"
}
shot thread-1280x720-light 1
shot thread-1280x720-dark 1 --dark
shot thread-2560x1440-light 2
shot thread-2560x1440-dark 2 --dark
