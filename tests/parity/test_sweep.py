"""The p-sweep (`playground-cli sweep`, `export-torch --sweep`):
  - `sweep --json` prints the same bytes with 1 and 2 threads (and so does the table);
  - each run is, number for number, `train`'s trace epochs for its p and seed, and its
    best epoch, best and final val loss are those of its epochs;
  - the exported sweep script, run by real PyTorch, prints the same runs, per epoch
    within the tolerances of the parity promise (traces.py);
  - runs of one seed share the initial weights and the first epoch's batch order.
usage: python3 tests/parity/test_sweep.py --cli build/native/playground-cli"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from traces import Mismatch, compare_epochs  # noqa: E402

PY = "/usr/bin/python3"  # Debian's python3-torch lives here

# (config, p list, seeds): a classification and an mse config, p = 0 and p = 1 in each.
CASES = [
    (dict(name="moons_bce_sgdm", data="moons", noise=0.25, data_seed=1, n_train=48, n_val=60, sizes=[2, 16, 16, 1],
          activation="relu", dropout=0.3, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.1, momentum=0.9),
          batch=16, epochs=6, seed=7), [0, 0.25, 0.5, 1], 2),
    (dict(name="sine_mse_adam", data="sine", noise=0.2, data_seed=2, n_train=24, n_val=50, sizes=[1, 24, 24, 1],
          activation="tanh", dropout=0.5, loss="mse", optimizer=dict(name="adam", lr=0.01), batch=8, epochs=8,
          seed=42), [1, 0, 0.6], 1),
    (dict(name="spiral_ce_adamw", data="spiral", noise=0.1, data_seed=1, n_train=60, n_val=90, sizes=[2, 20, 3],
          activation="relu", dropout=0.2, loss="cross_entropy", optimizer=dict(name="adamw", lr=0.02), batch=12,
          epochs=5, seed=3), [0, 0.1, 1], 1),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise Mismatch(f"{' '.join(cmd[:3])}... exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return r.stdout


def best_of(epochs):
    """The first epoch with the lowest finite val loss (computed here, not by the CLI)."""
    best = None
    for e in epochs:
        v = e["val_loss"]
        if v is not None and math.isfinite(v) and (best is None or v < best["val_loss"]):
            best = e
    return best


def check_case(cli, c, ps, seeds, tmp):
    name = c["name"]
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(c, f)
    p_arg = ",".join(str(p) for p in ps)
    base = [cli, "sweep", "--config", path, "--p", p_arg, "--seeds", str(seeds)]
    one = run(base + ["--json", "--threads", "1"])
    two = run(base + ["--json", "--threads", "2"])
    if one != two:
        raise Mismatch(f"{name}: sweep --json differs between 1 and 2 threads")
    if run(base + ["--threads", "1"]) != run(base + ["--threads", "2"]):
        raise Mismatch(f"{name}: the sweep table differs between 1 and 2 threads")
    ours = json.loads(one)
    if list(ours) != ["runs"]:
        raise Mismatch(f"{name}: sweep --json keys {list(ours)}")
    runs = ours["runs"]
    want_points = [(float(p), c["seed"] + k) for p in ps for k in range(seeds)]
    if [(r["dropout"], r["seed"]) for r in runs] != want_points:
        raise Mismatch(f"{name}: runs {[(r['dropout'], r['seed']) for r in runs]}, want {want_points}")
    cls = c["loss"] != "mse"
    keys = ["epoch", "train_loss", "train_loss_eval", "val_loss"] + (["train_acc", "val_acc"] if cls else [])
    firsts = {}
    for r in runs:
        label = f"{name} p={r['dropout']} seed={r['seed']}"
        if list(r) != ["dropout", "seed", "epochs", "best_epoch", "best_val_loss", "final_val_loss"]:
            raise Mismatch(f"{label}: keys {list(r)}")
        if len(r["epochs"]) != c["epochs"] or any(list(e) != keys for e in r["epochs"]):
            raise Mismatch(f"{label}: epoch records {r['epochs'][:1]}")
        # The same run by `train`: its trace's epochs, bit for bit.
        cp = dict(c, dropout=r["dropout"], seed=r["seed"])
        cpath = os.path.join(tmp, f"{name}.point.json")
        with open(cpath, "w") as f:
            json.dump(cp, f)
        tpath = cpath + ".trace"
        run([cli, "train", "--config", cpath, "--trace", tpath, "--quiet"])
        with open(tpath) as f:
            trace = json.load(f)
        if trace["epochs"] != r["epochs"]:
            raise Mismatch(f"{label}: epochs differ from train's trace")
        b = best_of(r["epochs"])
        if (r["best_epoch"], r["best_val_loss"], r["final_val_loss"]) != (b["epoch"], b["val_loss"], r["epochs"][-1]["val_loss"]):
            raise Mismatch(f"{label}: best {r['best_epoch']} {r['best_val_loss']} final {r['final_val_loss']}, "
                           f"want {b['epoch']} {b['val_loss']} {r['epochs'][-1]['val_loss']}")
        # Runs of one seed: the same init and first batch order whatever p.
        f0 = (trace["init_params"], trace["first_perm"])
        if firsts.setdefault(r["seed"], f0) != f0:
            raise Mismatch(f"{label}: init or first permutation differs from p={ps[0]}'s")
    # Real PyTorch running the exported sweep script.
    spath = os.path.join(tmp, name + ".sweep.py")
    run([cli, "export-torch", "--config", path, "--sweep", p_arg, "--seeds", str(seeds), "--out", spath])
    script = open(spath).read()
    if "nn.Dropout(config.dropout)" not in script or "torch.manual_seed(config.seed)" not in script:
        raise Mismatch(f"{name}: the script does not build its model from config.dropout and config.seed")
    theirs = json.loads(run([PY, spath]))
    if list(theirs) != ["runs"] or len(theirs["runs"]) != len(runs):
        raise Mismatch(f"{name}: the script printed {len(theirs.get('runs', []))} runs, want {len(runs)}")
    worst = 0.0
    for a, t in zip(runs, theirs["runs"]):
        label = f"{name} p={a['dropout']} seed={a['seed']} vs PyTorch"
        if (t["dropout"], t["seed"]) != (a["dropout"], a["seed"]) or list(t) != list(a):
            raise Mismatch(f"{label}: point or keys {list(t)}")
        if any(list(e) != keys for e in t["epochs"]):
            raise Mismatch(f"{label}: epoch keys {list(t['epochs'][0])}")
        n_val = c["n_val"]
        worst = max(worst, compare_epochs(a["epochs"], t["epochs"], c["n_train"], n_val, label))
        for key in ("best_val_loss", "final_val_loss"):
            if not abs(a[key] - t[key]) <= 1e-4 * abs(t[key]):
                raise Mismatch(f"{label}: {key} {a[key]} vs {t[key]}")
        if a["best_epoch"] != t["best_epoch"]:
            # Only where two epochs' val losses tie within the tolerance.
            va = a["epochs"][t["best_epoch"] - 1]["val_loss"]
            if not abs(va - a["best_val_loss"]) <= 1e-4 * abs(a["best_val_loss"]):
                raise Mismatch(f"{label}: best epoch {a['best_epoch']} vs {t['best_epoch']}")
    return f"{len(runs)} runs, max epoch rel err vs PyTorch {worst:.1e}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for c, ps, seeds in CASES:
            try:
                detail = check_case(a.cli, c, ps, seeds, tmp)
                passed += 1
                print(f"ok    {c['name']}: {detail}")
            except (Mismatch, KeyError, ValueError, TypeError, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL  {c['name']}: {type(e).__name__}: {e}")
    print(f"sweep: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
