"""Real PyTorch (one thread) timing the MC workload of `playground-cli bench --mc T`: the
config trained once (the canonical program, not timed), then T passes with dropout on
over the validation set and over a G x G grid spanning the inputs, with their summaries
(mean probability, entropy, mutual information; mean and std for regression), as
the exported `--mc` script computes them. MC runs per second, median of REPEAT samples.
usage: python3 bench/torch_mc_bench.py CONFIG.json TRACE.json T REPEAT [G]
(TRACE.json: the playground's trace for CONFIG, read only for its x and y.)"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
from torchref import build, loss_fn, make_opt  # noqa: E402

torch.set_num_threads(1)


def train(cfg, X, Y):
    nt = cfg["n_train"]
    torch.manual_seed(cfg["seed"])
    model = build(cfg["sizes"], cfg["activation"], cfg["dropout"])
    opt = make_opt(cfg["optimizer"], model.parameters())
    for _ in range(cfg["epochs"]):
        model.train()
        perm = torch.randperm(nt)
        for b in range(0, nt, cfg["batch"]):
            idx = perm[b:b + cfg["batch"]]
            loss = loss_fn(cfg["loss"], model(X[:nt][idx]), Y[:nt][idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def entropy(p):
    return -torch.special.xlogy(p, p).sum(-1)


def mc(model, X, T, kind):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model.train()
        with torch.no_grad():
            outs = torch.stack([model(X) for _ in range(T)]).double()
    model.eval()
    if kind == "mse":
        return float(outs.mean(0).sum() + outs.std(0, unbiased=False).sum())
    probs = torch.softmax(outs, -1) if kind == "cross_entropy" else torch.sigmoid(outs)
    mean = probs.mean(0)
    h = entropy(mean)
    return float((h - entropy(probs).mean(0)).sum())


def main():
    cfg = json.load(open(sys.argv[1]))
    tr = json.load(open(sys.argv[2]))
    T, repeat = int(sys.argv[3]), int(sys.argv[4])
    G = int(sys.argv[5]) if len(sys.argv) > 5 else 40
    X = torch.tensor(tr["x"], dtype=torch.float32)
    Y = torch.tensor(tr["y"], dtype=torch.long if cfg["loss"] == "cross_entropy" else torch.float32)
    model = train(cfg, X, Y)
    Xva = X[cfg["n_train"]:]
    lo, hi = X.min(0).values, X.max(0).values
    axes = [torch.linspace(float(lo[k]), float(hi[k]), G) for k in range(X.shape[1])]
    grid = torch.cartesian_prod(*axes) if X.shape[1] > 1 else axes[0].view(-1, 1)

    def work():
        return mc(model, Xva, T, cfg["loss"]) + mc(model, grid, T, cfg["loss"])

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.2:  # warm-up
        work()
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        calls = 0
        while True:
            work()
            calls += 1
            secs = time.perf_counter() - t0
            if secs >= 0.05:
                break
        rates.append(calls / secs)
    print(json.dumps({"mc_runs_per_sec_median": statistics.median(rates), "samples": repeat, "passes": T,
                      "val_rows": int(Xva.shape[0]), "grid_rows": int(grid.shape[0]), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
