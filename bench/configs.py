"""The benchmark workloads: (a) moons_relu_sgdm of the shared reference program,
(b) a 64-128-64-10 network on 1000 samples, batch 32 (seeded synthetic data), (c) the
playground's default config trained with its p = 0 twin, as the app does, (f) the digits'
teaching default (scikit-learn's 8x8 digits) with its twin.

usage: configs.py OUTDIR           writes OUTDIR/NAME.json, prints one NAME a line
                                   (NAME+twin: timed with the p = 0 twin beside it)
       configs.py --flops C.json [--twin]   prints the FLOPs of one epoch (below)"""
import json
import random
import sys


def moons_relu_sgdm():
    return dict(name="moons_relu_sgdm", data="moons", noise=0.25, data_seed=1, n_train=64, n_val=200,
                sizes=[2, 32, 32, 1], activation="relu", dropout=0.3, loss="bce_with_logits",
                optimizer=dict(name="sgd", lr=0.1, momentum=0.9), batch=16, epochs=30, seed=7)


def mlp_64_128_64_10():
    r = random.Random(5)
    n_train, n_val = 1000, 200
    centers = [[r.gauss(0, 1) for _ in range(64)] for _ in range(10)]
    x, y = [], []
    for i in range(n_train + n_val):
        c = i % 10
        x.append([centers[c][k] + r.gauss(0, 1.5) for k in range(64)])
        y.append(c)
    return dict(name="mlp_64_128_64_10", n_train=n_train, n_val=n_val, sizes=[64, 128, 64, 10], activation="relu",
                dropout=0.5, loss="cross_entropy", optimizer=dict(name="adam", lr=0.001), batch=32, epochs=5, seed=0,
                x=x, y=y)


def playground_default():
    # src/core/config.h's member initializers (the page's first run).
    return dict(name="playground_default", data="spiral", noise=0.1, data_seed=1, n_train=90, n_val=400,
                sizes=[2, 96, 96, 3], activation="relu", dropout=0.5, loss="cross_entropy",
                optimizer=dict(name="adam", lr=0.01), batch=8, epochs=200, seed=1)


def digits_default():
    # src/core/config.cpp's harmonize: what choosing digits brings.
    return dict(name="digits_default", data="digits", noise=0.1, data_seed=1, n_train=150, n_val=500,
                sizes=[64, 128, 128, 10], activation="relu", dropout=0.5, loss="cross_entropy",
                optimizer=dict(name="adam", lr=0.001), batch=16, epochs=120, seed=1)


def optimizer_flops(opt):
    """FLOPs per parameter element of one optimizer step (src/core/optim.cpp's loops; a
    division or a square root counts as one)."""
    o = opt
    name, wd = o["name"], o.get("weight_decay", 0.01 if o["name"] == "adamw" else 0.0)
    if name in ("adam", "adamw"):
        # m = m*b1 + (1-b1)*g: 3; v = v*b2 + (1-b2)*g*g: 4; denom = sqrt(v)/bc2 + eps: 3;
        # w += -step*(m/denom): 3; weight decay (Adam: g += wd*w; AdamW: w *= 1-lr*wd)
        return 13 + (2 if name == "adam" and wd else 1 if wd else 0)
    if name == "sgd":
        mom = o.get("momentum", 0.0)
        return 2 + (2 if wd else 0) + (2 if mom else 0) + (2 if o.get("nesterov") else 0)
    if name == "rmsprop":
        # sq = sq*a + (1-a)*g*g: 4; sqrt, + eps, g/avg: 3; w += -lr*(...): 2
        return 9 + (2 if wd else 0) + (5 if o.get("centered") else 0) + (2 if o.get("momentum", 0.0) else 0)
    raise ValueError(name)


def flops_per_epoch(cfg, twin=False):
    """The FLOPs of one epoch, counting the matrix work, the bias adds and the optimizer:
    with M = sum_l in_l*out_l (multiply-adds per row), B = sum_l out_l (biases),
    Mdx = M without the first layer (no gradient for the input), P = M + B parameters,
    S = ceil(n_train / batch) steps and f the optimizer's FLOPs per parameter:
      training  n_train * (2M + B  [forward]  +  2M + B  [dW, db]  +  2 Mdx  [dx])  +  S * P * f
      eval      (n_train + n_val) * (2M + B)   [the epoch's two eval forwards]
    Activations, Dropout, the loss and the data copies are not counted. The twin (p = 0)
    does the same work again."""
    sizes = cfg["sizes"]
    layers = list(zip(sizes[:-1], sizes[1:]))
    m = sum(i * o for i, o in layers)
    b = sum(o for _, o in layers)
    mdx = sum(i * o for i, o in layers[1:])
    steps = -(-cfg["n_train"] // cfg["batch"])
    train = cfg["n_train"] * (2 * m + b + 2 * m + b + 2 * mdx) + steps * (m + b) * optimizer_flops(cfg["optimizer"])
    ev = (cfg["n_train"] + cfg["n_val"]) * (2 * m + b)
    return (train + ev) * (2 if twin else 1)


if __name__ == "__main__":
    if sys.argv[1] == "--flops":
        print(flops_per_epoch(json.load(open(sys.argv[2])), "--twin" in sys.argv[3:]))
        sys.exit(0)
    out = sys.argv[1]
    for c, twin in ((moons_relu_sgdm(), False), (mlp_64_128_64_10(), False), (playground_default(), True),
                     (digits_default(), True)):
        with open(f"{out}/{c['name']}.json", "w") as f:
            json.dump(c, f)
        print(c["name"] + ("+twin" if twin else ""))
