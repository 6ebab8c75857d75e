"""Benchmark row (d): the default p-sweep (p = 0, 0.1, ..., 0.9, one seed, on the
playground's default config: 200 epochs each) timed as wall-clock seconds of the whole
sweep: the native CLI with 1 and 2 threads, the WASM CLI under Node, and real PyTorch
(one thread) running the script `export-torch --sweep` writes. Medians of REPEAT runs.
The default config is the one `playground-cli params` lists (Config's member
initializers), with the input and output widths of its dataset and loss.
usage: python3 bench/sweep_bench.py NATIVE_CLI WASM_CLI_JS OUT_DIR [REPEAT]"""
import json
import os
import statistics
import subprocess
import sys
import time

P_LIST = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9"
NODE = ["node", "--no-experimental-fetch", "--stack-size=8000"]
PY = "/usr/bin/python3"


def default_config(cli):
    """Every field's default from the CLI's parameter table."""
    c = {}
    for line in subprocess.run([cli, "params"], capture_output=True, text=True, check=True).stdout.splitlines()[2:]:
        cells = [x.strip() for x in line.strip().strip("|").split("|")]
        key, text = cells[1].strip("`"), cells[2].strip("`")
        if key == "sizes":
            value = [int(v) for v in text.split(",")]
        elif cells[3].startswith("`0`, `1`"):
            value = text == "1"
        elif "," in text and key.endswith("betas"):
            value = [float(v) for v in text.split(",")]
        else:
            try:
                value = int(text)
            except ValueError:
                try:
                    value = float(text)
                except ValueError:
                    value = text
        if key.startswith("optimizer."):
            c.setdefault("optimizer", {})["name" if key == "optimizer.name" else key.split(".", 1)[1]] = value
        else:
            c[key] = value
    # The hidden widths are listed; the input and output widths are the dataset's and the loss's.
    inputs = 1 if c["data"] == "sine" else 2
    outputs = {"spiral": 3}.get(c["data"], 2) if c["loss"] == "cross_entropy" else 1
    c["sizes"] = [inputs] + c["sizes"] + [outputs]
    return c


def timed(cmd, repeat, out_path=None):
    """Median wall-clock seconds of cmd (after one warm-up run), and its last stdout."""
    secs, out = [], b""
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd[:3])}... exited {r.returncode}: {r.stderr.decode()[-300:]}")
        if i:
            secs.append(dt)
        out = r.stdout
    return statistics.median(secs), out


def main():
    native, wasm, out = sys.argv[1], sys.argv[2], sys.argv[3]
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.makedirs(out, exist_ok=True)
    cfg = os.path.join(out, "default_sweep.json")
    with open(cfg, "w") as f:
        json.dump(default_config(native), f)
    subprocess.run([native, "validate", "--config", cfg], capture_output=True, check=True)
    script = os.path.join(out, "default_sweep.py")
    subprocess.run([native, "export-torch", "--config", cfg, "--sweep", P_LIST, "--out", script], check=True)
    sweep = ["sweep", "--config", cfg, "--p", P_LIST, "--json"]
    rows = []
    n1, j1 = timed([native] + sweep + ["--threads", "1"], repeat)
    n2, j2 = timed([native] + sweep + ["--threads", "2"], repeat)
    wa, jw = timed(NODE + [wasm] + sweep, repeat)
    to, jt = timed([PY, script], repeat)
    if not (j1 == j2 == jw):
        raise SystemExit("the sweep's output differs between 1 and 2 threads or native and WASM")
    runs, truns = json.loads(j1)["runs"], json.loads(jt)["runs"]
    # Float rounding differences grow over a long run: the first epoch where some run's val
    # loss is more than 1e-4 relative away from PyTorch's (None: none in 200 epochs).
    off = [next((ea["epoch"] for ea, eb in zip(a["epochs"], b["epochs"])
                 if not abs(ea["val_loss"] - eb["val_loss"]) <= 1e-4 * abs(eb["val_loss"])), None)
           for a, b in zip(runs, truns)]
    first_off = min((e for e in off if e is not None), default=None)
    epochs = sum(len(r["epochs"]) for r in runs)
    import torch  # noqa: E402  (only for its version)
    for label, s in (("native, 1 thread", n1), ("native, 2 threads", n2), ("WASM in Node (1 thread)", wa),
                     (f"PyTorch {torch.__version__}, 1 thread", to)):
        rows.append(f"| {label} | {s:.2f} | {epochs / s:,.0f} | {to / s:.1f}x |")
    print(f"| (d) default sweep: {len(runs)} p x {epochs // len(runs)} epochs | seconds | epochs/s | vs PyTorch |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))
    print(f"(medians of {repeat} runs after a warm-up; the outputs of both thread counts and of WASM are the "
          f"same bytes; PyTorch's val losses within 1e-4 relative of the CLI's up to epoch "
          f"{(first_off - 1) if first_off else epochs // len(runs)} of every run)")


if __name__ == "__main__":
    main()
