#!/usr/bin/env bash
# Real-terminal tests of dirq's prompt (Sources/DirqREPL): runs the REPL in tmux, types at it
# with send-keys and reads the screen with capture-pane.
#
# usage: Tests/terminal/run.sh [BINARY [ARGS...]]
#   BINARY defaults to $DIRQ_REPL_BIN, else the dirq-repl-demo product, built here first.
#   Extra ARGS (or $DIRQ_REPL_ARGS) are passed to the binary.
#   DIRQ_TEST_TIMEOUT: seconds to wait for each expected screen (default 15).
#   DIRQ_TEST_ONLY: run only the tests whose name contains this string.
#
# The expectations below are for the toy engine of dirq-repl-demo: a statement echoes as
# "ran: <text>", is incomplete while a parenthesis is open, Tab completes from a keyword
# list (users, groups, group by, where, upn…), ".sleep" runs until Ctrl-C. To drive the
# real dirq, change the ENGINE EXPECTATIONS block (or set the variables in the environment).
#
# Control keys are sent only once the prompt is back: while a statement runs the terminal is
# in its normal (cooked) mode, where ^D or ^C typed ahead means something else.
#
# Each test gets its own tmux session (fixed size 120x30) on a private server, with an empty
# environment: a temporary HOME, a private DIRQ_HISTORY, TERM=screen and no locale variables
# (the C locale: the prompt must still read UTF-8). Waits poll the screen with a timeout.
# Prints "terminal tests: N passed, M failed"; exits 1 when any test failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

