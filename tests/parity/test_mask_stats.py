#!/usr/bin/python3
# `playground-cli mask-stats` against real PyTorch. The reference program
# (tests/reference/torchref.py run()) trains each config with every nn.Dropout hooked:
# each training forward's exact mask is recorded (the hook redraws the same Bernoulli
# draws from the generator state the module started from, then puts the state back, so
# the run is untouched; kept cells must agree with the module's nonzero outputs). From
# those masks this file counts, for the last epoch, each unit's kept rows and each batch's
# dropped units, and over the whole run the distinct thinned networks (one per batch row:
# its mask over every unit of every dropout layer); the CLI's numbers must be equal.
# Run from the repo root:
#   /usr/bin/python3 tests/parity/test_mask_stats.py --cli build/native/playground-cli
import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import torchref  # noqa: E402


def cfg(name, data, sizes, act, p, loss, opt, batch, epochs, seed, n_train, n_val=40, noise=0.2, data_seed=1):
    return dict(name=name, data=data, noise=noise, data_seed=data_seed, n_train=n_train, n_val=n_val, sizes=sizes,
                activation=act, dropout=p, loss=loss, optimizer=opt, batch=batch, epochs=epochs, seed=seed)


CONFIGS = [
    # 3 units: at most 8 thinned networks, so most rows repeat one already seen.
    cfg("tiny_p05", "moons", [2, 3, 1], "relu", 0.5, "bce_with_logits", dict(name="sgd", lr=0.1), 16, 2, 7, 40),
    # Two layers, a short last batch (50 = 3 x 16 + 2).
    cfg("two_layers_p03", "spiral", [2, 12, 10, 3], "relu", 0.3, "cross_entropy", dict(name="adam", lr=0.01),
        16, 2, 42, 50),
    cfg("three_layers_p08", "sine", [1, 6, 5, 4, 1], "tanh", 0.8, "mse", dict(name="sgd", lr=0.01), 7, 2, -3, 30),
    # Input dropout (module 0) and one p per hidden layer.
    dict(cfg("input_and_per_layer", "moons", [2, 8, 6, 1], "tanh", [0.2, 0.6], "bce_with_logits",
             dict(name="sgd", lr=0.1), 8, 2, 5, 36), input_dropout=0.3),
]

recorded = []  # per training forward: [mask per dropout layer (rows x units lists)]


def hooked_build(sizes, act, p, input_p=0.0):
    model = ORIGINAL_BUILD(sizes, act, p, input_p)
    drops = [m for m in model if isinstance(m, nn.Dropout)]
    state = {}

    def pre(mod, inp):
        if mod.training:
            state[id(mod)] = torch.get_rng_state()

    def post(mod, inp, out):
        if not mod.training:
            return
        after = torch.get_rng_state()
        torch.set_rng_state(state[id(mod)])
        mask = (F.dropout(torch.ones_like(inp[0]), mod.p, True) != 0).to(torch.int64)
        torch.set_rng_state(after)
        nz = out != 0
        if bool((nz & (mask == 0)).any()) or bool(((inp[0] != 0) & (mask == 1) & ~nz).any()):
            raise SystemExit("the redrawn mask disagrees with the module's output")
        if mod is drops[0]:
            recorded.append([])
        recorded[-1].append(mask.tolist())

    for m in drops:
        m.register_forward_pre_hook(pre)
        m.register_forward_hook(post)
    return model


ORIGINAL_BUILD = torchref.build
torchref.build = hooked_build


def torch_stats(c):
    del recorded[:]
    torchref.run(c)
    nt, b = c["n_train"], c["batch"]
    per_epoch = (nt + b - 1) // b
    assert len(recorded) == per_epoch * c["epochs"], len(recorded)
    last = recorded[-per_epoch:]
    layers = []
    for l in range(len(last[0])):
        units = len(last[0][l][0])
        kept = [sum(row[u] for batch in last for row in batch[l]) for u in range(units)]
        dropped = [sum(units - sum(row) for row in batch[l]) for batch in last]
        layers.append(dict(units=units, kept=kept, dropped_per_batch=dropped))
    seen = set()
    rows = 0
    for batch in recorded:
        for r in range(len(batch[0])):
            seen.add(tuple(v for layer in batch for v in layer[r]))
            rows += 1
    return dict(epoch_rows=nt, rows_seen=rows, distinct=len(seen), capped=False,
                total_units=sum(L["units"] for L in layers), layers=layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for c in CONFIGS:
            path = os.path.join(tmp, c["name"] + ".json")
            with open(path, "w") as f:
                json.dump(dict(c, epochs=5), f)  # --epochs below must win over the file's
            r = subprocess.run([a.cli, "mask-stats", "--config", path, "--epochs", str(c["epochs"]), "--json"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL {c['name']}: exit {r.returncode}: {r.stderr.strip()}")
                failures += 1
                continue
            ours = json.loads(r.stdout)
            want = torch_stats(c)
            for k in ("epoch_rows", "rows_seen", "distinct", "capped", "total_units", "layers"):
                if ours.get(k) != want[k]:
                    print(f"FAIL {c['name']}: {k}: playground {ours.get(k)} torch {want[k]}")
                    failures += 1
            if ours.get("epochs") != c["epochs"]:
                print(f"FAIL {c['name']}: epochs {ours.get('epochs')}")
                failures += 1
            print(f"{c['name']}: distinct {want['distinct']} of {want['rows_seen']} rows, "
                  f"last-epoch kept {[sum(L['kept']) for L in want['layers']]}")
        # Bad --epochs: exit 2, one line naming it.
        for bad in ("0", "abc", "100001"):
            r = subprocess.run([a.cli, "mask-stats", "--config", path, "--epochs", bad, "--json"],
                               capture_output=True, text=True)
            if r.returncode != 2 or "--epochs" not in r.stderr or r.stderr.count("\n") != 1 or r.stdout:
                print(f"FAIL --epochs {bad}: exit {r.returncode} stderr {r.stderr!r}")
                failures += 1
    print("mask-stats parity:", "FAIL" if failures else "ok", f"({len(CONFIGS)} configs)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
