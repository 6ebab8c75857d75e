#!/usr/bin/env bash
# Desktop exports: the Export buttons of the native playground, clicked under Xvfb where
# the app reports them (--click WIDGET_ID), write their files to the current directory.
# Usage: tests/desktop/exports.sh [path/to/playground]
set -uo pipefail
app="$(realpath "${1:-build/native/playground}")"
[ -x "$app" ] || { echo "FAIL: $app not built"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

pass=0; fail=0
check() { if [ "$1" = 0 ]; then pass=$((pass+1)); echo "PASS $2"; else fail=$((fail+1)); echo "FAIL $2"; fi; }
click() {
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 40 --train-epochs 5 --paused --click "$1" >/dev/null 2>&1
}

click export.csv
f=dropout-playground-curves.csv
head -1 "$f" 2>/dev/null | grep -q '^epoch,dropout,train_loss,train_loss_eval,val_loss,train_acc,val_acc,baseline_'
check $? "Curves CSV writes $f with its header"
[ "$(wc -l <"$f" 2>/dev/null)" = 6 ]; check $? "$f has one row per trained epoch (5)"

click export.png
f=dropout-playground.png
[ "$(identify -format '%m %wx%h' "$f" 2>/dev/null)" = "PNG 1280x800" ]; check $? "View PNG writes $f, 1280x800"
size=$(stat -c %s "$f" 2>/dev/null || echo 0)
[ "$size" -gt 10000 ] && [ "$size" -lt 1000000 ]; check $? "$f is deflate-compressed: $size bytes (raw RGBA is 4096000)"

click export.config
f=dropout-playground-config.json
grep -q '"data": "spiral"' "$f" 2>/dev/null && grep -q '"seed": 1' "$f"; check $? "Config JSON writes $f"

click export.script
f=dropout_playground_run.py
head -1 "$f" 2>/dev/null | grep -q python3 && grep -q 'torch.manual_seed(1)' "$f"; check $? "PyTorch script writes $f"

# The notebook: five recorded epochs of the run and its twin; executed by Jupyter, its
# closing check matches them.
click export.notebook
f=dropout_playground_run.ipynb
python3 -c 'import json, sys; nb = json.load(open(sys.argv[1])); src = "".join("".join(c["source"]) for c in nb["cells"])
assert nb["nbformat"] == 4 and "nn.Dropout(config.dropout)" in src and "\"twin\"" in src' "$f" 2>/dev/null
check $? "Jupyter notebook writes $f (nbformat 4, the run and its twin)"
/usr/bin/python3 -m nbconvert --to notebook --execute --output executed.ipynb "$f" >/dev/null 2>&1
/usr/bin/python3 -c 'import json; nb = json.load(open("executed.ipynb")); c = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
t = "".join("".join(o.get("text", [])) for o in c["outputs"]); print(t.strip()); assert t.startswith("matches the playground: 30 numbers")' 2>/dev/null
check $? "the desktop's notebook executes and its check matches the 5 epochs of the run and its twin"

# Import reads the config file back: a changed seed, written minified (no "seed": 4321 with a
# space in it); Config JSON, clicked next in the same run, writes the imported config
# as the app writes it (indented), so the grep finds the app's file, not ours.
python3 -c 'import json; c = json.load(open("dropout-playground-config.json")); c["seed"] = 4321
json.dump(c, open("dropout-playground-config.json", "w"), separators=(",", ":"))'
grep -q '"seed": 4321' dropout-playground-config.json; [ $? != 0 ]; check $? "the edited config is minified (the check below cannot pass on it)"
click export.import,export.config
grep -q '"seed": 4321' dropout-playground-config.json; check $? "Import config reads dropout-playground-config.json (seed 4321 back in Config JSON)"

ls ./*.tmp >/dev/null 2>&1; [ $? != 0 ]; check $? "no temporary files left behind"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
