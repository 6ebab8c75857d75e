"""Parity with real PyTorch: for configs spanning every dataset, activation, loss and
optimizer the CLI knows and p in {0, 0.2, 0.5, 0.8, 1}, the CLI's trace equals
  - the trace of the reference program (tests/reference/torchref.py --run), which
    builds the data, model and optimizer itself under the installed torch: the
    independent oracle;
  - the trace printed by the CLI's own exported PyTorch script (the take-home promise).
The CLI, its exported script and the reference program also reproduce the torch 2.11
reference traces (tests/reference/torch-2.11-public.json).
usage: python3 tests/parity/test_parity.py --cli build/native/playground-cli"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from traces import Mismatch, compare  # noqa: E402

PY = "/usr/bin/python3"  # Debian's python3-torch lives here
HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "reference")
TORCHREF = os.path.join(REFERENCE, "torchref.py")


def cfg(name, data, sizes, act, p, loss, opt, batch, epochs, seed, n_train=64, n_val=120, noise=0.2, data_seed=1):
    return dict(name=name, data=data, noise=noise, data_seed=data_seed, n_train=n_train, n_val=n_val, sizes=sizes,
                activation=act, dropout=p, loss=loss, optimizer=opt, batch=batch, epochs=epochs, seed=seed)


CONFIGS = [
    cfg("moons_relu_sgdm_p02", "moons", [2, 32, 32, 1], "relu", 0.2, "bce_with_logits",
        dict(name="sgd", lr=0.1, momentum=0.9), 16, 25, 7),
    cfg("sine_tanh_adam_p05", "sine", [1, 64, 64, 1], "tanh", 0.5, "mse", dict(name="adam", lr=0.01), 8, 30, 42,
        n_train=24, n_val=100),
    cfg("spiral_relu_adamw_p02", "spiral", [2, 48, 48, 3], "relu", 0.2, "cross_entropy",
        dict(name="adamw", lr=0.01, weight_decay=0.01), 32, 20, 3, n_train=150, n_val=300, noise=0.05),
    cfg("moons_nodrop_sgd_wd_p0", "moons", [2, 24, 24, 1], "relu", 0.0, "bce_with_logits",
        dict(name="sgd", lr=0.5, weight_decay=1e-3), 64, 30, 7, noise=0.3),
    cfg("moons_p1_edge", "moons", [2, 8, 1], "relu", 1.0, "bce_with_logits", dict(name="sgd", lr=0.1), 16, 3, 9,
        n_train=32, n_val=50, noise=0.1),
    cfg("circles_sigmoid_nesterov_p08", "circles", [2, 16, 16, 16, 1], "sigmoid", 0.8, "bce_with_logits",
        dict(name="sgd", lr=0.05, momentum=0.9, nesterov=True), 10, 20, 11, n_train=80, n_val=200, noise=0.1),
    cfg("xor_tanh_adam_p02", "xor", [2, 24, 24, 1], "tanh", 0.2, "bce_with_logits",
        dict(name="adam", lr=0.005, betas=[0.8, 0.99], eps=1e-6), 16, 25, 5),
    cfg("spiral_sigmoid_sgd_p05", "spiral", [2, 32, 3], "sigmoid", 0.5, "cross_entropy",
        dict(name="sgd", lr=0.5, momentum=0.5), 20, 20, 123, n_train=90, n_val=150),
    cfg("sine_relu_sgdm_p08", "sine", [1, 40, 40, 1], "relu", 0.8, "mse", dict(name="sgd", lr=0.002, momentum=0.9),
        6, 25, -1, n_train=30, n_val=60, noise=0.1),
    cfg("circles_relu_adamw_3hidden_p05", "circles", [2, 20, 20, 20, 1], "relu", 0.5, "bce_with_logits",
        dict(name="adamw", lr=0.01, weight_decay=0.05), 16, 20, 2**32 + 5),
    cfg("playground_default_p02", "spiral", [2, 96, 96, 3], "relu", 0.2, "cross_entropy",
        dict(name="adam", lr=0.01), 8, 15, 1, n_train=90, n_val=400, noise=0.1),
    cfg("moons_tanh_ce_adam_wd_p1", "moons", [2, 16, 2], "tanh", 1.0, "cross_entropy",
        dict(name="adam", lr=0.02, weight_decay=0.01), 8, 5, 4, n_train=40, n_val=40),
    cfg("xor_sigmoid_mse_sgd_p05", "xor", [2, 12, 12, 1], "sigmoid", 0.5, "mse", dict(name="sgd", lr=0.3), 7, 20, 0,
        n_train=50, n_val=80, noise=0.05),
    cfg("moons_relu_rmsprop_p05", "moons", [2, 32, 32, 1], "relu", 0.5, "bce_with_logits",
        dict(name="rmsprop", lr=0.005), 16, 20, 13),
    cfg("spiral_tanh_rmsprop_centered_momentum_wd_p02", "spiral", [2, 40, 40, 3], "tanh", 0.2, "cross_entropy",
        dict(name="rmsprop", lr=0.002, alpha=0.9, eps=1e-6, momentum=0.8, centered=True, weight_decay=0.01),
        10, 15, 21, n_train=90, n_val=150),
    cfg("sine_sigmoid_rmsprop_momentum_p08", "sine", [1, 24, 24, 1], "sigmoid", 0.8, "mse",
        dict(name="rmsprop", lr=0.01, momentum=0.5), 8, 20, 5, n_train=30, n_val=60),
    # One p per hidden layer, input dropout, and both together.
    cfg("circles_relu_sgdm_per_layer", "circles", [2, 24, 16, 12, 1], "relu", [0.1, 0.5, 0.0], "bce_with_logits",
        dict(name="sgd", lr=0.1, momentum=0.9), 16, 15, 17, noise=0.1),
    dict(cfg("moons_tanh_adam_input_p03", "moons", [2, 32, 32, 1], "tanh", 0.2, "bce_with_logits",
             dict(name="adam", lr=0.01), 8, 15, 23), input_dropout=0.3),
    dict(cfg("spiral_relu_adam_input_per_layer", "spiral", [2, 48, 48, 3], "relu", [0.2, 0.5], "cross_entropy",
             dict(name="adam", lr=0.01), 8, 12, 1, n_train=90, n_val=200, noise=0.1), input_dropout=0.2),
    # Real data: scikit-learn's digits (64 inputs, 10 classes), with hidden and input dropout.
    dict(cfg("digits_relu_adam_input_p05", "digits", [64, 64, 64, 10], "relu", 0.5, "cross_entropy",
             dict(name="adam", lr=0.001), 16, 8, 3, n_train=200, n_val=300, noise=0.0, data_seed=5),
         input_dropout=0.2),
    cfg("digits_tanh_sgdm_per_layer", "digits", [64, 32, 16, 10], "tanh", [0.2, 0.8], "cross_entropy",
        dict(name="sgd", lr=0.05, momentum=0.9), 32, 6, 11, n_train=300, n_val=1497, noise=0.0, data_seed=2**40 + 9),
]


def explicit_xy_config():
    c = cfg("explicit_xy_relu_ce_p05", "moons", [3, 10, 4], "relu", 0.5, "cross_entropy", dict(name="adam", lr=0.02),
            4, 10, 31, n_train=20, n_val=12)
    for k in ("data", "noise", "data_seed"):
        del c[k]
    c["x"] = [[((i * 7 + j * 3) % 11) / 5.0 - 1.0 for j in range(3)] for i in range(32)]
    c["y"] = [(i * 5) % 4 for i in range(32)]
    return c


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise Mismatch(f"{' '.join(cmd[:3])}... exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return r.stdout


def trace_of(cmd, path):
    """Runs a trace writer (a Python script and its arguments) and parses its stdout."""
    return json.loads(run([PY] + cmd, cwd=os.path.dirname(path)))


def check_config(cli, c, tmp):
    path = os.path.join(tmp, c["name"] + ".json")
    with open(path, "w") as f:
        json.dump(c, f)
    trace_path = os.path.join(tmp, c["name"] + ".trace.json")
    run([cli, "train", "--config", path, "--trace", trace_path, "--quiet"])
    with open(trace_path) as f:
        ours = json.load(f)
    stats = compare(ours, trace_of([TORCHREF, "--run", path], path), c["name"] + " vs the reference program")
    script = run([cli, "export-torch", "--config", path])
    script_path = os.path.join(tmp, c["name"] + ".py")
    with open(script_path, "w") as f:
        f.write(script)
    compare(ours, trace_of([script_path], path), c["name"] + " vs its exported script")
    return stats


def check_reference(cli, tmp):
    """The CLI, its exported script and the reference program under the installed torch,
    against the traces recorded with torch 2.11."""
    with open(os.path.join(REFERENCE, "torch-2.11-public.json")) as f:
        ref = json.load(f)
    out = []
    for tr in ref["traces"]:
        c = dict(tr["config"])
        path = os.path.join(tmp, "ref_" + c["name"] + ".json")
        with open(path, "w") as f:
            json.dump(c, f)
        tp = path + ".trace"
        run([cli, "train", "--config", path, "--trace", tp, "--quiet"])
        with open(tp) as f:
            ours = json.load(f)
        compare(ours, tr, "torch-2.11 " + c["name"])
        script = run([cli, "export-torch", "--config", path])
        sp = path + ".py"
        with open(sp, "w") as f:
            f.write(script)
        compare(trace_of([sp], path), tr, "export under local torch vs torch-2.11 " + c["name"])
        compare(trace_of([TORCHREF, "--run", path], path), tr, "reference program under local torch vs torch-2.11 " + c["name"])
        out.append(c["name"])
    return out


def known_names(cli):
    """The names each name-valued URL parameter accepts, from the CLI's parameter table."""
    names = {}
    for line in run([cli, "params"]).splitlines():
        cells = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(cells) > 3 and cells[0] in ("`dataset`", "`activation`", "`loss`", "`optimizer`"):
            names[cells[0].strip("`")] = {v.strip(" `") for v in cells[3].split(",")}
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    configs = CONFIGS + [explicit_xy_config()]
    # Every name the engine knows is covered: a new optimizer without a parity config fails here.
    known = known_names(a.cli)
    covered = {"dataset": {c["data"] for c in configs if "data" in c}, "activation": {c["activation"] for c in configs},
               "loss": {c["loss"] for c in configs}, "optimizer": {c["optimizer"]["name"] for c in configs}}
    for k in ("dataset", "activation", "loss", "optimizer"):
        if not known.get(k) or known[k] != covered[k]:
            print(f"FAIL  coverage: {k} names known {sorted(known.get(k, []))}, covered {sorted(covered[k])}")
            print("parity: 0 passed, 1 failed")
            return 1
    assert {0.0, 0.2, 0.5, 0.8, 1.0} <= {c["dropout"] for c in configs if not isinstance(c["dropout"], list)}
    assert any(isinstance(c["dropout"], list) for c in configs) and any(c.get("input_dropout") for c in configs)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        futures = [(c["name"], pool.submit(check_config, a.cli, c, tmp)) for c in configs]
        for name, fut in futures:
            try:
                s = fut.result()
                passed += 1
                print(f"ok    {name}: max epoch loss rel err {s['max_epoch_rel']:.2e}, "
                      f"max step-0 grad rel err {s['max_grad_rel']:.2e}, max final param abs err {s['max_final_abs']:.2e}")
            except Mismatch as e:
                failed += 1
                print(f"FAIL  {name}: {e}")
        try:
            names = check_reference(a.cli, tmp)
            passed += 1
            print(f"ok    torch-2.11 reference traces: {', '.join(names)} (CLI, exported script, reference program)")
        except (Mismatch, OSError) as e:
            failed += 1
            print(f"FAIL  torch-2.11 reference: {e}")
    print(f"parity: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
