"""Reference traces from real PyTorch for the dropout playground.

Runs the canonical PyTorch program (see CANONICAL below) for a few configs
and records RNG primitives, so a C++ reimplementation can be checked against
real torch. Pure python + torch; works on torch 1.13 and 2.x.
usage: python3 torchref.py OUT.json            records prims and the CONFIGS' traces
       python3 torchref.py --run CONFIG.json   prints the trace of one config (JSON)
The --run form is the parity tests' independent oracle: it builds the model, the
data and the optimizer itself, from the config alone (README.md beside this file).
"""
import json, math, random, sys, platform
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)

def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]

def make_data(kind, n, noise, seed):
    if kind == "digits":
        # scikit-learn's 8x8 digits: the row indices shuffled by random.Random(seed),
        # x = pixel / 16, y = the label; noise does not apply.
        from sklearn.datasets import load_digits
        d = load_digits()
        idx = list(range(len(d.target)))
        random.Random(seed).shuffle(idx)
        return [[float(v) / 16.0 for v in d.data[i]] for i in idx[:n]], [int(d.target[i]) for i in idx[:n]]
    r = random.Random(seed)
    xs, ys = [], []
    for i in range(n):
        if kind == "moons":
            c = i % 2
            t = r.random() * math.pi
            if c == 0:
                x = [math.cos(t), math.sin(t)]
            else:
                x = [1.0 - math.cos(t), 0.5 - math.sin(t)]
            x = [x[0] + r.gauss(0, noise), x[1] + r.gauss(0, noise)]
            y = float(c)
        elif kind == "circles":
            c = i % 2
            t = r.random() * 2 * math.pi
            rad = 1.0 if c == 0 else 0.5
            x = [rad * math.cos(t) + r.gauss(0, noise), rad * math.sin(t) + r.gauss(0, noise)]
            y = float(c)
        elif kind == "xor":
            # The label is taken from the clean point, before the noise is added.
            x = [r.uniform(-1, 1), r.uniform(-1, 1)]
            y = 1.0 if x[0] * x[1] > 0 else 0.0
            x = [x[0] + r.gauss(0, noise), x[1] + r.gauss(0, noise)]
        elif kind in ("spiral3", "spiral"):
            c = i % 3
            t = r.random()
            rad = t
            ang = c * 2 * math.pi / 3 + t * 4.0
            x = [rad * math.cos(ang) + r.gauss(0, noise), rad * math.sin(ang) + r.gauss(0, noise)]
            y = c
        elif kind == "sine":
            u = r.uniform(-3.0, 3.0)
            x = [u]
            y = math.sin(u) + r.gauss(0, noise)
        else:
            raise ValueError(kind)
        # round inputs to float32 so both sides read identical values
        xs.append([float(torch.tensor(v, dtype=torch.float32)) for v in x])
        ys.append(y if isinstance(y, int) else float(torch.tensor(y, dtype=torch.float32)))
    return xs, ys

ACT = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}

def build(sizes, act, p, input_p=0.0):
    """p: one number for every hidden layer, or a list of one per hidden layer;
    input_p > 0 puts nn.Dropout(input_p) on the inputs, first."""
    hidden = len(sizes) - 2
    ps = list(p) if isinstance(p, list) else [p] * hidden
    assert len(ps) == hidden, "dropout has %d values for %d hidden layers" % (len(ps), hidden)
    layers = [nn.Dropout(input_p)] if input_p > 0 else []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(ACT[act]())
            layers.append(nn.Dropout(ps[i]))
    return nn.Sequential(*layers)

def loss_fn(kind, out, y):
    if kind == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(out.squeeze(1), y)
    if kind == "mse":
        return F.mse_loss(out.squeeze(1), y)
    if kind == "cross_entropy":
        return F.cross_entropy(out, y)
    raise ValueError(kind)

