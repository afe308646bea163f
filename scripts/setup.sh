#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for building and testing dirq, then builds it.
# Safe to run again: it installs only missing packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
for pkg in libedit-dev pkg-config tmux; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Chromium for the report's browser test (ReportTests opens the page headless). Not required: when
# it cannot be installed, that test is skipped and says why.
if ! dpkg -s chromium >/dev/null 2>&1; then
  echo "setup: installing chromium (for the report's browser test)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; } \
    || echo "setup: chromium could not be installed; the report's browser test will be skipped" >&2
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected Swift 6.x, e.g. /opt/swift/usr/bin)" >&2; exit 1; }
echo "setup: building dirq" >&2
swift build 2>&1 | tail -n 1 >&2
