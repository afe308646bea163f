#!/usr/bin/env bash
# One command: set up, build, and open dirq on the bundled sample tenant (Contoso).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
exec "$(swift build --show-bin-path)/dirq" Examples/contoso/onprem.ldif Examples/contoso/cloud.json "$@"
