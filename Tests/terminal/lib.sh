# Shared machinery of the terminal tests (sourced by run.sh and dirq.sh): a private tmux
# server, a launcher with an empty environment, screen polling, and the test runner.
# Expects: $bin (the program), args (its arguments), $tmp unset (created here).
timeout=${DIRQ_TEST_TIMEOUT:-15}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dirq-terminal.XXXXXX")
sock="dirqtest-$$"
mkdir -p "$tmp/home"

T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    T kill-server >/dev/null 2>&1
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"  # the server leaves its socket behind
    rm -rf "$tmp"
}
trap cleanup EXIT

# A keeper session holds the server up between tests; dead panes stay so we can read the
# exit status and the last screen.
T new-session -d -s keeper -x 120 -y 30 "sleep 100000" || { echo "terminal tests: cannot start tmux"; exit 1; }
T set-option -g remain-on-exit on >/dev/null

passed=0
failed=0
session=""
why=""

# The REPL's launcher: an empty environment plus what the test asks for. After the REPL
# exits it records the terminal modes (the prompt must leave the terminal sane) and then the
# REPL's exit status, in HISTORY_FILE.status: that file is how the tests know the program has
# ended. tmux's own #{pane_dead_status} cannot be trusted for it: Debian's tmux 3.3a is built
# with libutempter, which on a pane's end-of-file swaps in its own SIGCHLD disposition while it
# removes the utmp record; the launcher's SIGCHLD arrives in that window and is lost, and tmux
# never reaps the pane (a zombie for good, the status empty; tmux/tmux#311). About one run in
# two lost it here.
cat >"$tmp/launch.sh" <<EOF
#!/bin/sh
# usage: launch.sh HISTORY_FILE [VAR=value...]
hist=\$1; shift
rm -f "\$hist.status" "\$hist.stty"
trap : INT   # this shell outlives Ctrl-C (the REPL gets the default disposition)
env -i HOME="$tmp/home" DIRQ_HISTORY="\$hist" TERM=screen PATH="$PATH" "\$@" "$bin" ${args[@]+"${args[@]}"}
status=\$?
stty -a >"\$hist.stty" 2>&1
echo "\$status" >"\$hist.status.part" && mv "\$hist.status.part" "\$hist.status"
exit \$status
EOF
chmod +x "$tmp/launch.sh"

screen() { T capture-pane -p -t "$session" 2>/dev/null; }
last_line() { screen | sed '/^[[:space:]]*$/d' | tail -n 1; }

fail() {
    why="$1"
    return 1
}

# wait_for TEXT: until TEXT (fixed string) is on the screen.
wait_for() {
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    fail "timed out waiting for '$1' on the screen"
}

# wait_for_line LINE: until a screen line is exactly LINE (trailing blanks ignored).
wait_for_line() {
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        screen | sed 's/[[:space:]]*$//' | grep -qxF -- "$1" && return 0
        sleep 0.1
    done
    fail "timed out waiting for the line '$1'"
}

# wait_for_count LINE N: until exactly-LINE lines appear N times on the screen.
wait_for_count() {
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        [ "$(screen | sed 's/[[:space:]]*$//' | grep -cxF -- "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    fail "timed out waiting for $2 lines '$1'"
}

# wait_for_prompt [PROMPT]: until the last non-empty line is the bare prompt.
wait_for_prompt() {
    local want=${1:-${prompt_text:-dirq>}} deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        [ "$(last_line | sed 's/[[:space:]]*$//')" = "$want" ] && return 0
        sleep 0.1
    done
    fail "timed out waiting for a fresh '$want' prompt"
}

# wait_for_exit: until the REPL's process has ended (the launcher wrote its status after the
# shell's wait returned); sets exit_status.
wait_for_exit() {
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        if [ -f "$current_hist.status" ]; then
            exit_status=$(cat "$current_hist.status")
            return 0
        fi
        sleep 0.1
    done
    fail "the program did not exit"
}

# still_running: the REPL has not ended (for checks that a key did *not* end it).
still_running() { [ ! -f "$current_hist.status" ]; }

absent() { screen | grep -qF -- "$1" && fail "unexpected '$1' on the screen"; return 0; }
type_text() { T send-keys -t "$session" -l -- "$1"; }
keys() { T send-keys -t "$session" "$@"; }

# start HISTORY [VAR=value...]: a new session running the REPL; waits for its first prompt.
start() {
    current_hist=$1
    rm -f "$current_hist.status"
    session="t$((passed + failed))-$RANDOM"
    T new-session -d -s "$session" -x 120 -y 30 "$tmp/launch.sh $*" || fail "cannot start a session"
    wait_for_prompt || return 1
    # The first prompt can be drawn a moment before libedit puts the terminal in raw mode; keys
    # sent in that moment would be cooked (a ^D echoed instead of read). People do not type
    # within milliseconds of start; the tests wait a little too.
    sleep 0.3
}

run_test() {
    local name=$1
    if [ -n "${DIRQ_TEST_ONLY:-}" ] && [[ $name != *"$DIRQ_TEST_ONLY"* ]]; then return; fi
    why=""
    if "$name"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        echo "---- screen ----"
        screen | sed '/^[[:space:]]*$/d'
        echo "----------------"
    fi
    [ -n "$session" ] && T kill-session -t "$session" >/dev/null 2>&1
    session=""
}
