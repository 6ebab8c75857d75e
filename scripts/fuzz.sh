#!/usr/bin/env bash
# Fuzzes the parsers for longer than the test command does (README "Hardening: sanitizers
# and fuzzing"): builds the preset fuzz (clang 14, libFuzzer, ASan + UBSan), then runs each
# target for SECONDS (default 60) on one core, from its seed corpus (tests/fuzz/corpus/),
# the inputs kept in tests/fuzz/regressions/ and what earlier runs found. New corpus
# entries go to build/fuzz-corpus/<target>/, crashing inputs to build/fuzz-findings/<target>/;
# nothing in the repository is written.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   targets: config_json config_apply url_query
#                                           cli_args import_config (default: all)
#   scripts/fuzz.sh --reseed                rebuilds the seed corpora from the other tests'
#                                           inputs (tests/fuzz/make_seeds.py, -set_cover_merge)
# Exit status: 0 when no target found anything.
set -uo pipefail
cd "$(dirname "$0")/.."

reseed=0
if [ "${1:-}" = "--reseed" ]; then
  reseed=1
  shift
fi
seconds=${1:-60}
shift || true
case "$seconds" in
  '' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...] | --reseed" >&2
    exit 2
    ;;
esac
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(config_json config_apply url_query cli_args import_config)

cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j 2 || {
  echo "fuzz build failed"
  exit 1
}
bin=build/fuzz/tests/fuzz

if [ $reseed -eq 1 ]; then
  rm -rf build/fuzz-seeds
  python3 tests/fuzz/make_seeds.py build/fuzz-seeds || exit 1
  for t in "${targets[@]}"; do
    rm -rf "tests/fuzz/corpus/$t" && mkdir -p "tests/fuzz/corpus/$t"
    "$bin/fuzz_$t" -set_cover_merge=1 "tests/fuzz/corpus/$t" "build/fuzz-seeds/$t" 2>&1 |
      grep -E 'MERGE-OUTER: [0-9]+ new files'
  done
  exit 0
fi

findings=0
for t in "${targets[@]}"; do
  [ -x "$bin/fuzz_$t" ] || {
    echo "$t: no such fuzz target"
    findings=$((findings + 1))
    continue
  }
  corpus=build/fuzz-corpus/$t found=build/fuzz-findings/$t log=build/fuzz-findings/$t.log
  mkdir -p "$corpus" "$found"
  dirs=("$corpus" "tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  count_findings() { ls "$found" | grep -cE '^(crash|leak|timeout|oom)-'; }
  dict=()
  case $t in
    config_json | config_apply | import_config) dict=(-dict=tests/fuzz/config.dict) ;;
    url_query) dict=(-dict=tests/fuzz/url.dict) ;;
  esac
  before=$(ls "$corpus" | wc -l) found_before=$(count_findings)
  start=$(date +%s)
  "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=30 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$found/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(($(count_findings) - found_before))
  echo "$t: ${execs:-?} execs in $(($(date +%s) - start)) s," \
    "$(($(ls "$corpus" | wc -l) - before)) new corpus entries, $crashes new finding(s)" \
    "in $found/$([ "$rc" -ne 0 ] && echo " (exit $rc, log $log)")"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    findings=$((findings + 1))
    grep -E 'property failed|ERROR: |SUMMARY: |^  ' "$log" | head -5
  fi
done
echo "fuzz: ${#targets[@]} target(s), $findings with findings"
[ "$findings" -eq 0 ]
