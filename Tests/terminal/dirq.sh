#!/usr/bin/env bash
# Real-terminal tests of the dirq prompt on the bundled sample tenant: completion of keywords and
# attributes, continuation lines, Ctrl-C, errors that leave the session usable, history across
# restarts, dot-commands. Drives the built binary in tmux (see lib.sh).
#
# usage: Tests/terminal/dirq.sh [BINARY]   (default: the dirq product, built here first)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

bin=${1:-}
if [ -z "$bin" ]; then
    (cd "$root" && swift build --product dirq) >&2 || { echo "terminal tests: build failed"; exit 1; }
    bin="$(cd "$root" && swift build --show-bin-path)/dirq"
fi
[ -x "$bin" ] || { echo "terminal tests: no executable at $bin"; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
args=("$root/Examples/contoso/onprem.ldif" "$root/Examples/contoso/cloud.json")
command -v tmux >/dev/null || { echo "terminal tests: tmux is not installed (apt-get install tmux)"; exit 1; }

source "$here/lib.sh"
# The prompt names the current snapshot; the first file given (on-prem) is current.
prompt_text="dirq onprem>"

test_banner_and_keyword_completion() {
    start "$tmp/k.hist" || return 1
    wait_for "2 snapshots: onprem (44 objects, on-prem AD), cloud (46 objects, Entra ID)" || return 1
    type_text "use onprem"; keys Enter
    wait_for_prompt || return 1
    type_text "users gr"; keys Tab
    wait_for_line "dirq onprem> users group by" || return 1
    type_text " upn having count > 1"; keys Enter
    # The members column makes the groups wider than the terminal: .mode auto shows them one
    # field per line.
    wait_for_line "    upn = chris.taylor@contoso.com" || return 1
    wait_for_line "  count = 3" || return 1
    wait_for_prompt
}

test_first_snapshot_stays_current_and_statements_complete() {
    start "$tmp/s.hist" || return 1
    # dirq onprem.ldif cloud.json: the first, on-prem, snapshot is current, and the banner says so.
    wait_for "current: onprem" || return 1
    type_text "users count"; keys Enter
    wait_for_line "35" || return 1
    wait_for_prompt || return 1
    type_text "lesson invalid-u"; keys Tab
    wait_for_line "dirq onprem> lesson invalid-upn" || return 1
    keys C-c
    wait_for_prompt || return 1
    type_text "che"; keys Tab
    wait_for_line "dirq onprem> check" || return 1
    keys C-c
    wait_for_prompt || return 1
    # use changes the prompt.
    type_text "use cloud"; keys Enter
    wait_for_prompt "dirq cloud>" || return 1
    type_text "use onprem"; keys Enter
    wait_for_prompt || return 1
    # A file inside load "…" closes the string: no space before the quote.
    type_text "load \"$root/Examples/contoso/onprem.ld"; keys Tab
    wait_for_line "dirq onprem> load \"$root/Examples/contoso/onprem.ldif\"" || return 1
    keys C-c
    wait_for_prompt
}

test_attribute_completion() {
    start "$tmp/a.hist" || return 1
    type_text "onprem.users group by userPr"; keys Tab
    wait_for_line "dirq onprem> onprem.users group by userPrincipalName" || return 1
    keys C-c
    wait_for_prompt || return 1
    type_text "onprem.users where depa"; keys Tab
    wait_for_line "dirq onprem> onprem.users where department" || return 1
    keys C-c
    wait_for_prompt
}

test_continuation_prompt() {
    start "$tmp/c.hist" || return 1
    type_text "onprem.users where"; keys Enter
    wait_for_prompt " ...>" || return 1
    type_text "upn ends with \".local\" select upn"; keys Enter
    wait_for "nina.schultz@contoso.local" || return 1
    wait_for_prompt
}

test_ctrl_c_cancels_the_line() {
    start "$tmp/x.hist" || return 1
    type_text "onprem.users count"; keys C-c
    wait_for_prompt || return 1
    absent "(1 row)" || return 1
    type_text "onprem.users count"; keys Enter
    wait_for_line "35" || return 1
    wait_for_prompt
}

test_error_leaves_the_session_usable() {
    start "$tmp/e.hist" || return 1
    type_text "onprem.users where departmnt = 1"; keys Enter
    wait_for "unknown attribute or column 'departmnt'" || return 1
    wait_for "did you mean 'department'?" || return 1
    wait_for_prompt || return 1
    type_text "cloud.users count"; keys Enter
    wait_for_line "31" || return 1
    wait_for_prompt
}

test_history_after_restart() {
    start "$tmp/h.hist" || return 1
    type_text "onprem.groups |"; keys Enter
    wait_for_prompt " ...>" || return 1
    type_text "count"; keys Enter
    wait_for_line "5" || return 1
    wait_for_prompt || return 1
    keys C-d
    wait_for_exit || return 1
    T kill-session -t "$session" >/dev/null 2>&1
    start "$tmp/h.hist" || return 1
    keys Up
    wait_for "onprem.groups" || return 1
    keys Enter
    wait_for_line "5" || return 1
    wait_for_prompt
}

test_dot_commands() {
    start "$tmp/d.hist" || return 1
    type_text ".snap"; keys Enter
    wait_for "onprem *" || return 1
    wait_for_prompt || return 1
    type_text ".mode csv"; keys Enter
    wait_for_prompt || return 1
    type_text "onprem.users where sam = \"tycho.brahe\" select sam, guid(objectGUID)"; keys Enter
    wait_for_line "tycho.brahe,f7cc07d7-7c15-447d-876d-c01b0e5a9e38" || return 1
    wait_for_prompt || return 1
    type_text ".help join"; keys Enter
    wait_for "duplicate keys are never dropped" || return 1
    wait_for_prompt
}

test_utf8_names() {
    start "$tmp/u.hist" || return 1
    type_text "onprem.users where displayName = \"Søren Kierkegaard\" select sam"; keys Enter
    wait_for_line "soren.kierkegaard" || return 1
    wait_for_prompt
}

test_exercise_submit_hint_and_progress() {
    start "$tmp/ex.hist" || return 1
    type_text "exercise duplicate-upn"; keys Enter
    wait_for "Find every UPN that more than one on-prem object holds" || return 1
    wait_for_prompt || return 1
    type_text "hint"; keys Enter
    wait_for "hint 1 of 3" || return 1
    wait_for_prompt || return 1
    type_text "users where upn starts with \"chris\" select upn"; keys Enter
    wait_for_prompt || return 1
    type_text "submit"; keys Enter
    wait_for "missing 1 UPN" || return 1
    wait_for_prompt || return 1
    type_text "users group by upn having count > 1"; keys Enter
    wait_for_prompt || return 1
    type_text "submit"; keys Enter
    wait_for "solved: the 2 UPNs" || return 1
    wait_for_prompt || return 1
    keys C-d
    wait_for_exit || return 1
    T kill-session -t "$session" >/dev/null 2>&1
    # Progress is kept beside the history file, so a new session lists it.
    start "$tmp/ex.hist" || return 1
    type_text "exercise"; keys Enter
    wait_for "1 of 12 solved" || return 1
    wait_for_prompt
}

# A result taller than the screen (44 on-prem objects: 47 lines on a 30-line terminal) goes to
# less -FRSX when PAGER is not set; q brings the prompt back, with the terminal as the line
# editor needs it.
test_pager_default_less() {
    start "$tmp/p.hist" || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for_line ":" || return 1
    wait_for "CN=Tycho Brahe,OU=IT,OU=Staff,DC=contoso,DC=com" || return 1
    absent "(44 rows)" || return 1
    keys q
    wait_for_prompt || return 1
    # The line editor has its terminal back: Tab completes (raw mode), the statement runs.
    type_text "users co"; keys Tab
    wait_for_line "dirq onprem> users count" || return 1
    keys Enter
    wait_for_line "35" || return 1
    wait_for_prompt || return 1
    # And leaving restores the terminal as it was.
    keys C-d
    wait_for_exit || return 1
    local mode
    for mode in icanon echo isig; do
        grep -Eq "(^|[[:space:]])$mode([[:space:]]|\$)" "$current_hist.stty" \
            || fail "terminal left without $mode: $(tr '\n' ' ' <"$current_hist.stty")" || return 1
    done
}

# Ctrl-C while paging belongs to the pager: three of them would end dirq if they reached its own
# handler (a third Ctrl-C during one statement ends the process). The pager here says when it
# saw each one (less shows nothing), so each key is sent after the previous one arrived.
test_ctrl_c_while_paging() {
    cat >"$tmp/ipager.sh" <<'PAGER'
#!/bin/sh
cat >/dev/null
n=0
trap 'n=$((n+1)); echo "pager saw Ctrl-C $n"' INT
echo "pager waiting"
while :; do
    if read line </dev/tty; then [ "$line" = q ] && exit 0; fi
done
PAGER
    chmod +x "$tmp/ipager.sh"
    start "$tmp/i.hist" "PAGER=$tmp/ipager.sh" || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for_line "pager waiting" || return 1
    local n
    for n in 1 2 3; do
        keys C-c
        wait_for "pager saw Ctrl-C $n" || return 1
    done
    still_running || fail "dirq ended while paging" || return 1
    type_text "q"; keys Enter
    wait_for_prompt || return 1
    type_text "users count"; keys Enter
    wait_for_line "35" || return 1
    wait_for_prompt
}

# PAGER names the pager (run by sh -c); it gets the whole result, nothing cut. .pager off cuts
# the result to the screen instead, .pager on pages again. The pager also logs each run to a
# file: what it printed may have scrolled off the screen by the time we count.
test_pager_from_PAGER_and_pager_off() {
    printf '#!/bin/sh\nn=$(wc -l)\necho "pager got $n lines"\necho "$n" >>"%s"\n' "$tmp/paged.log" >"$tmp/pager.sh"
    chmod +x "$tmp/pager.sh"
    rm -f "$tmp/paged.log"
    paged() { [ "$(cat "$tmp/paged.log" 2>/dev/null | wc -l)" = "$1" ] || fail "the pager ran $(cat "$tmp/paged.log" 2>/dev/null | wc -l) times, not $1"; }
    start "$tmp/q.hist" "PAGER=$tmp/pager.sh" || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for_line "pager got 47 lines" || return 1
    wait_for_prompt || return 1
    paged 1 || return 1
    type_text ".pager"; keys Enter
    wait_for_line "pager is on: $tmp/pager.sh (PAGER); .pager on|off" || return 1
    type_text ".pager off"; keys Enter
    wait_for_prompt || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for "[20 more rows not shown" || return 1
    wait_for_prompt || return 1
    paged 1 || return 1
    type_text ".pager on"; keys Enter
    wait_for_prompt || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for_line "pager got 47 lines" || return 1
    wait_for_prompt || return 1
    paged 2 || return 1
    # A result that fits is never paged.
    type_text "onprem.groups select sam"; keys Enter
    wait_for_line "(5 rows)" || return 1
    wait_for_prompt || return 1
    paged 2
}

# PAGER set and empty: no pager; tall results are cut as with .pager off.
test_empty_PAGER_means_no_pager() {
    start "$tmp/n.hist" "PAGER=" || return 1
    type_text ".pager"; keys Enter
    wait_for_line "pager is off: PAGER is set and empty; .pager on|off" || return 1
    type_text "onprem.objects select dn, kind"; keys Enter
    wait_for "[20 more rows not shown" || return 1
    wait_for_prompt
}

# .mode auto (the default): a row wider than the terminal is shown one field per line, a narrow
# one as a table; .mode table forces a table, its cells cut to the width.
test_mode_auto() {
    start "$tmp/m.hist" || return 1
    local wide='onprem.users where sam = "tycho.brahe" select dn, upn, proxyAddresses, displayName, mail'
    type_text "$wide"; keys Enter
    wait_for_line "           upn = tycho.brahe@contoso.com" || return 1
    wait_for_prompt || return 1
    type_text 'onprem.users where sam = "tycho.brahe" select sam, upn'; keys Enter
    wait_for_line "tycho.brahe  tycho.brahe@contoso.com" || return 1
    wait_for_prompt || return 1
    type_text ".mode table"; keys Enter
    wait_for_prompt || return 1
    type_text "$wide"; keys Enter
    wait_for "cut to fit the terminal" || return 1
    wait_for_prompt || return 1
    wait_for_count "           upn = tycho.brahe@contoso.com" 1 || return 1
    type_text ".mode"; keys Enter
    wait_for_line "modes: auto, table, csv, json, tsv, markdown, line (now table)" || return 1
    wait_for_prompt
}

run_test test_banner_and_keyword_completion
run_test test_first_snapshot_stays_current_and_statements_complete
run_test test_attribute_completion
run_test test_continuation_prompt
run_test test_ctrl_c_cancels_the_line
run_test test_error_leaves_the_session_usable
run_test test_history_after_restart
run_test test_dot_commands
run_test test_utf8_names
run_test test_exercise_submit_hint_and_progress
run_test test_pager_default_less
run_test test_ctrl_c_while_paging
run_test test_pager_from_PAGER_and_pager_off
run_test test_empty_PAGER_means_no_pager
run_test test_mode_auto

echo "terminal tests (dirq): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
