#!/usr/bin/env bash
# Desktop smoke test: the native playground renders 120 frames under Xvfb (software
# OpenGL), writes a screenshot, exits 0, and the image is not blank. Prints the
# frame-time report; then the idle rule (no frames while paused and idle). Usage: tests/desktop/smoke.sh [path/to/playground] [out.png]
set -euo pipefail
cd "$(dirname "$0")/../.."
app="${1:-build/native/playground}"
out="${2:-build/artifacts/desktop.png}"
mkdir -p "$(dirname "$out")"
rm -f "$out"
[ -x "$app" ] || { echo "FAIL: $app not built (cmake --preset native && cmake --build build/native)"; exit 1; }

pass=0; fail=0
check() { if [ "$1" = 0 ]; then pass=$((pass+1)); echo "PASS $2"; else fail=$((fail+1)); echo "FAIL $2"; fi; }

set +e
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 120 --screenshot "$out"
rc=$?
set -e
check $rc "playground --frames 120 --screenshot exits 0 (got $rc)"
[ -s "$out" ]; check $? "screenshot written: $out"
if [ -s "$out" ]; then
  # Not blank: many distinct colours and a real spread of brightness.
  colors=$(identify -format '%k' "$out")
  spread=$(convert "$out" -colorspace Gray -format '%[fx:round(255*(maxima-minima))]' info:)
  size=$(identify -format '%wx%h' "$out")
  [ "$size" = "1280x800" ]; check $? "screenshot is 1280x800 (got $size)"
  [ "$colors" -gt 200 ] && [ "$spread" -gt 100 ]; check $? "screenshot is not blank ($colors colours, grey spread $spread)"
fi

# Idle: paused, with no input, the app stops drawing within a second of starting (it
# sleeps in glfwWaitEventsTimeout); playing, it draws every frame.
idle=$(xvfb-run -a -s "-screen 0 1280x800x24" "$app" --paused --seconds 5 2>/dev/null | sed -n 's/^frames drawn per second: //p')
later=$(echo "$idle" | awk '{s = 0; for (i = 3; i <= NF; i++) s += $i; print s}')
[ -n "$idle" ] && [ "$later" -le 3 ]; check $? "paused and idle: frames drawn per second $idle (seconds 3-5: $later in all, at most 1 a second)"
busy=$(xvfb-run -a -s "-screen 0 1280x800x24" "$app" --no-vsync --seconds 3 2>/dev/null | sed -n 's/^frames drawn per second: //p')
least=$(echo "$busy" | awk '{m = 1e9; for (i = 1; i <= NF; i++) if ($i < m) m = $i; print m}')
[ -n "$busy" ] && [ "$least" -ge 5 ]; check $? "training: it keeps drawing (frames per second $busy)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
