#!/usr/bin/env python3
"""Run the DuckDB side of the benchmark in one fresh process.

    duckdb_run.py --var name=value ... FILE.sql ...                 (cold: run the files in order)
    duckdb_run.py --var name=value ... --warm K LOAD.sql ... -- Q.sql ...

Each file's `{name}` placeholders are replaced by the --var values; `{out}` becomes
`<--out-prefix><file stem>` so every query writes its own result file. With --warm, the files
before `--` are run once (the load), then each query file K times, each run timed in-process
with perf_counter; the timings are printed as one JSON object {stem: [seconds, ...]}.
"""
import json
import os
import sys
import time

import duckdb


def parse(argv):
    variables, warm, out_prefix, files, queries = {}, None, "", [], []
    target = files
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--var":
            name, _, value = argv[i + 1].partition("=")
            variables[name] = value
            i += 2
        elif a == "--warm":
            warm = int(argv[i + 1])
            i += 2
        elif a == "--out-prefix":
            out_prefix = argv[i + 1]
            i += 2
        elif a == "--":
            target = queries
            i += 1
        else:
            target.append(a)
            i += 1
    return variables, warm, out_prefix, files, queries


def sql_of(path, variables, out_prefix):
    text = open(path, encoding="utf-8").read()
    stem = os.path.splitext(os.path.basename(path))[0]
    for name, value in {**variables, "out": out_prefix + stem}.items():
        text = text.replace("{" + name + "}", value)
    return text


def main():
    variables, warm, out_prefix, files, queries = parse(sys.argv[1:])
    con = duckdb.connect()
    for f in files:
        con.execute(sql_of(f, variables, out_prefix))
    if warm is None:
        return
    timings = {}
    for q in queries:
        sql = sql_of(q, variables, out_prefix)
        runs = []
        for _ in range(warm):
            start = time.perf_counter()
            con.execute(sql)
            runs.append(time.perf_counter() - start)
        timings[os.path.splitext(os.path.basename(q))[0]] = runs
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
