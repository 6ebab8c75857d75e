"""Bad input to the CLI: every case exits 2 with exactly one line on stderr naming
what is wrong, prints nothing on stdout, and leaves no output file behind. Then a
seeded mutation fuzz of a valid config: never a crash (exit other than 0/2), hang,
or partial file.
usage: python3 tests/parity/test_cli_errors.py --cli build/native/playground-cli"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

GOOD = dict(name="t", data="moons", noise=0.25, data_seed=1, n_train=32, n_val=40, sizes=[2, 8, 1],
            activation="relu", dropout=0.3, loss="bce_with_logits", optimizer=dict(name="sgd", lr=0.1, momentum=0.9),
            batch=16, epochs=2, seed=7)


def variant(**kw):
    c = json.loads(json.dumps(GOOD))
    for k, v in kw.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


# (label, config (dict or raw text), words the message must contain)
CASES = [
    ("malformed JSON", '{"data": "moons",', "not valid JSON"),
    ("not an object", "[1, 2, 3]", "must be a JSON object"),
    ("empty file", "", "not valid JSON"),
    ("missing field", variant(sizes=None), "sizes is missing"),
    ("wrong type", variant(dropout="abc"), "dropout must be a number"),
    ("out of range p", variant(dropout=1.7), "dropout must be between 0 and 1"),
    ("negative p", variant(dropout=-0.5), "dropout must be between 0 and 1"),
    ("NaN literal", json.dumps(GOOD).replace('"dropout": 0.3', '"dropout": NaN'), "not valid JSON"),
    ("zero width", variant(sizes=[2, 0, 1]), "sizes[1] must be between 1 and 512, got 0"),
    ("huge width", variant(sizes=[2, 100000, 1]), "sizes[1] must be between 1 and 512"),
    ("too many layers", variant(sizes=[2] + [8] * 20 + [1]), "sizes must list between 3 and 10"),
    ("huge n_train", variant(n_train=10**12), "n_train must be between 1 and 4096"),
    ("float n_val", variant(n_val=3.5), "n_val must be an integer"),
    ("huge epochs", variant(epochs=10**9), "epochs must be between 1 and 100000"),
    ("unknown dataset", variant(data="mnist"), "data must be one of"),
    ("unknown activation", variant(activation="gelu"), "activation must be one of"),
    ("unknown loss", variant(loss="hinge"), "loss must be one of"),
    ("unknown optimizer", variant(optimizer=dict(name="lbfgs", lr=0.1)), "optimizer.name must be one of"),
    ("zero lr", variant(optimizer=dict(name="sgd", lr=0)), "optimizer.lr must be > 0"),
    ("unknown key", variant(colour="red"), "unknown key 'colour'"),
    ("input width", variant(sizes=[3, 8, 1]), "sizes[0] must equal the input width"),
    ("classes vs loss", variant(data="spiral"), "needs 2 classes"),
    ("seed type", variant(seed="abc"), "seed must be an integer"),
    ("huge seed", variant(seed=2**80), "seed must be"),
]


def run(cmd, timeout=60):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    passed = failed = 0

    def check(label, ok, why=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL  {label}: {why}")

    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "c.json")
        out = os.path.join(tmp, "out.json")
        for label, c, words in CASES:
            with open(cfg, "w") as f:
                f.write(c if isinstance(c, str) else json.dumps(c))
            for cmd in (["train", "--config", cfg, "--trace", out], ["export-torch", "--config", cfg, "--out", out],
                        ["sweep", "--config", cfg, "--p", "0,0.5"],
                        ["export-torch", "--config", cfg, "--sweep", "0,0.5", "--out", out]):
                rc, so, se = run([a.cli] + cmd)
                lines = se.strip().splitlines()
                ok = rc == 2 and so == "" and len(lines) == 1 and words in lines[0]
                ok = ok and not os.path.exists(out) and not os.path.exists(out + ".tmp")
                check(f"{label} ({cmd[0]})", ok, f"exit {rc}, stderr {se.strip()!r}")
        # Command-line mistakes.
        for label, args, words in [
            ("no command", [], "usage"),
            ("unknown command", ["fly"], "unknown command 'fly'"),
            ("unknown option", ["train", "--config", cfg, "--speed", "3"], "unknown option '--speed'"),
            ("missing value", ["train", "--config"], "--config needs a value"),
            ("missing config file", ["train", "--config", os.path.join(tmp, "nope.json")], "cannot read config"),
            ("bad p", ["dropout", "--p", "1.5", "--values", "1,2"], "dropout probability has to be between 0 and 1, but got 1.5"),
            ("NaN p", ["dropout", "--p", "nan", "--values", "1,2"], "dropout probability has to be between 0 and 1, but got nan"),
            ("p not a number", ["dropout", "--p", "abc", "--values", "1"], "--p: 'abc' is not a number"),
            ("bad value", ["dropout", "--p", "0.5", "--values", "1,x,3"], "--values: 'x' is not a number"),
            ("hex value", ["dropout", "--p", "0.5", "--values", "0x10"], "is not a number"),
            ("bad seed", ["dropout", "--p", "0.5", "--seed", "1.5", "--values", "1"], "--seed: '1.5' is not an integer"),
            ("seed out of range", ["dropout", "--p", "0.5", "--seed", "99999999999999999999", "--values", "1"], "out of range"),
        ]:
            rc, so, se = run([a.cli] + args)
            first = se.strip().splitlines()[0] if se.strip() else ""
            check(label, rc == 2 and words in se and (label == "no command" or len(se.strip().splitlines()) == 1),
                  f"exit {rc}, stderr {first!r}")
        # An unwritable output path: exit 2, nothing written.
        with open(cfg, "w") as f:
            json.dump(GOOD, f)
        rc, so, se = run([a.cli, "train", "--config", cfg, "--trace", os.path.join(tmp, "no", "dir", "t.json")])
        check("unwritable trace path", rc == 2 and "cannot write" in se, se.strip())
        # The sweep's own options, on a valid config: one line naming the option, nothing on
        # stdout, no script written.
        for label, args, words in [
            ("sweep: p out of range", ["--p", "0,0.5,1.5"], "--p: p[2] of the sweep must be between 0 and 1"),
            ("sweep: negative p", ["--p", "-0.1"], "--p: p[0] of the sweep must be between 0 and 1"),
            ("sweep: NaN p", ["--p", "0,nan"], "--p: p[1] of the sweep must be between 0 and 1"),
            ("sweep: p not a number", ["--p", "0,abc"], "--p: 'abc' is not a number"),
            ("sweep: empty p in the list", ["--p", "0,,0.5"], "--p: empty value"),
            ("sweep: trailing comma", ["--p", "0,0.5,"], "--p: empty value"),
            ("sweep: empty p list", ["--p", ""], "--p: empty list"),
            ("sweep: too many p", ["--p", ",".join(["0.5"] * 102)], "at most 101"),
            ("sweep: zero seeds", ["--seeds", "0"], "--seeds must be between 1 and 5, got 0"),
            ("sweep: too many seeds", ["--seeds", "6"], "--seeds must be between 1 and 5, got 6"),
            ("sweep: seeds not an integer", ["--seeds", "2.5"], "--seeds: '2.5' is not an integer"),
            ("sweep: zero threads", ["--threads", "0"], "--threads must be between 1 and 16, got 0"),
            ("sweep: too many threads", ["--threads", "17"], "--threads must be between 1 and 16, got 17"),
            ("sweep: huge threads", ["--threads", "99999999999999999999"], "--threads must be between 1 and 16"),
            ("sweep: threads not an integer", ["--threads", "two"], "--threads: 'two' is not an integer"),
            ("sweep: unknown option", ["--epochs", "3"], "unknown option '--epochs'"),
        ]:
            rc, so, se = run([a.cli, "sweep", "--config", cfg] + args)
            lines = se.strip().splitlines()
            check(label, rc == 2 and so == "" and len(lines) == 1 and words in lines[0], f"exit {rc}, stderr {se.strip()!r}")
        huge = os.path.join(tmp, "huge_seed.json")
        with open(huge, "w") as f:
            json.dump(dict(GOOD, seed=2**53), f)
        rc, so, se = run([a.cli, "sweep", "--config", huge, "--seeds", "2"])
        check("sweep: seed + seeds - 1 past 2^53", rc == 2 and "seed + seeds - 1 must be at most 2^53" in se, se.strip())
        for label, args, words in [
            ("export --sweep: p out of range", ["--sweep", "0,2"], "--sweep: p[1] of the sweep must be between 0 and 1"),
            ("export --sweep: bad seeds", ["--sweep", "0,0.5", "--seeds", "9"], "--seeds must be between 1 and 5, got 9"),
            ("export: --seeds without --sweep", ["--seeds", "2"], "--seeds needs --sweep"),
        ]:
            rc, so, se = run([a.cli, "export-torch", "--config", cfg, "--out", out] + args)
            lines = se.strip().splitlines()
            ok = rc == 2 and so == "" and len(lines) == 1 and words in lines[0] and not os.path.exists(out)
            check(label, ok, f"exit {rc}, stderr {se.strip()!r}")

        # Mutation fuzz: random edits of a valid config; exit must be 0 or 2, never a crash.
        rng = random.Random(1234)
        weird = [None, -1, 0, 1, 2.5, 1e308, -1e308, 10**30, "", "x", [], {}, [1, 2], True, 0.999, 513, 4097]
        crashes = rejected = 0
        for i in range(150):
            c = json.loads(json.dumps(GOOD))
            for _ in range(rng.randint(1, 3)):
                key = rng.choice(list(c.keys()) + ["optimizer.lr", "optimizer.momentum", "sizes.0", "sizes.1"])
                val = rng.choice(weird)
                if key.startswith("optimizer.") and isinstance(c.get("optimizer"), dict):
                    c["optimizer"][key.split(".")[1]] = val
                elif key.startswith("sizes.") and isinstance(c.get("sizes"), list) and len(c["sizes"]) > 1:
                    c["sizes"][int(key[-1])] = val
                else:
                    c[key] = val
            with open(cfg, "w") as f:
                json.dump(c, f)
            if os.path.exists(out):
                os.remove(out)
            try:
                rc, so, se = run([a.cli, "train", "--config", cfg, "--trace", out, "--quiet"])
            except subprocess.TimeoutExpired:
                rc, so, se = -1, "", "hung for 60 s"
            rejected += rc == 2
            if rc not in (0, 2) or (rc == 2 and (len(se.strip().splitlines()) != 1 or os.path.exists(out))):
                crashes += 1
                print(f"FAIL  fuzz case {i}: exit {rc}: {se.strip()[:200]} config {json.dumps(c)[:200]}")
            if rc == 0:
                json.load(open(out))  # a complete file
        check("mutation fuzz (150 configs): exit 0 or 2 with one line, never a crash", crashes == 0, f"{crashes} bad")
        # The mutations are seeded: most of them break the config, and the CLI must say so.
        check("mutation fuzz: most mutated configs are refused", 100 <= rejected < 150, f"{rejected} of 150 refused")
    print(f"cli_errors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
