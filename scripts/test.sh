#!/usr/bin/env bash
# One command: set up and run every test (unit, golden examples, end-to-end CLI, terminal).
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh --tests || exit 1

status=0
swift build --build-tests 2>&1 | tail -n 3
swift test --skip-build 2>&1 | tee .test-output.log | grep -E "^(✘|✔ Suite|Test Suite|Executed)|error:" | tail -n 60
test_status=${PIPESTATUS[0]}
[ "$test_status" -eq 0 ] || status=1

# Real-terminal tests in tmux: the line editor on its own, then the dirq prompt.
bin=$(swift build --show-bin-path)
bash Tests/terminal/run.sh "$bin/dirq-repl-demo" || status=1
bash Tests/terminal/dirq.sh "$bin/dirq" || status=1

# The test runner's closing line (Swift Testing's summary), then ours.
grep -E "Test run with .* (passed|failed)" .test-output.log | tail -n 1
if [ $status -eq 0 ]; then echo "dirq tests: all passed"; else echo "dirq tests: FAILED"; fi
exit $status