def make_opt(o, params):
    if o["name"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0.0),
                               weight_decay=o.get("weight_decay", 0.0), nesterov=o.get("nesterov", False))
    if o["name"] == "adam":
        return torch.optim.Adam(params, lr=o["lr"], betas=tuple(o.get("betas", (0.9, 0.999))),
                                eps=o.get("eps", 1e-8), weight_decay=o.get("weight_decay", 0.0))
    if o["name"] == "adamw":
        return torch.optim.AdamW(params, lr=o["lr"], betas=tuple(o.get("betas", (0.9, 0.999))),
                                 eps=o.get("eps", 1e-8), weight_decay=o.get("weight_decay", 0.01))
    if o["name"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o.get("alpha", 0.99), eps=o.get("eps", 1e-8),
                                   weight_decay=o.get("weight_decay", 0.0), momentum=o.get("momentum", 0.0),
                                   centered=o.get("centered", False))
    raise ValueError(o["name"])

def run(cfg):
    """CANONICAL program: manual_seed -> build model (Linear weight then bias,
    in layer order) -> each epoch: train(), randperm(n_train), batches in order
    (dropout layers draw their masks in forward order) -> eval() metrics on the
    full train and val sets (no draws)."""
    if "x" in cfg:  # explicit data, training rows first
        xs = [[float(torch.tensor(v, dtype=torch.float32)) for v in row] for row in cfg["x"]]
        ys = [int(v) if cfg["loss"] == "cross_entropy" else float(torch.tensor(v, dtype=torch.float32))
              for v in cfg["y"]]
    else:
        xs, ys = make_data(cfg["data"], cfg["n_train"] + cfg["n_val"], cfg["noise"], cfg["data_seed"])
    ydt = torch.long if cfg["loss"] == "cross_entropy" else torch.float32
    X = torch.tensor(xs, dtype=torch.float32); Y = torch.tensor(ys, dtype=ydt)
    nt = cfg["n_train"]
    Xtr, Ytr, Xva, Yva = X[:nt], Y[:nt], X[nt:], Y[nt:]
    torch.manual_seed(cfg["seed"])
    model = build(cfg["sizes"], cfg["activation"], cfg["dropout"], cfg.get("input_dropout", 0.0))
    init = [flat(p) for p in model.parameters()]
    opt = make_opt(cfg["optimizer"], model.parameters())
    step_losses, epochs, first_masks = [], [], None
    for ep in range(cfg["epochs"]):
        model.train()
        perm = torch.randperm(nt)
        if ep == 0:
            first_perm = [int(v) for v in perm.tolist()]
        for b in range(0, nt, cfg["batch"]):
            idx = perm[b:b + cfg["batch"]]
            if first_masks is None:
                masks = []
                hooks = [m.register_forward_hook(lambda mod, inp, out: masks.append(
                    [[1 if (o != 0 or i == 0) else 0 for o, i in zip(ro, ri)]
                     for ro, ri in zip(out.tolist(), inp[0].tolist())]))
                    for m in model if isinstance(m, nn.Dropout)]
            out = model(Xtr[idx])
            loss = loss_fn(cfg["loss"], out, Ytr[idx])
            opt.zero_grad()
            loss.backward()
            if first_masks is None:
                for h in hooks: h.remove()
                first_masks = masks
                first_grads = [flat(p.grad) for p in model.parameters()]
            opt.step()
            step_losses.append(float(loss.item()))
        model.eval()
        with torch.no_grad():
            otr, ova = model(Xtr), model(Xva)
            e = {"epoch": ep + 1, "train_loss_eval": float(loss_fn(cfg["loss"], otr, Ytr)),
                 "val_loss": float(loss_fn(cfg["loss"], ova, Yva))}
            if cfg["loss"] != "mse":
                pr = (otr.squeeze(1) > 0).long() if cfg["loss"] == "bce_with_logits" else otr.argmax(1)
                pv = (ova.squeeze(1) > 0).long() if cfg["loss"] == "bce_with_logits" else ova.argmax(1)
                e["train_acc"] = float((pr == Ytr.long()).float().mean())
                e["val_acc"] = float((pv == Yva.long()).float().mean())
            epochs.append(e)
    return {"config": cfg, "x": xs, "y": ys, "init_params": init, "first_perm": first_perm,
            "first_step_masks": first_masks, "first_step_grads": first_grads,
            "step_losses": step_losses, "epochs": epochs,
            "final_params": [flat(p) for p in model.parameters()]}

