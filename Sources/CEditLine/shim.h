// CEditLine: libedit (BSD editline) for the dirq prompt.
//
// We use libedit's native API (<histedit.h>) rather than its readline emulation
// (<editline/readline.h>): el_gets reports end-of-file (count 0) and an interrupted read
// (count -1, errno EINTR) separately, el_line gives the cursor as a byte offset, and our
// own key functions can return the exact redisplay code they need. See
// Sources/DirqREPL/LineEditor.swift for the details.
//
// el_set/el_get/history are C variadic functions, which Swift cannot call, so each call
// we need is wrapped in a small fixed-signature static inline function below.
#ifndef DIRQ_CEDITLINE_SHIM_H
#define DIRQ_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>
#include <termios.h>
#include <unistd.h>

// glibc declares wcwidth only under _XOPEN_SOURCE; the symbol is always there.
int wcwidth(wchar_t c);

/// Terminal columns of one Unicode scalar (-1 for a non-printable one), per LC_CTYPE.
static inline int dirq_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

// The standard streams, as functions: Swift 6 rejects the C globals as shared mutable state.
static inline FILE *dirq_stdin(void) { return stdin; }
static inline FILE *dirq_stdout(void) { return stdout; }
static inline FILE *dirq_stderr(void) { return stderr; }

/// Prompt callback: returns the prompt string (must stay valid until the next call).
typedef char *(*dirq_el_prompt_fn)(EditLine *);
/// Key-bound editor function: returns one of the CC_* codes.
typedef unsigned char (*dirq_el_key_fn)(EditLine *, int);

static inline int dirq_el_set_prompt(EditLine *el, dirq_el_prompt_fn fn) {
    return el_set(el, EL_PROMPT, fn);
}
static inline int dirq_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
/// on != 0: libedit installs its handlers for SIGINT, SIGTSTP, SIGCONT, SIGWINCH, SIGTERM,
/// SIGHUP, SIGQUIT while el_gets runs: they restore the terminal, then pass the signal on.
static inline int dirq_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int dirq_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int dirq_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *dirq_el_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
static inline int dirq_el_addfn(EditLine *el, const char *name, const char *help,
                                dirq_el_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
/// Binds a key sequence (el_bind syntax: "^I", "\\e[1~") to a named editor function.
static inline int dirq_el_bind(EditLine *el, const char *keys, const char *function) {
    return el_set(el, EL_BIND, keys, function, NULL);
}
/// Redraws prompt and line from the current cursor position, forgetting what libedit
/// thought was on the screen (used after we printed below the line).
static inline int dirq_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}
/// how != 0: put the terminal in libedit's editing (raw) mode; 0: back to cooked mode.
static inline int dirq_el_prep_term(EditLine *el, int how) {
    return el_set(el, EL_PREP_TERM, how);
}
/// Terminal width in columns as libedit knows it (80 when unknown).
static inline int dirq_el_columns(EditLine *el) {
    int cols = 0;
    if (el_get(el, EL_GETTC, "co", &cols, NULL) != 0 || cols <= 0) return 80;
    return cols;
}

/// Turns off the terminal's suspend character on `fd` (while libedit edits), so ^Z reaches
/// the editor as a key instead of the terminal sending SIGTSTP; see LineEditor.suspend().
static inline int dirq_disable_suspend_char(int fd) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    if (t.c_cc[VSUSP] == _POSIX_VDISABLE) return 0;
    t.c_cc[VSUSP] = _POSIX_VDISABLE;
    return tcsetattr(fd, TCSADRAIN, &t);
}

/// The process's environment, for posix_spawn (Swift 6 rejects the C global `environ`).
static inline char **dirq_environ(void) {
    extern char **environ;
    return environ;
}

static inline int dirq_history_set_size(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
/// Adds an entry as the newest one (H_ENTER; with H_SETUNIQUE a repeat is dropped).
static inline int dirq_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int dirq_history_set_unique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}
static inline int dirq_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}

#endif
