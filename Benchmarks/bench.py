#!/usr/bin/env python3
"""dirq benchmark: dirq, DuckDB and sqlite3 on the same synthetic tenant, cold and warm.

    python3 Benchmarks/bench.py [--sizes 100000,1000000] [--runs 3] [--warm-reps 5] ...

For each size it generates the tenant with `dirq generate` if missing (bench-data/<users>/), then
measures, each as a fresh process (cold) `--runs` times under /usr/bin/time (wall time, peak
RSS): loading each format, the three questions (duplicate UPNs, duplicate SMTP proxy addresses,
users without a twin both ways) and `check all`; then the same questions warm, after one load in
one process. DuckDB (Python package) and sqlite3 (CLI) run the SQL in Benchmarks/sql/ on the same
files in the same run. The answers of all tools are compared with each other and with the
generator's truth.json; any difference is printed loudly (it would be a dirq bug or a peer-SQL
bug). Instruction counts of dirq's loaders come from valgrind's callgrind. The tables go to
standard output and into Benchmarks/README.md between the markers of each size.

Standard library only (plus the duckdb package, installed with pip if missing).
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SQL = os.path.join(HERE, "sql")
DIRQ_Q = os.path.join(HERE, "dirq")
README = os.path.join(HERE, "README.md")

DIRQ = None  # path of the release-built dirq, set by build()


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Set-up: tools, build, data


def ensure_tools(need_valgrind):
    """Installs what is missing: GNU time, sqlite3 and valgrind from apt, duckdb from PyPI."""
    missing = []
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    if not shutil.which("sqlite3"):
        missing.append("sqlite3")
    if need_valgrind and not shutil.which("valgrind"):
        missing.append("valgrind")
    if missing:
        log(f"installing {' '.join(missing)} with apt-get")
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", *missing], check=True, stdout=subprocess.DEVNULL)
    probe = [sys.executable, "-c", "import duckdb"]
    if subprocess.run(probe, stderr=subprocess.DEVNULL).returncode != 0:
        log("installing duckdb with pip")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], check=True)


def build(skip):
    global DIRQ
    if not skip:
        log("swift build -c release")
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout.strip()
    DIRQ = os.path.join(bin_path, "dirq")
    if not os.path.exists(DIRQ):
        sys.exit(f"bench: {DIRQ} is missing: build with `swift build -c release` first")


def tenant_dir(data, users, seed):
    return os.path.join(data, str(users) if seed == 1 else f"{users}-seed{seed}")


def ensure_tenant(directory, users, seed):
    if not os.path.exists(os.path.join(directory, "truth.json")):
        log(f"generating {users} users into {directory}")
        subprocess.run([DIRQ, "generate", "--users", str(users), "--out", directory,
                        "--seed", str(seed)], check=True)
    return {
        "ldif": os.path.join(directory, "onprem.ldif"),
        "csv": os.path.join(directory, "onprem.csv"),
        "json": os.path.join(directory, "cloud.json"),
        "truth": os.path.join(directory, "truth.json"),
    }


# ---------------------------------------------------------------------------------------------
# Measuring


class Failed(Exception):
    pass


def measure(cmd, out_path, stdin_path=None, ok=(0,), timeout=None):
    """Runs cmd once under GNU time: (wall seconds by perf_counter, peak RSS in KiB, stdout text
    when out_path is None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *cmd]
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        stdout = open(out_path, "wb") if out_path else subprocess.PIPE
        start = time.perf_counter()
        try:
            p = subprocess.run(full, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"timed out after {timeout} s: {' '.join(cmd)[:200]}")
        finally:
            if stdin_path:
                stdin.close()
            if out_path:
                stdout.close()
        wall = time.perf_counter() - start
        if p.returncode not in ok:
            tail = p.stderr.decode("utf-8", "replace")[-1500:]
            raise Failed(f"exit {p.returncode}: {' '.join(cmd)[:200]}\n{tail}")
        lines = [l for l in open(tf.name).read().splitlines() if l.strip()]
        rss_kb = int(lines[-1].split()[1])
        text = p.stdout.decode("utf-8", "replace") if not out_path else None
        measure.last_stderr = p.stderr.decode("utf-8", "replace")
        return wall, rss_kb, text


