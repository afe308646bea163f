#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for building dirq, then builds it. With --tests, also
# what the tests need: tmux (the terminal tests) and chromium (the report's browser test).
# Safe to run again: it installs only missing packages, after one `apt-get update`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libedit-dev pkg-config)
[ "${1:-}" = "--tests" ] && packages+=(tmux chromium)
need=()
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected Swift 6.x, e.g. /opt/swift/usr/bin)" >&2; exit 1; }
echo "setup: building dirq" >&2
swift build 2>&1 | tail -n 1 >&2
