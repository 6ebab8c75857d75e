"""MC dropout (`playground-cli mc`, `export-torch --mc`):
  - the exported script, run by real PyTorch, prints what `mc --json` prints: the same
    masks, so the MC average's loss for t = 1..T, its mean, its std (regression) or
    entropy and mutual information (classification) agree within 1e-5 relative (with an
    absolute floor of 1e-9 for the values that are 0 in exact arithmetic);
  - T = 1, p = 0 (every pass is the eval-mode network: the loss by t is the eval-mode
    val loss, the std is 0 and the mutual information 0 up to rounding) and p = 1 (every
    pass is the same thinned network);
  - looking does not change training: `mc --mc-every 1 --trace` writes the trace that
    `train --trace` writes, number for number (its config also records T and the seed);
  - bad options are one line and exit code 2.
The runs are short (4-6 epochs): longer Adam runs amplify float rounding between the
two engines' training (see the README's Limits), which this test is not about.
usage: python3 tests/parity/test_mc.py --cli build/native/playground-cli"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from traces import Mismatch  # noqa: E402

PY = "/usr/bin/python3"  # Debian's python3-torch lives here

SINE = dict(name="sine_mse_adam", data="sine", noise=0.1, data_seed=2, n_train=40, n_val=60, sizes=[1, 32, 32, 1],
            activation="relu", dropout=0.3, loss="mse", optimizer=dict(name="adam", lr=0.01), batch=8, epochs=6,
            seed=5)
SPIRAL = dict(name="spiral_ce_adam", data="spiral", noise=0.1, data_seed=1, n_train=90, n_val=120, sizes=[2, 48, 48, 3],
              activation="relu", dropout=0.5, input_dropout=0.2, loss="cross_entropy",
              optimizer=dict(name="adam", lr=0.01), batch=8, epochs=4, seed=1)
MOONS = dict(name="moons_bce_sgdm", data="moons", noise=0.25, data_seed=1, n_train=48, n_val=60, sizes=[2, 16, 16, 1],
             activation="tanh", dropout=[0.2, 0.4], loss="bce_with_logits",
             optimizer=dict(name="sgd", lr=0.1, momentum=0.9), batch=16, epochs=5, seed=7)

# (config, T, mc seed)
CASES = [
    (SINE, 30, 3),
    (dict(SINE, name="sine_p0", dropout=0.0), 5, 1),
    (dict(SINE, name="sine_p1", dropout=1.0), 4, 1),
    (SPIRAL, 50, 11),
    (dict(SPIRAL, name="spiral_T1"), 1, 2),
    (dict(SPIRAL, name="spiral_p0", dropout=0.0, input_dropout=0.0), 6, 0),
    (MOONS, 20, -4),
]


def run(cmd, ok=True):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if ok and r.returncode != 0:
        raise Mismatch(f"{' '.join(cmd[:3])}... exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return r


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-5 * max(abs(a), abs(b)) + 1e-9


def compare(label, ours, theirs):
    """ours and theirs: equal shapes, every number close; returns the worst relative error."""
    if isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            raise Mismatch(f"{label}: length {len(ours) if isinstance(ours, list) else ours} vs {len(theirs)}")
        return max((compare(f"{label}[{i}]", a, b) for i, (a, b) in enumerate(zip(ours, theirs))), default=0.0)
    if not close(ours, theirs):
        raise Mismatch(f"{label}: {ours} vs PyTorch's {theirs}")
    big = max(abs(ours), abs(theirs))
    return abs(ours - theirs) / big if big > 1e-4 else 0.0  # the worst of the relative errors


def flat(v):
    if isinstance(v, list):
        for x in v:
            yield from flat(x)
    else:
        yield v


def check_case(cli, c, T, seed, tmp):
    name = c["name"]
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(c, f)
    ours = json.loads(run([cli, "mc", "--config", path, "--samples", str(T), "--mc-seed", str(seed), "--json"]).stdout)
    cls = c["loss"] != "mse"
    want_keys = ["samples", "mc_seed", "val_loss_by_t"] + (["val_acc_by_t"] if cls else []) + ["mean"] + (
        ["entropy", "mutual_information"] if cls else ["std"])
    if list(ours) != ["eval", "mc"] or list(ours["mc"]) != want_keys:
        raise Mismatch(f"{name}: keys {list(ours)} / {list(ours.get('mc', {}))}, want {want_keys}")
    mc = ours["mc"]
    if (mc["samples"], mc["mc_seed"]) != (T, seed) or len(mc["val_loss_by_t"]) != T:
        raise Mismatch(f"{name}: samples {mc['samples']} seed {mc['mc_seed']}, {len(mc['val_loss_by_t'])} losses")
    if len(mc["mean"]) != c["n_val"]:
        raise Mismatch(f"{name}: {len(mc['mean'])} rows of mean, want {c['n_val']}")
    # The eval-mode numbers are the trace's last epoch.
    tpath = os.path.join(tmp, name + ".trace.json")
    run([cli, "train", "--config", path, "--trace", tpath, "--quiet"])
    trace_text = open(tpath).read()
    last = json.loads(trace_text)["epochs"][-1]
    if ours["eval"]["val_loss"] != last["val_loss"] or (cls and ours["eval"]["val_acc"] != last["val_acc"]):
        raise Mismatch(f"{name}: eval {ours['eval']} vs the trace's last epoch {last}")
    # Looking does not change training.
    lpath = os.path.join(tmp, name + ".looked.json")
    run([cli, "mc", "--config", path, "--samples", str(T), "--mc-seed", str(seed), "--mc-every", "1",
         "--trace", lpath])
    looked = json.loads(open(lpath).read())
    for k in ("mc_samples", "mc_seed"):  # the config it records carries the options
        looked["config"].pop(k, None)
    if looked != json.loads(trace_text):
        raise Mismatch(f"{name}: the trace with MC passes after every epoch differs from train's")
    # Equal passes: p = 0 everywhere (no masks: each pass is the eval-mode network) or
    # p = 1 (every hidden unit dropped: each pass is the output layer's bias).
    hidden = c["dropout"] if isinstance(c["dropout"], list) else [c["dropout"]]
    spread = list(flat(mc["mutual_information"] if cls else mc["std"]))
    if all(p in (0, 1) for p in hidden) and c.get("input_dropout", 0) == 0:
        want = last["val_loss"] if all(p == 0 for p in hidden) else mc["val_loss_by_t"][0]
        for t, v in enumerate(mc["val_loss_by_t"]):
            if not abs(v - want) <= 1e-6 * abs(want):
                raise Mismatch(f"{name}: equal passes, yet the MC loss at t={t + 1} is {v}, not {want}")
        # The std exactly 0; the mutual information a difference of two equal entropies,
        # each a sum of T equal terms over T, so 0 up to double rounding.
        if any(v != 0 for v in spread) if not cls else any(abs(v) > 1e-12 for v in spread):
            raise Mismatch(f"{name}: equal passes, yet a spread of {max(spread, key=abs)}")
    elif T > 1 and not max(spread) > 1e-3:
        raise Mismatch(f"{name}: passes with dropout on, yet no spread ({max(spread)})")
    # Real PyTorch running the exported script.
    spath = os.path.join(tmp, name + ".mc.py")
    run([cli, "export-torch", "--config", path, "--mc", str(T), "--mc-seed", str(seed), "--out", spath])
    script = open(spath).read()
    for needle in ("torch.random.fork_rng", "torch.manual_seed(MC_SEED)", "model.train()"):
        if needle not in script:
            raise Mismatch(f"{name}: the script lacks {needle}")
    theirs = json.loads(run([PY, spath]).stdout)
    if list(theirs) != ["eval", "mc"] or list(theirs["mc"]) != want_keys:
        raise Mismatch(f"{name}: PyTorch printed keys {list(theirs)} / {list(theirs.get('mc', {}))}")
    if not math.isclose(ours["eval"]["val_loss"], theirs["eval"]["val_loss"], rel_tol=1e-4):
        raise Mismatch(f"{name}: eval val loss {ours['eval']['val_loss']} vs PyTorch's {theirs['eval']['val_loss']}")
    worst = 0.0
    for k in want_keys[2:]:
        worst = max(worst, compare(f"{name} {k}", mc[k], theirs["mc"][k]))
    return f"T={T}, max rel err vs PyTorch {worst:.1e}"


def check_errors(cli, tmp):
    path = os.path.join(tmp, "errors.json")
    with open(path, "w") as f:
        json.dump(SINE, f)
    for args, want in [
        (["--samples", "0"], "--samples"),
        (["--samples", "201"], "--samples"),
        (["--mc-seed", "x"], "--mc-seed"),
        (["--mc-every", "0"], "--mc-every"),
    ]:
        r = run([cli, "mc", "--config", path] + args, ok=False)
        if r.returncode != 2 or want not in r.stderr or r.stderr.count("\n") != 1 or r.stdout:
            raise Mismatch(f"mc {' '.join(args)}: exit {r.returncode}, stderr {r.stderr!r}")
    r = run([cli, "export-torch", "--config", path, "--mc-seed", "3"], ok=False)
    if r.returncode != 2 or "--mc" not in r.stderr:
        raise Mismatch(f"export-torch --mc-seed without --mc: exit {r.returncode}, {r.stderr!r}")
    return "4 bad mc options and one bad export option refused"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        checks = [(c["name"], (lambda c=c, T=T, s=s: check_case(a.cli, c, T, s, tmp))) for c, T, s in CASES]
        checks.append(("errors", lambda: check_errors(a.cli, tmp)))
        for name, f in checks:
            try:
                detail = f()
                passed += 1
                print(f"ok    {name}: {detail}")
            except (Mismatch, KeyError, ValueError, TypeError, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL  {name}: {type(e).__name__}: {e}")
    print(f"mc: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
