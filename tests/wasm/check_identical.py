"""Native = WASM: the WASM CLI (under Node) and the native CLI write byte-identical
traces, scripts, sweeps, MC dropout reports and dropout printouts for the same inputs, and the deterministic maths
gives the same bits (the checksum the core tests print in both builds).
usage: python3 tests/wasm/check_identical.py --wasm-cli build/web/playground-cli.js --native-cli build/native/playground-cli
                                             [--wasm-tests build/web/tests/core_tests.js --native-tests build/native/tests/core_tests]"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

CONFIGS = [
    # The playground's default (spiral, 2-96-96-3 ReLU, Adam), shortened.
    dict(name="default_spiral", data="spiral", noise=0.1, data_seed=1, n_train=90, n_val=400, sizes=[2, 96, 96, 3],
         activation="relu", dropout=0.2, loss="cross_entropy", optimizer=dict(name="adam", lr=0.01), batch=8,
         epochs=20, seed=1),
    dict(name="sine_tanh", data="sine", noise=0.2, data_seed=2, n_train=24, n_val=100, sizes=[1, 64, 64, 1],
         activation="tanh", dropout=0.5, loss="mse", optimizer=dict(name="sgd", lr=0.05, momentum=0.9, nesterov=True),
         batch=8, epochs=40, seed=42),
    dict(name="circles_sigmoid", data="circles", noise=0.1, data_seed=6, n_train=80, n_val=200,
         sizes=[2, 16, 16, 16, 1], activation="sigmoid", dropout=0.8, loss="bce_with_logits",
         optimizer=dict(name="adamw", lr=0.02), batch=10, epochs=30, seed=11),
    dict(name="xor_rmsprop", data="xor", noise=0.1, data_seed=3, n_train=64, n_val=100, sizes=[2, 24, 24, 1],
         activation="tanh", dropout=0.3, loss="bce_with_logits",
         optimizer=dict(name="rmsprop", lr=0.01, momentum=0.5, centered=True), batch=16, epochs=20, seed=5),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True)
    return r.returncode, r.stdout, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wasm-cli", required=True)
    ap.add_argument("--native-cli", required=True)
    ap.add_argument("--wasm-tests", required=True)
    ap.add_argument("--native-tests", required=True)
    a = ap.parse_args()
    node = ["node", "--no-experimental-fetch", "--stack-size=8000", a.wasm_cli]
    native = [a.native_cli]
    if not os.path.exists(a.native_cli):
        print(f"native CLI missing: {a.native_cli} (build the native preset first)")
        print("wasm_identical: 0 passed, 1 failed")
        return 1
    passed = failed = 0

    def check(label, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {label} {detail}")
        else:
            failed += 1
            print(f"FAIL  {label} {detail}")

    with tempfile.TemporaryDirectory() as tmp:
        for c in CONFIGS:
            path = os.path.join(tmp, c["name"] + ".json")
            with open(path, "w") as f:
                json.dump(c, f)
            outs = []
            for label, cli in (("native", native), ("wasm", node)):
                tp = os.path.join(tmp, f"{c['name']}.{label}.trace.json")
                rc, out, err = run(cli + ["train", "--config", path, "--trace", tp])
                data = open(tp, "rb").read() if rc == 0 and os.path.exists(tp) else b""
                outs.append((rc, data, out))
            same = outs[0][0] == 0 and outs[1][0] == 0 and outs[0][1] == outs[1][1] and outs[0][2] == outs[1][2]
            check(f"train trace {c['name']}", same and len(outs[0][1]) > 1000,
                  f"({len(outs[0][1])} bytes, sha256 {hashlib.sha256(outs[0][1]).hexdigest()[:16]})")
            s1 = run(native + ["export-torch", "--config", path])
            s2 = run(node + ["export-torch", "--config", path])
            check(f"export-torch {c['name']}", s1[0] == 0 and s1 == s2)
            n1 = run(native + ["export-notebook", "--config", path])
            n2 = run(node + ["export-notebook", "--config", path])
            check(f"export-notebook {c['name']}", n1[0] == 0 and n1 == n2 and b'"nbformat": 4' in n1[1],
                  f"({len(n1[1])} bytes)")
            if c["name"] in ("default_spiral", "sine_tanh"):
                # The sweep: WASM has no threads and runs the points in order; the same bytes.
                sw = ["sweep", "--config", path, "--p", "0,0.3,1", "--seeds", "2", "--threads", "2"]
                for extra in (["--json"], []):
                    w1, w2 = run(native + sw + extra), run(node + sw + extra)
                    check(f"sweep {' '.join(extra)} {c['name']}", w1[0] == 0 and w1 == w2 and len(w1[1]) > 500,
                          f"({len(w1[1])} bytes)")
                e1 = run(native + ["export-torch", "--config", path, "--sweep", "0,0.3,1", "--seeds", "2"])
                e2 = run(node + ["export-torch", "--config", path, "--sweep", "0,0.3,1", "--seeds", "2"])
                check(f"export-torch --sweep {c['name']}", e1[0] == 0 and e1 == e2)
                for extra in (["--sweep", "0,0.3,1", "--seeds", "2"], ["--mc", "12", "--mc-seed", "5"]):
                    b1 = run(native + ["export-notebook", "--config", path] + extra)
                    b2 = run(node + ["export-notebook", "--config", path] + extra)
                    check(f"export-notebook {extra[0]} {c['name']}", b1[0] == 0 and b1 == b2)
                # MC dropout: the passes' masks and outputs, and the summaries, the same bytes.
                mc = ["mc", "--config", path, "--samples", "12", "--mc-seed", "5", "--json"]
                m1, m2 = run(native + mc), run(node + mc)
                check(f"mc --json {c['name']}", m1[0] == 0 and m1 == m2 and len(m1[1]) > 1000,
                      f"({len(m1[1])} bytes)")
        for args, rc in ((["--p", "0.3", "--seed", "7", "--values", "1,-2,3.5,4,0.25,6"], 0),
                         (["--p", "0.15", "--seed", "-3", "--values", "1e-5,2e9,-0.0,inf,nan,3"], 0),
                         (["--p", "1.5", "--values", "1"], 2)):
            r1, r2 = run(native + ["dropout"] + args), run(node + ["dropout"] + args)
            check(f"dropout {' '.join(args)}", r1 == r2 and r1[0] == rc and (r1[1] if rc == 0 else r1[2]),
                  f"(exit {r1[0]})")
        bad = os.path.join(tmp, "bad.json")
        with open(bad, "w") as f:
            f.write('{"data": "moons", "noise": ')
        r1, r2 = run(native + ["train", "--config", bad]), run(node + ["train", "--config", bad])
        check("malformed config: same exit 2 and message", r1[0] == 2 and r1 == r2, r1[2].decode().strip())
        r1 = run(native + ["sweep", "--config", path, "--p", "0,1.5"])
        r2 = run(node + ["sweep", "--config", path, "--p", "0,1.5"])
        check("sweep with p out of range: same exit 2 and message", r1[0] == 2 and r1 == r2, r1[2].decode().strip())
    if True:  # the deterministic maths, bit for bit
        filt = ["--gtest_filter=Detmath.SameBitsEverywhere"]
        sums = []
        for cmd in ([a.native_tests], ["node", "--no-experimental-fetch", "--stack-size=8000", a.wasm_tests]):
            rc, out, _ = run(cmd + filt)
            lines = [x for x in out.decode().splitlines() if x.startswith("detmath checksum:")]
            sums.append(lines[0] if rc == 0 and len(lines) == 1 else f"(exit {rc}, no checksum)")
        check("detmath: the same output bits natively and in WASM", sums[0] == sums[1] and "0x" in sums[0],
              f"({sums[0]} / {sums[1]})")
    print(f"wasm_identical: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
