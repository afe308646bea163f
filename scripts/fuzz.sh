#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs them one after another.
#
#   scripts/fuzz.sh [--smoke] [TARGET|all] [SECONDS]
#
# TARGET is parser, ldif, csv, json, xml or query (default: all); SECONDS per target (default 60;
# --smoke: 10). Seeds come from Fuzz/corpus/<target> and the matching files of Examples/; what
# the fuzzer learns is kept in Fuzz/.build/corpus/<target> for the next run. A crash, a hang
# (an input running longer than 5 s) or running out of memory (2 GiB) stops that target; the
# input is kept in Fuzz/crashes/<target>/. Prints per target: executions, coverage (cov/ft of
# the final stats) and crashes. Exits 1 if any target found one.
#
# The parser target also checks the printer's round trip; mismatches are reported (not fatal)
# unless FUZZ_STRICT_ROUNDTRIP=1.
#
# Environment: FUZZ_CONFIG=release|debug (default release), FUZZ_MAX_LEN (default 4096 for the
# language targets, 16384 for the loaders), FUZZ_ARGS (more libFuzzer flags).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# Swift's own crash backtracer is slow and trips over ASan; libFuzzer reports crashes itself.
export SWIFT_BACKTRACE=enable=no
# Shorter allocation stacks: ASan records one per allocation, and Swift allocates a lot (about
# 20% faster). Set ASAN_OPTIONS to get full stacks when reproducing a heap error.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"

all=(parser ldif csv json xml query)
seconds=60
targets=()
for arg in "$@"; do
  case "$arg" in
    --smoke) seconds=10 ;;
    all) targets=("${all[@]}") ;;
    parser|ldif|csv|json|xml|query) targets+=("$arg") ;;
    ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [--smoke] [parser|ldif|csv|json|xml|query|all] [SECONDS]" >&2; exit 2 ;;
    *) seconds="$arg" ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

config="${FUZZ_CONFIG:-release}"
# -sanitize=fuzzer,address instruments every module (the Dirq library too) for coverage and
# memory errors and links libFuzzer; -enable-testing lets the targets call the internal readers.
build=(swift build --package-path Fuzz -c "$config" -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)
echo "fuzz: ${build[*]}" >&2
mkdir -p Fuzz/.build
# SwiftPM keeps the plan of the dirq package (a path dependency) in this file and does not see a
# source file added to it since ("cannot find 'X' in scope"); rebuilt from scratch it costs a second.
rm -f "Fuzz/.build/$config.yaml"
build_start=$SECONDS
if ! "${build[@]}" > Fuzz/.build/build.log 2>&1; then
  grep -E "error:" Fuzz/.build/build.log | head -n 20 >&2
  echo "fuzz: build failed after $((SECONDS - build_start)) s (log: Fuzz/.build/build.log)"
  exit 2
fi
built="fuzz: built in $((SECONDS - build_start)) s"
echo "$built" >&2
bin="$(swift build --package-path Fuzz -c "$config" --show-bin-path)"

# Seeds of a target: its own small corpus and the matching example files.
seeds() {
  case "$1" in
    parser) ls Examples/*.dirq ;;
    ldif) ls Examples/contoso/*.ldif ;;
    csv) ls Examples/contoso/*.csv ;;
    json) ls Examples/contoso/*.json ;;
    xml) ls Examples/contoso/*.xml ;;
    query) ;;  # the examples load files, which the query target skips
  esac 2>/dev/null
}

dict() {
  case "$1" in parser|query) echo Fuzz/dict/dirq.dict ;; *) echo "Fuzz/dict/$1.dict" ;; esac
}

failed=0
summary=()
for t in "${targets[@]}"; do
  work="Fuzz/.build/corpus/$t"
  crashes="Fuzz/crashes/$t"
  mkdir -p "$work" "$crashes"
  # Example files go in as seeds through a scratch folder (libFuzzer reads folders, not files).
  ex="Fuzz/.build/examples/$t"
  rm -rf "$ex"; mkdir -p "$ex"
  for f in $(seeds "$t"); do cp "$f" "$ex/"; done
  case "$t" in ldif|csv|json|xml) max_len="${FUZZ_MAX_LEN:-16384}" ;; *) max_len="${FUZZ_MAX_LEN:-4096}" ;; esac
  before=$(ls "$crashes" | wc -l)
  log="Fuzz/.build/fuzz-$t.log"
  # The xml target: Foundation's XMLParser keeps a few small allocations from one parse to the
  # next (no growth over thousands of loads, measured), so libFuzzer's per-input leak check ran
  # LeakSanitizer after every input: 10 times slower, until libFuzzer gives up on it after 1000
  # inputs.
  extra=()
  [ "$t" = xml ] && extra=(-detect_leaks=0)
  echo "fuzz: $t for ${seconds}s" >&2
  # shellcheck disable=SC2086
  "$bin/$t" "$work" "Fuzz/corpus/$t" "$ex" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="$max_len" \
    -dict="$(dict "$t")" -artifact_prefix="$crashes/" -print_final_stats=1 "${extra[@]}" ${FUZZ_ARGS:-} \
    > "$log" 2>&1
  status=$?
  after=$(ls "$crashes" | wc -l)
  execs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$log" | grep -oE "[0-9]+$" | tail -n 1)
  stats=$(grep -E "^#[0-9]+" "$log" | tail -n 1)
  cov=$(echo "$stats" | grep -oE "cov: [0-9]+" | grep -oE "[0-9]+")
  ft=$(echo "$stats" | grep -oE "ft: [0-9]+" | grep -oE "[0-9]+")
  new=$((after - before))
  line="$t: executions ${execs:-?}, cov ${cov:-?}, ft ${ft:-?}, crashes $new"
  rt=$(grep -c "^round-trip:" "$log")
  [ "$rt" -eq 0 ] || line="$line, printer round-trip mismatches reported $rt (see $log)"
  if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
    failed=1
    line="$line (exit $status; log $log)"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error:|artifact_prefix|Test unit written)" "$log" | head -n 8 >&2
  fi
  echo "$line"
  summary+=("$line")
done

echo "---"
echo "$built"
printf '%s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then echo "fuzz: FAILED (inputs in Fuzz/crashes/)"; exit 1; fi
echo "fuzz: no crashes"