bin=${1:-${DIRQ_REPL_BIN:-}}
if [ $# -gt 0 ]; then shift; fi
args=("$@")
if [ ${#args[@]} -eq 0 ] && [ -n "${DIRQ_REPL_ARGS:-}" ]; then read -r -a args <<<"$DIRQ_REPL_ARGS"; fi
if [ -z "$bin" ]; then
    (cd "$root" && swift build --product dirq-repl-demo) >&2 || { echo "terminal tests: build failed"; exit 1; }
    bin="$(cd "$root" && swift build --show-bin-path)/dirq-repl-demo"
fi
[ -x "$bin" ] || { echo "terminal tests: no executable at $bin"; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v tmux >/dev/null || { echo "terminal tests: tmux is not installed (apt-get install tmux)"; exit 1; }

# ---- ENGINE EXPECTATIONS (toy engine of dirq-repl-demo) ---------------------------------
ran=${DIRQ_TEST_RAN_PREFIX-"ran: "}          # what running statement S prints: "${ran}S"
sleep_statement=${DIRQ_TEST_SLEEP_STATEMENT-".sleep"}   # runs until Ctrl-C ("" skips the test)
sleep_started=${DIRQ_TEST_SLEEP_STARTED-"sleeping"}     # what it prints when it has started
sleep_interrupted=${DIRQ_TEST_SLEEP_INTERRUPTED-"interrupted"}  # what it prints when interrupted
stuck_statement=${DIRQ_TEST_STUCK_STATEMENT-".stubborn"}  # ignores Ctrl-C ("" skips the test)
stuck_started=${DIRQ_TEST_STUCK_STARTED-"stubborn"}       # what it prints when it has started
stuck_ignored=${DIRQ_TEST_STUCK_IGNORED-"ignored interrupt "}  # + N: it saw the N-th Ctrl-C
# -------------------------------------------------------------------------------------------

source "$here/lib.sh"

# (a) Tab: an ambiguous word grows to the common prefix and lists the candidates; a unique
# one completes with a trailing space (words may contain spaces: "group by").
test_completion() {
    start "$tmp/a.hist" || return 1
    type_text "gr"; keys Tab
    wait_for_line "dirq> group" || return 1
    wait_for "groups" || return 1
    screen | grep -q "group by" || fail "the candidate list lacks 'group by'" || return 1
    type_text " b"; keys Tab
    type_text "x"
    wait_for_line "dirq> group by x" || return 1
    keys Enter
    wait_for_line "${ran}group by x" || return 1
    wait_for_prompt || return 1
    # A single candidate from a one-letter prefix, mid-statement.
    type_text "users wh"; keys Tab; type_text "y"
    wait_for_line "dirq> users where y" || return 1
    keys Enter
    wait_for_line "${ran}users where y"
}

# Many candidates: Tab first asks whether to list them all.
test_completion_asks_before_a_long_list() {
    [ "$ran" = "ran: " ] || return 0  # needs the demo's m000…m149 names
    start "$tmp/l.hist" || return 1
    type_text "m"; keys Tab
    wait_for "Display all 150 possibilities? (y or n)" || return 1
    type_text "n"
    wait_for_count "dirq> m" 2 || return 1
    absent "m149" || return 1
    keys Tab
    wait_for_count "Display all 150 possibilities? (y or n)" 2 || return 1
    type_text "y"
    wait_for "m149" || return 1
    wait_for_count "dirq> m" 3 || return 1
    type_text "14"; keys Tab
    wait_for_line "dirq> m14" || return 1
    type_text "9"; keys Tab; type_text "z"
    wait_for_line "dirq> m149 z"
}

# (b) An unfinished statement asks for a continuation line; both lines run as one statement.
test_continuation() {
    start "$tmp/b.hist" || return 1
    type_text "users ("; keys Enter
    wait_for_prompt " ...>" || return 1
    type_text "upn)"; keys Enter
    wait_for_line "${ran}users (" || return 1
    wait_for_line "upn)" || return 1
    wait_for_prompt
}

# (c) Ctrl-C drops what is typed (one line or several) and gives a usable prompt; it does not exit.
test_ctrl_c_while_typing() {
    start "$tmp/c.hist" || return 1
    # Wait for the echo before Ctrl-C: the terminal discards unread input on a signal.
    type_text "where dropped"
    wait_for_line "dirq> where dropped" || return 1
    keys C-c
    wait_for_prompt || return 1
    type_text "users ("; keys Enter
    wait_for_prompt " ...>" || return 1
    type_text "also dropped"
    wait_for_line " ...> also dropped" || return 1
    keys C-c
    wait_for_prompt || return 1
    type_text "groups"; keys Enter
    wait_for_line "${ran}groups" || return 1
    absent "${ran}where" || return 1
    absent "${ran}users" || return 1
    absent "also dropped)" || return 1
    still_running || fail "the program exited"
}

# (d) History survives a restart; a multi-line statement is one entry, recalled whole.
test_history_across_restart() {
    local hist="$tmp/d.hist"
    start "$hist" || return 1
    type_text "users ("; keys Enter
    wait_for_prompt " ...>" || return 1
    type_text "upn)"; keys Enter
    wait_for_line "${ran}users (" || return 1
    wait_for_prompt || return 1
    type_text "groups"; keys Enter
    wait_for_line "${ran}groups" || return 1
    wait_for_prompt || return 1
    keys C-d
    wait_for_exit || return 1
    grep -qxF 'users (\nupn)' "$hist" || fail "history file lacks the escaped entry 'users (\\nupn)'" || return 1
    T kill-session -t "$session" >/dev/null 2>&1

    start "$hist" || return 1
    keys Up
    wait_for_line "dirq> groups" || return 1
    keys Up
    wait_for_line "dirq> users (" || return 1
    wait_for_line "upn)" || return 1
    keys Enter
    wait_for_line "${ran}users (" || return 1
    wait_for_prompt
}

# (e) UTF-8 typed in the C locale reaches the engine as UTF-8 (and is shown right).
test_utf8_input() {
    start "$tmp/e.hist" LANG=C LC_ALL=C || return 1
    type_text "Anaïs"; keys Enter
    wait_for_line "${ran}Anaïs" || return 1
    if [ "$ran" = "ran: " ]; then
        wait_for_line "utf8: 41 6e 61 c3 af 73" || return 1
    fi
    wait_for_prompt || return 1
    # Editing across the two-byte character: Left, delete "ï" before the cursor, type "i".
    type_text "Anaïs"; keys Left BSpace; type_text "i"; keys Enter
    wait_for_line "${ran}Anais"
}

# (f) Ctrl-D does nothing special in a non-empty line; on an empty line it exits, status 0,
# and leaves the terminal in its normal (canonical, echoing) mode.
test_ctrl_d_exits() {
    local hist="$tmp/f.hist"
    start "$hist" || return 1
    type_text "abc"; keys C-d
    sleep 0.3  # give a wrong exit the chance to happen before checking it did not
    still_running || fail "Ctrl-D in a non-empty line exited" || return 1
    keys C-a C-d
    wait_for_line "dirq> bc" || return 1
    keys C-u C-d
    wait_for_exit || return 1
    [ "$exit_status" = 0 ] || fail "exit status $exit_status, expected 0" || return 1
    local mode
    grep -q 'susp = ^Z' "$hist.stty" || fail "the suspend character was not restored" || return 1
    for mode in icanon echo isig; do
        grep -Eq "(^|[[:space:]])$mode([[:space:]]|\$)" "$hist.stty" || break
    done
    grep -Eq "(^|[[:space:]])$mode([[:space:]]|\$)" "$hist.stty" \
        || fail "terminal left in raw mode: $(tr '\n' ' ' <"$hist.stty")"
}

# Ctrl-C while a statement runs reaches engine.interrupt(); the prompt comes back.
test_ctrl_c_while_running() {
    [ -n "$sleep_statement" ] || return 0
    start "$tmp/g.hist" || return 1
    type_text "$sleep_statement"; keys Enter
    wait_for_line "$sleep_started" || return 1
    keys C-c
    # The terminal (cooked mode while a statement runs) echoes "^C" before the output.
    wait_for "$sleep_interrupted" || return 1
    wait_for_prompt || return 1
    type_text "users"; keys Enter
    wait_for_line "${ran}users"
}

# A statement that ignores interrupt(): the third Ctrl-C ends the process (status 130) and
# leaves the terminal sane.
test_third_ctrl_c_ends_a_stuck_statement() {
    [ -n "$stuck_statement" ] || return 0
    local hist="$tmp/s.hist"
    start "$hist" || return 1
    type_text "$stuck_statement"; keys Enter
    wait_for_line "$stuck_started" || return 1
    # Signals of one kind do not queue: a Ctrl-C sent while the last is still pending merges
    # with it. Send the next one only once the engine has seen the last.
    keys C-c
    wait_for "${stuck_ignored}1" || return 1
    keys C-c
    wait_for "${stuck_ignored}2" || return 1
    still_running || fail "two Ctrl-C ended the process" || return 1
    keys C-c
    wait_for_exit || return 1
    [ "$exit_status" = 130 ] || fail "exit status $exit_status, expected 130" || return 1
    grep -Eq "(^|[[:space:]])icanon([[:space:]]|\$)" "$hist.stty" || fail "terminal left in raw mode"
}

# Emacs keys: Home/End, Ctrl-A/E, Alt-B/F word moves, Ctrl-W/Ctrl-Y, Ctrl-R reverse search.
test_emacs_keys() {
    start "$tmp/h.hist" || return 1
    type_text "one two three"
    keys Home; type_text "X"; keys End; type_text "Y"
    keys C-a; type_text "A"; keys C-e; type_text "E"
    keys M-b; type_text "B"; keys M-b M-b; type_text "C"; keys M-f; type_text "F"
    wait_for_line "dirq> AXone CtwoF BthreeYE" || return 1
    keys C-w
    wait_for_line "dirq> AXone  BthreeYE" || return 1
    keys C-y
    wait_for_line "dirq> AXone CtwoF BthreeYE" || return 1
    keys Enter
    wait_for_line "${ran}AXone CtwoF BthreeYE" || return 1
    wait_for_prompt || return 1
    type_text "groups"; keys Enter
    wait_for_line "${ran}groups" || return 1
    wait_for_prompt || return 1
    keys C-r; type_text "CtwoF"
    wait_for_count "dirq> AXone CtwoF BthreeYE" 2 || return 1
    keys Enter
    wait_for_count "${ran}AXone CtwoF BthreeYE" 2
}

# Ctrl-Z suspends to the shell with the terminal restored; fg brings the line back.
test_ctrl_z_and_fg() {
    session="t$((passed + failed))-$RANDOM"
    T new-session -d -s "$session" -x 120 -y 30 \
        "env -i HOME='$tmp/home' TERM=screen PATH='$PATH' PS1='sh\$ ' bash --norc --noprofile -i" || return 1
    wait_for_prompt 'sh$' || return 1
    type_text "$tmp/launch.sh $tmp/z.hist"; keys Enter
    wait_for_prompt || return 1
    type_text "abc"; keys C-z
    wait_for "Stopped" || return 1
    wait_for_prompt 'sh$' || return 1
    type_text "fg"; keys Enter
    wait_for_count "dirq> abc" 2 || return 1   # redrawn after fg
    type_text "d"
    wait_for_line "dirq> abcd" || return 1
    # Again, in the same line (libedit's own SIGCONT handler is gone after the first time).
    keys C-z
    wait_for_count "sh\$ fg" 1 || return 1
    wait_for_prompt 'sh$' || return 1
    type_text "fg"; keys Enter
    wait_for_count "sh\$ fg" 2 || return 1
    wait_for_count "dirq> abcd" 2 || return 1
    type_text "e"; keys Enter
    wait_for_line "${ran}abcde" || return 1
    wait_for_prompt || return 1
    keys C-d
    wait_for_prompt 'sh$'
}

run_test test_completion
run_test test_completion_asks_before_a_long_list
run_test test_continuation
run_test test_ctrl_c_while_typing
run_test test_history_across_restart
run_test test_utf8_input
run_test test_ctrl_d_exits
run_test test_ctrl_c_while_running
run_test test_third_ctrl_c_ends_a_stuck_statement
run_test test_emacs_keys
run_test test_ctrl_z_and_fg

echo "terminal tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
