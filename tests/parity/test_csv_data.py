"""Your own data (a CSV file) under real PyTorch: for a 2-class, a 3-class (with a split
column) and a regression file, the CLI's run (train --csv-data) equals the run of its
exported script (export-torch --csv-data) under torch, and the data it trained on are the
file's rows standardized with the training rows' mean and population standard deviation,
as Python computes them here. Five kinds of bad file each exit 2 with one line naming the
line and the problem, and write no trace.
usage: python3 tests/parity/test_csv_data.py --cli build/native/playground-cli"""
import argparse
import json
import math
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from traces import Mismatch, compare  # noqa: E402

PY = "/usr/bin/python3"


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def files():
    r = random.Random(11)
    ring = ["x1,x2,inside"]
    for _ in range(120):
        a, rad = r.random() * 2 * math.pi, r.random() * 2
        ring.append(f"{rad * math.cos(a) * 40 + 100:.4f},{rad * math.sin(a) * 40 - 20:.4f},{int(rad < 1)}")
    three = ["a,b,c,split,species"]
    for i in range(90):
        k = i % 3
        three.append(",".join(f"{r.gauss(k, 1):.4f}" for _ in range(3)) + f",{'val' if i % 4 == 0 else 'train'},{k}")
    reg = ["t,level"]
    for i in range(60):
        t = r.uniform(-2, 2)
        reg.append(f"{t:.4f},{math.sin(2 * t) + r.gauss(0, 0.1):.4f}")
    return {"ring.csv": ring, "three.csv": three, "regression.csv": reg}


NET = dict(name="csv", data="moons", noise=0.1, data_seed=1, n_train=8, n_val=8, sizes=[2, 32, 32, 1],
           activation="relu", dropout=0.3, input_dropout=0.1, loss="bce_with_logits",
           optimizer=dict(name="adam", lr=0.01), batch=16, epochs=25, seed=4)

BAD = [
    ("ragged row", "a,b,y\n1,2,0\n3,4\n5,6,1\n", "line 3: 2 values, but the header has 3 columns"),
    ("not a number", "a,b,y\n1,2,0\n3,four,1\n5,6,1\n", "line 3: column 'b': 'four' is not a number"),
    ("too many rows", "a,y\n" + "".join(f"{i},{i % 2}\n" for i in range(12300)), "line 12290: more than 12288 data rows"),
    ("one class only", "a,b,y\n1,2,1\n3,4,1\n5,6,1\n", "has one class only"),
    ("bad split", "a,split,y\n1,train,0\n2,test,1\n", "line 3: split must be train or val, got 'test'"),
]


def run(cmd, cwd=None):
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        raise Mismatch(f"{' '.join(cmd[:3])}... exited {r.returncode}: {r.stderr.strip()[-400:]}")
    return r.stdout


def check_file(cli, tmp, name, lines):
    path, cfg = os.path.join(tmp, name), os.path.join(tmp, "net.json")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    trace = path + ".trace.json"
    run([cli, "train", "--csv-data", path, "--config", cfg, "--trace", trace, "--quiet"])
    with open(trace) as f:
        ours = json.load(f)
    script = path + ".py"
    run([cli, "export-torch", "--csv-data", path, "--config", cfg, "--out", script])
    stats = compare(ours, json.loads(run([PY, script], cwd=tmp)), name + " vs its exported script")
    # The standardization, by Python.
    header = lines[0].split(",")
    split = header.index("split") if "split" in header else None
    rows = [l.split(",") for l in lines[1:]]
    feats = [i for i in range(len(header) - 1) if i != split]
    if split is None:
        n_val = round(len(rows) * 0.3)
        train, val = rows[:-n_val], rows[-n_val:]
    else:
        train, val = [r for r in rows if r[split] == "train"], [r for r in rows if r[split] == "val"]
    worst = 0.0
    for k in feats:
        col = [float(r[k]) for r in train]
        m, sd = statistics.fmean(col), statistics.pstdev(col)
        want = [f32((float(r[k]) - m) / sd) for r in train + val]
        got = [row[feats.index(k)] for row in ours["x"]]
        worst = max(worst, max(abs(a - b) / max(1e-3, abs(b)) for a, b in zip(got, want)))
    if worst > 1e-6:
        raise Mismatch(f"{name}: standardized x differs from Python's by {worst:.2e} relative")
    loss = ours["config"]["loss"]
    return f"{len(train)} train + {len(val)} val rows, {len(feats)} features, loss {loss}; " \
           f"max epoch loss rel err {stats['max_epoch_rel']:.2e}; x vs Python {worst:.1e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "net.json"), "w") as f:
            json.dump(NET, f)
        for name, lines in files().items():
            try:
                print(f"ok    {name}: {check_file(a.cli, tmp, name, lines)}")
                passed += 1
            except Mismatch as e:
                print(f"FAIL  {name}: {e}")
                failed += 1
        for label, text, words in BAD:
            path = os.path.join(tmp, "bad.csv")
            with open(path, "w") as f:
                f.write(text)
            trace = os.path.join(tmp, "bad.trace.json")
            r = subprocess.run([a.cli, "train", "--csv-data", path, "--trace", trace], capture_output=True, text=True)
            err = r.stderr.strip().splitlines()
            ok = r.returncode == 2 and len(err) == 1 and words in err[0] and not r.stdout and not os.path.exists(trace)
            print(f"{'ok   ' if ok else 'FAIL '} bad file, {label}: exit {r.returncode}, {r.stderr.strip()!r}")
            passed, failed = passed + ok, failed + (not ok)
    print(f"csv data: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
