"""The digits split equals CPython's: for several data seeds the rows of the CLI's trace
(x = pixel / 16, y = label) are scikit-learn's load_digits() rows in the order of
idx = list(range(1797)); random.Random(data_seed).shuffle(idx), computed here by Python
itself. More rows than the 1797 images is a clear error (exit 2, one line).
usage: python3 tests/parity/test_digits_split.py --cli build/native/playground-cli"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

from sklearn.datasets import load_digits

SEEDS = [0, 1, 42, 2**32 + 7, 2**53]  # 2**53: the largest seed a config takes


def config(seed, n_train, n_val):
    return dict(name="digits_split", data="digits", noise=0.0, data_seed=seed, n_train=n_train, n_val=n_val,
                sizes=[64, 2, 10], activation="relu", dropout=0.0, loss="cross_entropy",
                optimizer=dict(name="sgd", lr=0.1), batch=1000, epochs=1, seed=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    d = load_digits()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        path, trace = os.path.join(tmp, "c.json"), os.path.join(tmp, "t.json")
        for seed in SEEDS:
            with open(path, "w") as f:
                json.dump(config(seed, 1000, 797), f)
            subprocess.run([a.cli, "train", "--config", path, "--trace", trace, "--quiet"], check=True)
            with open(trace) as f:
                t = json.load(f)
            idx = list(range(1797))
            random.Random(seed).shuffle(idx)
            want_x = [[float(v) / 16.0 for v in d.data[i]] for i in idx]
            want_y = [int(d.target[i]) for i in idx]
            ok = t["x"] == want_x and t["y"] == want_y
            bad = next((r for r in range(1797) if t["x"][r] != want_x[r] or t["y"][r] != want_y[r]), None)
            print(f"{'ok   ' if ok else 'FAIL '} data_seed {seed}: 1797 rows in CPython's shuffle order"
                  + ("" if ok else f" (first differing row {bad})") + f"; first rows {idx[:5]}")
            passed, failed = passed + ok, failed + (not ok)
        with open(path, "w") as f:
            json.dump(config(1, 1000, 798), f)
        r = subprocess.run([a.cli, "train", "--config", path], capture_output=True, text=True)
        lines = r.stderr.strip().splitlines()
        ok = r.returncode == 2 and len(lines) == 1 and "1797" in lines[0] and "n_train + n_val" in lines[0]
        print(f"{'ok   ' if ok else 'FAIL '} 1798 rows: exit {r.returncode}, {r.stderr.strip()!r}")
        passed, failed = passed + ok, failed + (not ok)
    print(f"digits split: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
