#!/usr/bin/env bash
# Benchmarks (not tests): epochs per second of whole runs for the native CLI, the
# WASM CLI under Node and real PyTorch (Debian's, one thread) on the same
# configurations and data, in one run; medians of several runs; ratios printed.
# Then the page's figures in Chromium (tests/browser/page_bench.mjs): time to the first
# frame, the site's sizes, frame times, idle frames, in-page steps per second against
# the native CLI's.
# usage: scripts/bench.sh [REPEAT]     (results also written to build/bench/results.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
REPEAT=${1:-7}
./scripts/setup.sh >/dev/null
cmake --preset native >/dev/null && cmake --build --preset native --target playground-cli >/dev/null
cmake --preset web >/dev/null && cmake --build --preset web --target playground-cli playground >/dev/null
out=build/bench
mkdir -p "$out"
names=$(/usr/bin/python3 bench/configs.py "$out")
NATIVE=build/native/playground-cli
WASM="node --no-experimental-fetch --stack-size=8000 build/web/playground-cli.js"
rate() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["epochs_per_sec_median"])'; }
{
  echo "| workload | native (epochs/s) | WASM in Node (epochs/s) | PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread (epochs/s) | native / PyTorch | native / WASM |"
  echo "|---|---:|---:|---:|---:|---:|"
  for n in $names; do
    cfg=$out/$n.json
    $NATIVE train --config "$cfg" --trace "$out/$n.trace.json" --quiet
    # Enough repetitions of a short run to time it well: scale epochs for the fast engines.
    nat=$($NATIVE bench --config "$cfg" --repeat "$REPEAT" | rate)
    was=$($WASM bench --config "$cfg" --repeat "$REPEAT" | rate)
    tor=$(/usr/bin/python3 bench/torch_bench.py "$cfg" "$out/$n.trace.json" "$REPEAT" | rate)
    /usr/bin/python3 -c "
n, a, b, c = '$n', $nat, $was, $tor
print(f'| {n} | {a:,.0f} | {b:,.0f} | {c:,.1f} | {a / c:.1f}x | {a / b:.2f}x |')"
  done
} | tee "$out/results.md"
echo "(medians of $REPEAT runs each; $(nproc) cores; $(date -u +%Y-%m-%d))"
{ echo; /usr/bin/python3 bench/sweep_bench.py "$NATIVE" build/web/playground-cli.js "$out" "$REPEAT"; } | tee -a "$out/results.md"
# The page benchmark, in the same session: the built site in Chromium, and the native CLI
# on the same config with its twin.
echo
node tests/browser/page_bench.mjs --site build/web/site --cli "$NATIVE" --repeat "$REPEAT" \
  --table "$out/page.md" >"$out/page.log" || { cat "$out/page.log"; exit 1; }
{ echo; cat "$out/page.md"; } | tee -a "$out/results.md"