def repeat(label, runs, fn):
    """Calls fn() runs times; returns {'wall': median s, 'rss': max KiB, 'walls': [...]}."""
    walls, rss = [], []
    for i in range(runs):
        w, r = fn()
        walls.append(w)
        rss.append(r)
        log(f"  {label} run {i + 1}/{runs}: {w:.2f} s, {r / 1024:.0f} MiB")
    return {"wall": statistics.median(walls), "rss": max(rss), "walls": walls}


# ---------------------------------------------------------------------------------------------
# The three tools


# Questions about the current snapshot: after loading both sides the current one is the last
# loaded (cloud), so the script says `use onprem` first.
ONPREM_QUESTIONS = {"count", "dup_upn", "dup_smtp"}


def dirq_script(path, loads, queries, reps=1):
    """A dirq script: the loads (absolute paths), then each query file `reps` times."""
    lines = [f'load "{p}" as {name}' for name, p in loads]
    for _ in range(reps):
        for q in queries:
            if q in ONPREM_QUESTIONS and len(loads) > 1 and loads[-1][0] != "onprem":
                lines.append("use onprem")
            lines.append(open(os.path.join(DIRQ_Q, q + ".dirq")).read().strip())
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def run_dirq(script, out, ok=(0,), timeout=None, full=False):
    """full: --all-attributes, a load of every value (what the prompt does); otherwise dirq reads
    only the attributes the script uses."""
    cmd = [DIRQ, "--format", "csv"] + (["--all-attributes"] if full else []) + [script]
    w, r, _ = measure(cmd, out, ok=ok, timeout=timeout)
    return w, r


def dirq_warm_cmd(loads, query, reps):
    """One process: load whole objects (as the prompt does), then ask `query` reps times, each
    as its own -e so that --timer prints one line per repetition."""
    cmd = [DIRQ, "--format", "csv", "--timer", "--all-attributes"]
    for name, p in loads:
        cmd += ["-e", f'load "{p}" as {name}']
    if query in ONPREM_QUESTIONS and loads[-1][0] != "onprem":
        cmd += ["-e", "use onprem"]
    text = open(os.path.join(DIRQ_Q, query + ".dirq")).read().strip()
    for _ in range(reps):
        cmd += ["-e", text]
    return cmd


def duckdb_cmd(files, variables, out_prefix, warm=None, queries=()):
    cmd = [sys.executable, os.path.join(HERE, "duckdb_run.py"), "--out-prefix", out_prefix]
    for k, v in variables.items():
        cmd += ["--var", f"{k}={v}"]
    if warm is not None:
        cmd += ["--warm", str(warm)]
    cmd += [os.path.join(SQL, "duckdb", f + ".sql") for f in files]
    if queries:
        cmd += ["--"] + [os.path.join(SQL, "duckdb", q + ".sql") for q in queries]
    return cmd


def sqlite_script(path, files, variables, out_prefix, timer_after=None, reps=1, queries=()):
    """One sqlite3 script from the SQL files (placeholders filled); with timer_after, `.timer on`
    is switched on after the load files and each query runs `reps` times."""
    def text(f):
        t = open(os.path.join(SQL, "sqlite", f + ".sql")).read()
        for k, v in {**variables, "out": out_prefix + f}.items():
            t = t.replace("{" + k + "}", v)
        return t
    parts = [text(f) for f in files]
    if timer_after:
        parts.append(".timer on\n")
        for _ in range(reps):
            parts += [text(q) for q in queries]
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


# ---------------------------------------------------------------------------------------------
# Answers


