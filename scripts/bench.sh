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
# The core's no-FMA float32 peak: GHz (cpuinfo's MHz of the first core, assumed steady) x
# floats per SIMD register (8 with AVX2, else 4) x 2 pipes x 2 (a multiply and an add
# each cycle per pipe, no FMA: the engine is built without contraction). WebAssembly's
# SIMD128 has half the width, so its own peak is half of this.
read -r PEAK PEAK_NOTE < <(/usr/bin/python3 -c '
info = open("/proc/cpuinfo").read()
mhz = float(next(l.split(":")[1] for l in info.splitlines() if l.startswith("cpu MHz")))
flags = next(l.split(":")[1].split() for l in info.splitlines() if l.startswith("flags"))
w = 8 if "avx2" in flags else 4
print(f"{mhz / 1000 * w * 2 * 2:.1f}", f"{mhz / 1000:.2f}_GHz_x_{w * 4}_FLOP/cycle")')
{
  echo "| workload | native (epochs/s) | WASM in Node (epochs/s) | PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread (epochs/s) | native / PyTorch | native / WASM | MFLOP per epoch | GFLOP/s native, WASM, PyTorch | % of peak native, WASM, PyTorch |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for entry in $names; do
    n=${entry%+twin}
    twin=""; [ "$n" != "$entry" ] && twin="--baseline"
    cfg=$out/$n.json
    $NATIVE train --config "$cfg" --trace "$out/$n.trace.json" --quiet
    # Enough repetitions of a short run to time it well: scale epochs for the fast engines.
    nat=$($NATIVE bench --config "$cfg" --repeat "$REPEAT" $twin | rate)
    was=$($WASM bench --config "$cfg" --repeat "$REPEAT" $twin | rate)
    tor=$(/usr/bin/python3 bench/torch_bench.py "$cfg" "$out/$n.trace.json" "$REPEAT" $twin | rate)
    flops=$(/usr/bin/python3 bench/configs.py --flops "$cfg" ${twin:+--twin})
    /usr/bin/python3 -c "
n, a, b, c, f, peak = '$n' + (' (+ p = 0 twin)' if '$twin' else ''), $nat, $was, $tor, $flops, $PEAK
g = [r * f / 1e9 for r in (a, b, c)]
print(f'| {n} | {a:,.0f} | {b:,.0f} | {c:,.1f} | {a / c:.1f}x | {a / b:.2f}x | {f / 1e6:.2f} | '
      + ', '.join(f'{x:.1f}' for x in g) + ' | ' + ', '.join(f'{100 * x / peak:.0f}%' for x in g) + ' |')"
  done
} | tee "$out/results.md"
echo "(peak $PEAK GFLOP/s = ${PEAK_NOTE//_/ }; FLOPs per epoch: bench/configs.py flops_per_epoch)" | tee -a "$out/results.md"
echo "(medians of $REPEAT runs each; $(nproc) cores; $(date -u +%Y-%m-%d))"
{ echo; /usr/bin/python3 bench/sweep_bench.py "$NATIVE" build/web/playground-cli.js "$out" "$REPEAT"; } | tee -a "$out/results.md"
# (e) MC dropout: the default config trained, then T = 50 passes with dropout on over the
# validation set and over the data view's 40 x 40 grid, with their summaries.
{
  echo
  cfg=$out/playground_default.json
  mc_rate() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["mc_runs_per_sec_median"])'; }
  nat=$($NATIVE bench --config "$cfg" --mc 50 --repeat "$REPEAT" | mc_rate)
  was=$($WASM bench --config "$cfg" --mc 50 --repeat "$REPEAT" | mc_rate)
  tor=$(/usr/bin/python3 bench/torch_mc_bench.py "$cfg" "$out/playground_default.trace.json" 50 "$REPEAT" | mc_rate)
  /usr/bin/python3 -c "
n, w, t = $nat, $was, $tor
print('| (e) MC dropout: T = 50 over 400 val rows + a 40 x 40 grid | MC runs/s | ms per run | vs PyTorch |')
print('|---|---:|---:|---:|')
for name, r in (('native', n), ('WASM in Node', w), ('PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), 1 thread', t)):
    print(f'| {name} | {r:.2f} | {1000 / r:.1f} | {r / t:.1f}x |')
print('(medians of $REPEAT samples after a warm-up; the config trained once first, not timed)')"
} | tee -a "$out/results.md"
# The page benchmark, in the same session: the built site in Chromium, and the native CLI
# on the same config with its twin.
echo
node tests/browser/page_bench.mjs --site build/web/site --cli "$NATIVE" --repeat "$REPEAT" \
  --table "$out/page.md" >"$out/page.log" || { cat "$out/page.log"; exit 1; }
{ echo; cat "$out/page.md"; } | tee -a "$out/results.md"
