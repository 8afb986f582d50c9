#!/usr/bin/env bash
# Installs everything lkmine needs to build, test and run, from Debian 12 packages.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 ca-certificates
  libmimetic-dev libgit2-dev libxapian-dev xapian-tools nlohmann-json3-dev libcli11-dev
  zlib1g-dev # a packed oversized mail read in part (core/git/pack_prefix.cpp)
  libsqlite3-dev # review state (core/review/state_db.cpp)
  libxml2-dev # HTML-only mails: libxml2's HTML parser (core/mail/html_text.cpp)
  qt6-base-dev libgl-dev fonts-dejavu-core xvfb xauth
  tzdata # the GUI test of local times (View > Times in the local zone) uses a named zone
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  b4 # the am_vs_b4 test compares `lkmine am` with `b4 am -t` on real series
  # lkmine reply's senders and their end-to-end test (a real SMTP server on 127.0.0.1):
  msmtp git-email libmailtools-perl python3-aiosmtpd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (apt-get needs it)" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
