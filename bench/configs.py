"""The benchmark workloads: (a) moons_relu_sgdm of the shared reference program,
(b) a 64-128-64-10 network on 1000 samples, batch 32 (seeded synthetic data)."""
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


if __name__ == "__main__":
    out = sys.argv[1]
    for c in (moons_relu_sgdm(), mlp_64_128_64_10()):
        with open(f"{out}/{c['name']}.json", "w") as f:
            json.dump(c, f)
        print(c["name"])
