#!/usr/bin/env bash
# dirq benchmark: see Benchmarks/README.md. All arguments go to bench.py, e.g.
#   bash Benchmarks/run.sh --sizes 100000 --runs 3
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Benchmarks/bench.py "$@"