def read_tables(path):
    """The CSV tables in one file; a row equal to the first header starts a new table (dirq
    prints one table per query, each with its header)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        return []
    header, tables = rows[0], []
    for row in rows:
        if row == header:
            tables.append([])
        else:
            tables[-1].append(row)
    return tables


def keys(table):
    return {r[0].lower() for r in table}


def answer(kind, tables):
    """The comparable answer of one measurement: object count, key set, or two key sets."""
    if kind == "count":
        return {"objects": int(tables[0][0][0])}
    if kind == "dup_upn":
        return {"duplicate UPNs": keys(tables[0])}
    if kind == "dup_smtp":
        return {"duplicate SMTP addresses": keys(tables[0])}
    if kind == "unmatched":
        return {"on-prem users without a cloud twin": keys(tables[0]),
                "cloud users without an on-prem twin": keys(tables[1])}
    return {}


def truth_answers(truth):
    t = json.load(open(truth))
    return {
        "objects:onprem": t["users"] + t["groups"] + t["contacts"],
        "objects:cloud": t["cloudObjects"],
        "duplicate UPNs": {k.lower() for k in t["duplicateUPNs"]},
        "duplicate SMTP addresses": {k.lower() for k in t["duplicateSMTP"]},
        "on-prem users without a cloud twin": {d.lower() for d in t["unmatchedOnPrem"]},
        "cloud users without an on-prem twin": {i.lower() for i in t["cloudOnlyUsers"] + t["orphanedCloud"]},
    }


def describe_difference(name, a_name, a, b_name, b):
    if isinstance(a, set):
        only_a, only_b = sorted(a - b), sorted(b - a)
        return (f"{name}: {a_name} {len(a)}, {b_name} {len(b)}; only in {a_name}: {len(only_a)} "
                f"{only_a[:5]}; only in {b_name}: {len(only_b)} {only_b[:5]}")
    return f"{name}: {a_name} {a}, {b_name} {b}"


# ---------------------------------------------------------------------------------------------
# One size


ROWS = [
    # key, label, dirq loads, dirq queries, answer kind, peer row it shares ('' = own peers)
    ("load_ldif", "load LDIF", [("onprem", "ldif")], ["count"], "count", "load_csv"),
    ("load_csv", "load CSV", [("onprem", "csv")], ["count"], "count", ""),
    ("load_json", "load JSON", [("cloud", "json")], ["count"], "count", ""),
    ("dup_upn_ldif", "dup UPN (LDIF)", [("onprem", "ldif")], ["dup_upn"], "dup_upn", "dup_upn_csv"),
    ("dup_upn_csv", "dup UPN (CSV)", [("onprem", "csv")], ["dup_upn"], "dup_upn", ""),
    ("dup_smtp_ldif", "dup SMTP (LDIF)", [("onprem", "ldif")], ["dup_smtp"], "dup_smtp", "dup_smtp_csv"),
    ("dup_smtp_csv", "dup SMTP (CSV)", [("onprem", "csv")], ["dup_smtp"], "dup_smtp", ""),
    ("unmatched", "unmatched both ways (CSV+JSON)", [("onprem", "csv"), ("cloud", "json")],
     ["unmatched"], "unmatched", ""),
    ("check_all", "check all (LDIF+JSON)", [("onprem", "ldif"), ("cloud", "json")], ["check_all"],
     "check", ""),
]

# Peer programs for the rows that have their own: (DuckDB files, sqlite files or None).
PEERS = {
    "load_csv": (["load_onprem_csv", "count_onprem"], ["load_onprem_csv", "count_onprem"]),
    "load_json": (["load_cloud_json", "count_cloud"], None),
    "dup_upn_csv": (["load_onprem_csv", "dup_upn"], ["load_onprem_csv", "dup_upn"]),
    "dup_smtp_csv": (["load_onprem_csv", "dup_smtp"], ["load_onprem_csv", "dup_smtp"]),
    "unmatched": (["load_onprem_csv", "load_cloud_json", "unmatched"], None),
    # No peer has `check all`: DuckDB answers the three questions in one process instead.
    "check_all": (["load_onprem_csv", "load_cloud_json", "dup_upn", "dup_smtp", "unmatched"], None),
}

WARM = [("dup_upn", "warm dup UPN"), ("dup_smtp", "warm dup SMTP"), ("unmatched", "warm unmatched")]


def peer_tables(prefix, last_file, kind):
    if kind == "unmatched":
        return [read_tables(prefix + "unmatched-onprem.csv")[0],
                read_tables(prefix + "unmatched-cloud.csv")[0]]
    return read_tables(prefix + last_file + ".csv")


def bench_size(users, args):
    directory = tenant_dir(args.data, users, args.seed)
    files = ensure_tenant(directory, users, args.seed)
    work = os.path.join(directory, "work")
    os.makedirs(work, exist_ok=True)
    variables = {"onprem_csv": files["csv"], "cloud_json": files["json"]}
    truth = truth_answers(files["truth"])
    runs, timeout = args.runs, args.timeout
    results, mismatches, notes, failures = {}, [], [], []
    load_avg_start = os.getloadavg()

    def guarded(label, fn):
        try:
            return fn()
        except Failed as e:
            msg = f"{label}: FAILED: {e}"
            log("!!! " + msg)
            notes.append(msg)
            failures.append(label)
            return None

    # Cold rows.
    for key, label, loads, queries, kind, shares in ROWS:
        log(f"[{users}] {label}")
        row = results.setdefault(key, {"label": label})
        script = dirq_script(os.path.join(work, key + ".dirq"),
                             [(n, files[f]) for n, f in loads], queries)
        out = os.path.join(work, key + ".dirq.csv")
        ok = (0, 1) if kind == "check" else (0,)
        full = key.startswith("load_")  # a load row loads every value
        row["dirq"] = guarded(f"{label} dirq", lambda: repeat(
            "dirq", runs, lambda: run_dirq(script, out, ok=ok, timeout=timeout, full=full)))
        answers = {}
        if row["dirq"] is not None:
            answers["dirq"] = answer(kind, read_tables(out))
            if kind == "check":
                counts = {}
                for t in read_tables(out):
                    for r in t:
                        counts[r[0]] = counts.get(r[0], 0) + 1
                row["check_counts"] = counts
        if shares:
            row["shares"] = shares
        elif key in PEERS:
            duck_files, sqlite_files = PEERS[key]
            prefix = os.path.join(work, key + ".duckdb.")
            cmd = duckdb_cmd(duck_files, variables, prefix)
            row["duckdb"] = guarded(f"{label} DuckDB", lambda: repeat(
                "DuckDB", runs, lambda: measure(cmd, None, timeout=timeout)[:2]))
            if row["duckdb"] is not None and kind != "check":
                answers["DuckDB"] = answer(kind, peer_tables(prefix, duck_files[-1], kind))
            if sqlite_files:
                prefix = os.path.join(work, key + ".sqlite.")
                sq = sqlite_script(os.path.join(work, key + ".sqlite.sql"), sqlite_files, variables, prefix)
                row["sqlite"] = guarded(f"{label} sqlite", lambda: repeat(
                    "sqlite", runs, lambda: measure(["sqlite3", "-bail", ":memory:"], os.devnull,
                                                    stdin_path=sq, timeout=timeout)[:2]))
                if row["sqlite"] is not None:
                    answers["sqlite"] = answer(kind, peer_tables(prefix, sqlite_files[-1], kind))
        # Compare: every tool with dirq, and dirq with the generator's truth.
        for tool, ans in answers.items():
            for name, value in ans.items():
                if name == "objects":
                    expected = truth["objects:cloud" if loads[0][0] == "cloud" else "objects:onprem"]
                else:
                    expected = truth[name]
                if tool == "dirq" and value != expected:
                    mismatches.append(f"{label}: " + describe_difference(name, "dirq", value, "truth.json", expected))
                if tool != "dirq" and "dirq" in answers and answers["dirq"].get(name) != value:
                    mismatches.append(f"{label}: " + describe_difference(
                        name, "dirq", answers["dirq"].get(name), tool, value))
        row["answers"] = {t: {n: (len(v) if isinstance(v, set) else v) for n, v in a.items()}
                          for t, a in answers.items()}

    # Warm: every tool times each repetition inside its process (dirq with --timer).
    k = args.warm_reps
    log(f"[{users}] warm (load once, then {k} x each question)")
    warm_loads = [("onprem", files["csv"]), ("cloud", files["json"])]
    for q, label in WARM:
        row = results.setdefault("warm_" + q, {"label": label})
        cmd = dirq_warm_cmd(warm_loads, q, k)
        out = os.path.join(work, f"warm_{q}.dirq.csv")
        times, rss = [], []
        for i in range(runs):
            r = guarded(f"warm dirq {q}", lambda: measure(cmd, out, timeout=timeout))
            if r is None:
                break
            lines = re.findall(r"^time: ([0-9.]+) s$", measure.last_stderr, re.M)
            # One line per -e: the loads (and `use`) first, then the repetitions.
            reps = [float(t) for t in lines[-k:]]
            times += reps
            rss.append(r[1])
            log(f"  dirq warm {q} run {i + 1}/{runs}: {' '.join(f'{t:.3f}' for t in reps)} s, {r[1] / 1024:.0f} MiB")
        if times:
            row["dirq"] = {"wall": statistics.median(times), "rss": max(rss), "first": times[0]}
            # The repetitions' answers must be the cold one (same truth).
            for name, value in answer(q, read_tables(out)[:2 if q == "unmatched" else 1]).items():
                if value != truth[name]:
                    mismatches.append(f"{label}: " + describe_difference(name, "dirq", value, "truth.json", truth[name]))
    duck_samples, duck_rss = {}, []
    prefix = os.path.join(work, "warm.duckdb.")
    cmd = duckdb_cmd(["load_onprem_csv", "load_cloud_json"], variables, prefix, warm=k,
                     queries=[q for q, _ in WARM])
    for i in range(runs):
        r = guarded("warm DuckDB", lambda: measure(cmd, None, timeout=timeout))
        if r is None:
            break
        duck_rss.append(r[1])
        for q, samples in json.loads(r[2]).items():
            duck_samples.setdefault(q, []).extend(samples)
        log(f"  DuckDB warm run {i + 1}/{runs}: {r[0]:.2f} s total, {r[1] / 1024:.0f} MiB")
    sqlite_q = ["dup_upn", "dup_smtp"]
    sq = sqlite_script(os.path.join(work, "warm.sqlite.sql"), ["load_onprem_csv"], variables,
                       os.path.join(work, "warm.sqlite."), timer_after=True, reps=k, queries=sqlite_q)
    sqlite_samples = {}
    for i in range(runs):
        r = guarded("warm sqlite", lambda: measure(["sqlite3", "-bail", ":memory:"], None, stdin_path=sq,
                                                   timeout=timeout))
        if r is None:
            break
        times = [float(t) for t in re.findall(r"Run Time: real ([0-9.]+)", r[2])]
        if len(times) != k * len(sqlite_q):
            notes.append(f"warm sqlite: expected {k * len(sqlite_q)} timer lines, got {len(times)}")
            break
        for j, t in enumerate(times):
            sqlite_samples.setdefault(sqlite_q[j % len(sqlite_q)], []).append(t)
        log(f"  sqlite warm run {i + 1}/{runs}: {r[0]:.2f} s total")
    for q, _ in WARM:
        row = results["warm_" + q]
        if q in duck_samples:
            row["duckdb"] = {"wall": statistics.median(duck_samples[q]), "rss": max(duck_rss)}
        if q in sqlite_samples:
            row["sqlite"] = {"wall": statistics.median(sqlite_samples[q])}

    # Instruction counts of the loaders (callgrind is ~50x slower than native: small sizes only).
    instructions = {}
    if not args.no_callgrind and users <= args.callgrind_max_users:
        for fmt, side in (("ldif", "onprem"), ("csv", "onprem"), ("json", "cloud")):
            log(f"[{users}] callgrind: load {fmt}")
            script = dirq_script(os.path.join(work, f"callgrind_{fmt}.dirq"), [(side, files[fmt])], ["count"])
            p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                                DIRQ, "--format", "csv", "--all-attributes", script],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
            if m:
                instructions[fmt] = {"ir": int(m.group(1)), "bytes": os.path.getsize(files[fmt])}
                log(f"  {int(m.group(1)):,} instructions")
            else:
                notes.append(f"callgrind {fmt}: no 'Collected' line (exit {p.returncode})")

    # What a cold DuckDB measurement pays before any SQL: the interpreter and `import duckdb`.
    startup = guarded("DuckDB startup", lambda: repeat("python + import duckdb", runs, lambda: measure(
        [sys.executable, "-c", "import duckdb; duckdb.connect()"], None, timeout=timeout)[:2]))
    if startup:
        notes.append(f"a cold DuckDB process spends {startup['wall']:.2f} s and {startup['rss'] / 1024:.0f} MiB "
                     "starting Python and importing duckdb before any SQL (included in its cold times)")

    return {
        "users": users, "failures": failures, "runs": runs, "warm_reps": k, "results": results, "mismatches": mismatches,
        "notes": notes, "instructions": instructions, "directory": directory,
        "sizes": {f: os.path.getsize(files[f]) for f in ("ldif", "csv", "json")},
        "load_avg": (load_avg_start, os.getloadavg()),
    }


# ---------------------------------------------------------------------------------------------
# Report


def fmt_s(x):
    if x is None:
        return "—"
    if x < 0:
        return "<0.01"  # warm by subtraction: the query time is below the load's noise
    return f"{x:.3f}" if x < 1 else f"{x:.2f}"


def fmt_mib(kb):
    return "—" if kb is None else f"{kb / 1024:.0f}"


def cell(m, field):
    return None if not m else m.get(field)


def table(report):
    res = report["results"]
    lines = ["| | dirq median s | dirq peak MiB | DuckDB median s | DuckDB peak MiB | sqlite median s | dirq / DuckDB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    order = [r[0] for r in ROWS] + ["warm_" + q for q, _ in WARM]
    for key in order:
        row = res.get(key)
        if not row:
            continue
        peer = res.get(row.get("shares"), row)
        mark = " †" if row.get("shares") else (" ‡" if key == "check_all" else "")
        d, k, s = row.get("dirq"), peer.get("duckdb"), peer.get("sqlite")
        dw, kw = cell(d, "wall"), cell(k, "wall")
        ratio = "—" if dw is None or not kw else f"{max(dw, 0) / kw:.1f}×"
        sq = fmt_s(cell(s, "wall"))
        lines.append(f"| {row['label']} | {fmt_s(dw)} | {fmt_mib(cell(d, 'rss'))} | "
                     f"{fmt_s(kw)}{mark if k else ''} | {fmt_mib(cell(k, 'rss'))} | "
                     f"{sq}{mark if s and sq != '—' else ''} | {ratio} |")
    return "\n".join(lines)


def machine():
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, {platform.system()} {platform.release()}"


def versions():
    duck = subprocess.run([sys.executable, "-c", "import duckdb; print(duckdb.__version__)"],
                          capture_output=True, text=True).stdout.strip()
    sq = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    # The last commit that changed what the release build is made of.
    commit = subprocess.run(["git", "log", "-1", "--format=%h", "--", "Sources", "Package.swift"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return f"dirq {commit} (release build), DuckDB {duck} (Python {platform.python_version()}), sqlite3 {sq}"


def section(report, command):
    users, runs, k = report["users"], report["runs"], report["warm_reps"]
    mb = lambda b: f"{b / 1e6:.1f} MB"
    sz = report["sizes"]
    la = report["load_avg"]
    out = [f"### {users:,} users (runs={runs})".replace(",", " "), "",
           f"- date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
           f"- machine: {machine()}; load average {la[0][0]:.1f} at the start, {la[1][0]:.1f} at the end (shared machine)",
           f"- versions: {versions()}",
           f"- command: `{command}`",
           f"- files: onprem.ldif {mb(sz['ldif'])}, onprem.csv {mb(sz['csv'])}, cloud.json {mb(sz['json'])}",
           f"- medians of {runs} cold runs; peak MiB is the largest peak RSS of those runs; warm: {k} repetitions per question",
           "", table(report), ""]
    counts = report["results"].get("check_all", {}).get("check_counts")
    if counts:
        out.append("`check all` findings: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) + ".")
        out.append("")
    agreed = []
    for key in ("load_ldif", "load_csv", "load_json", "dup_upn_ldif", "dup_upn_csv", "dup_smtp_ldif",
                "dup_smtp_csv", "unmatched"):
        a = report["results"].get(key, {}).get("answers", {})
        if a:
            agreed.append(f"{report['results'][key]['label']}: " + "; ".join(
                f"{n} {v}" for n, v in a.get("dirq", {}).items()) + f" ({', '.join(a)})")
    if report["mismatches"]:
        out.append("**MISMATCHES** (dirq vs a peer or truth.json):")
        out += [f"- {m}" for m in report["mismatches"]]
    else:
        failed = f" (failed, see the notes: {', '.join(report['failures'])})" if report["failures"] else ""
        out.append("Answers: dirq, DuckDB and sqlite (where it runs) agree with each other and with "
                   f"truth.json, key by key{failed}:")
        out += [f"- {a}" for a in agreed]
    out.append("")
    if report["notes"]:
        out += ["Notes:"] + [f"- {n}" for n in report["notes"]] + [""]
    ins = report["instructions"]
    if ins:
        out += ["Instructions (callgrind, `dirq` loading one file and counting its objects):", "",
                "| file | instructions | per input byte |", "|---|---:|---:|"]
        for fmt in ("ldif", "csv", "json"):
            if fmt in ins:
                i = ins[fmt]
                out.append(f"| {fmt.upper()} | {format(i['ir'], ',').replace(',', ' ')} | {i['ir'] / i['bytes']:.0f} |")
        out.append("")
    elif report.get("no_callgrind"):
        out += ["Instructions: not counted in this run (--no-callgrind).", ""]
    else:
        out += [f"Instructions: not counted at this size (callgrind runs ~50× slower than native; "
                f"counted up to {report.get('callgrind_max', 100000):,} users).".replace(",", " "), ""]
    return "\n".join(out)


def write_readme(users, text):
    begin, end = f"<!-- bench:{users}:begin -->", f"<!-- bench:{users}:end -->"
    content = open(README).read() if os.path.exists(README) else "# dirq benchmarks\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in content and end in content:
        content = content[:content.index(begin)] + block + content[content.index(end) + len(end):]
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    with open(README, "w") as f:
        f.write(content)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated user counts")
    ap.add_argument("--runs", type=int, default=3, help="cold runs per measurement (median)")
    ap.add_argument("--warm-reps", type=int, default=5, help="repetitions of each warm query")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per process")
    ap.add_argument("--no-build", action="store_true", help="use the existing release build")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--callgrind-max-users", type=int, default=100000)
    ap.add_argument("--no-readme", action="store_true", help="print only, leave README.md alone")
    args = ap.parse_args()
    command = "python3 Benchmarks/bench.py " + " ".join(sys.argv[1:])
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    ensure_tools(need_valgrind=not args.no_callgrind)
    build(args.no_build)
    status = 0
    for users in sizes:
        report = bench_size(users, args)
        report["callgrind_max"] = args.callgrind_max_users
        report["no_callgrind"] = args.no_callgrind
        with open(os.path.join(report["directory"], "results.json"), "w") as f:
            json.dump(report, f, indent=1, default=str)
        text = section(report, command)
        print(text, flush=True)
        if report["failures"]:
            status = status or 3
            log("FAILED measurements: " + ", ".join(report["failures"]))
        if report["mismatches"]:
            status = 2
            log("\n" + "!" * 80 + "\nMISMATCH between dirq and a peer or truth.json:")
            for m in report["mismatches"]:
                log("  " + m)
            log("!" * 80)
        if not args.no_readme:
            write_readme(users, text)
    sys.exit(status)


if __name__ == "__main__":
    main()
