"""Real PyTorch (one thread) running the same canonical program as the playground,
timed per whole run: epochs per second, median of N runs.
usage: python3 bench/torch_bench.py CONFIG.json TRACE.json REPEAT [--baseline]
(TRACE.json: the playground's trace for CONFIG, read only for its x and y, so both
sides train on identical data. --baseline: each run also trains the p = 0 twin, as
`playground-cli bench --baseline` does; the twin is its own model, seeded alike, so it
is timed as a second whole run.)"""
import json
import os
import statistics
import sys
import time

import torch

# The model, loss and optimizer of the reference program: the same canonical program.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
from torchref import build, loss_fn, make_opt  # noqa: E402

torch.set_num_threads(1)


def run(cfg, X, Y):
    nt = cfg["n_train"]
    Xtr, Ytr, Xva, Yva = X[:nt], Y[:nt], X[nt:], Y[nt:]
    torch.manual_seed(cfg["seed"])
    model = build(cfg["sizes"], cfg["activation"], cfg["dropout"])
    opt = make_opt(cfg["optimizer"], model.parameters())
    for _ in range(cfg["epochs"]):
        model.train()
        perm = torch.randperm(nt)
        for b in range(0, nt, cfg["batch"]):
            idx = perm[b:b + cfg["batch"]]
            loss = loss_fn(cfg["loss"], model(Xtr[idx]), Ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            float(loss.item())  # the step loss is recorded, as the playground does
        model.eval()
        with torch.no_grad():
            float(loss_fn(cfg["loss"], model(Xtr), Ytr))
            float(loss_fn(cfg["loss"], model(Xva), Yva))


def run_with_twin(cfg, X, Y):
    run(cfg, X, Y)
    run(dict(cfg, dropout=0.0), X, Y)


def main():
    cfg = json.load(open(sys.argv[1]))
    whole = run_with_twin if "--baseline" in sys.argv[4:] else run
    tr = json.load(open(sys.argv[2]))
    repeat = int(sys.argv[3])
    X = torch.tensor(tr["x"], dtype=torch.float32)
    Y = torch.tensor(tr["y"], dtype=torch.long if cfg["loss"] == "cross_entropy" else torch.float32)
    whole(cfg, X, Y)  # warm-up
    rates = []
    for _ in range(repeat):  # each sample: whole runs for at least 50 ms, as the CLI's bench
        t0 = time.perf_counter()
        runs = 0
        while True:
            whole(cfg, X, Y)
            runs += 1
            secs = time.perf_counter() - t0
            if secs >= 0.05:
                break
        rates.append(runs * cfg["epochs"] / secs)
    print(json.dumps({"epochs_per_sec_median": statistics.median(rates), "runs": repeat, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