def prims():
    out = []
    for s in (0, 1, 42, 123, 2**32 + 5, -1):
        rec = {"seed": s}
        torch.manual_seed(s); rec["linear_init_2_16_16_1"] = [flat(p) for p in build([2, 16, 16, 1], "relu", 0.5).parameters()]
        torch.manual_seed(s); rec["linear_init_64_32_10"] = [flat(p) for p in build([64, 32, 10], "relu", 0.5).parameters()]
        for n in (7, 64, 200, 1437):
            torch.manual_seed(s); rec["randperm_%d" % n] = [int(v) for v in torch.randperm(n).tolist()]
        for p in (0.3, 0.5, 0.8):
            torch.manual_seed(s); rec["dropout_mask_32x16_p%g" % p] = [[1 if v != 0 else 0 for v in row] for row in F.dropout(torch.ones(32, 16), p).tolist()]
        torch.manual_seed(s); rec["rand_8"] = flat(torch.rand(8))
        torch.manual_seed(s); rec["seed_doc_example_p0.5"] = flat(nn.Dropout(0.5)(torch.tensor([1.0, 2.0, 3.0, 4.0])))
        out.append(rec)
    return out

CONFIGS = [
    dict(name="moons_relu_sgdm", data="moons", noise=0.25, data_seed=1, n_train=64, n_val=200, sizes=[2, 32, 32, 1],
         activation="relu", dropout=0.3, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.1, momentum=0.9),
         batch=16, epochs=30, seed=7),
    dict(name="sine_tanh_adam", data="sine", noise=0.2, data_seed=2, n_train=24, n_val=100, sizes=[1, 64, 64, 1],
         activation="tanh", dropout=0.5, loss="mse", optimizer=dict(name="adam", lr=0.01), batch=8, epochs=40, seed=42),
    dict(name="spiral_relu_adamw", data="spiral3", noise=0.05, data_seed=3, n_train=150, n_val=300, sizes=[2, 48, 48, 3],
         activation="relu", dropout=0.2, loss="cross_entropy", optimizer=dict(name="adamw", lr=0.01, weight_decay=0.01),
         batch=32, epochs=25, seed=3),
    dict(name="moons_nodrop_sgd_wd", data="moons", noise=0.3, data_seed=4, n_train=64, n_val=200, sizes=[2, 24, 24, 1],
         activation="relu", dropout=0.0, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.5, weight_decay=1e-3),
         batch=64, epochs=50, seed=7),
    dict(name="moons_p1_edge", data="moons", noise=0.1, data_seed=5, n_train=32, n_val=50, sizes=[2, 8, 1],
         activation="relu", dropout=1.0, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.1), batch=16, epochs=3, seed=9),
    dict(name="circles_sigmoid_nesterov", data="circles", noise=0.1, data_seed=6, n_train=80, n_val=200, sizes=[2, 16, 16, 16, 1],
         activation="sigmoid", dropout=0.8, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.05, momentum=0.9, nesterov=True),
         batch=10, epochs=20, seed=11),
]

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        with open(sys.argv[2]) as f:
            print(json.dumps(run(json.load(f))))
        sys.exit(0)
    res = {"torch": torch.__version__, "python": platform.python_version(), "machine": platform.machine(),
           "prims": prims(), "traces": [run(c) for c in CONFIGS]}
    with open(sys.argv[1], "w") as f:
        json.dump(res, f)
    print("ok", torch.__version__, len(res["traces"]))
