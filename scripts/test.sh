#!/usr/bin/env bash
# The project's test command (README; .ci/run calls exactly this): installs what is
# missing, builds the native and the WebAssembly worlds, runs every test in both,
# and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

./scripts/setup.sh || exit 1
echo "node: $(node --version) ($(command -v node)); npm: $(npm --version)"

step() { echo; echo "==== $*"; }
step "build: native"
cmake --preset native >/dev/null && cmake --build --preset native -j 2 || { echo "native build failed"; exit 1; }
step "build: web (Emscripten)"
cmake --preset web >/dev/null && cmake --build --preset web -j 2 || { echo "web build failed"; exit 1; }

total_pass=0
total_fail=0
run_ctest() {
  local preset=$1 log
  log=$(mktemp)
  step "tests: $preset"
  ctest --preset "$preset" -j 2 2>&1 | tee "$log"
  # "100% tests passed, 0 tests failed out of 12"
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$line" ]; then
    total_fail=$((total_fail + 1))
  else
    local failed all
    failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
    all=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
    total_pass=$((total_pass + all - failed))
    total_fail=$((total_fail + failed))
  fi
  rm -f "$log"
}
run_ctest native
run_ctest web

# Hardening (README "Hardening: sanitizers and fuzzing"): the core, the CLI and their tests
# under ASan + UBSan, then the parsers' fuzz targets. A build that fails counts as a failure.
for preset in asan fuzz; do
  started=$SECONDS
  step "build: $preset"
  if cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" -j 2; then
    run_ctest "$preset"
  else
    echo "$preset build failed"
    total_fail=$((total_fail + 1))
  fi
  echo "($preset: build and tests in $((SECONDS - started)) s)"
done

echo
echo "node used: $(node --version) ($(command -v node))"
echo "all tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
