"""The take-home notebooks, executed headlessly by Jupyter (nbconvert, Debian's packages):
`playground-cli export-notebook` for the default run (its first 40 epochs), a digits run,
a sweep and MC dropout on the sine with per-layer p. Each notebook executes without an
error, its plots are PNG outputs, and its closing cell, which compares the notebook's
PyTorch losses with the numbers the CLI recorded, reports a match within 1e-4. A notebook
whose recorded numbers were tampered with reports where it stops matching.
usage: python3 tests/notebooks/test_notebooks.py --cli build/native/playground-cli [--out DIR]"""
import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

import nbformat

failed = passed = 0


def check(name, ok, detail=""):
    global failed, passed
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    passed, failed = passed + bool(ok), failed + (not ok)
    return ok


CONFIGS = {
    "default": dict(data="spiral", noise=0.1, data_seed=1, n_train=90, n_val=400, sizes=[2, 96, 96, 3],
                    activation="relu", dropout=0.5, loss="cross_entropy", optimizer=dict(name="adam", lr=0.01),
                    batch=8, epochs=40, seed=1),
    "digits": dict(data="digits", noise=0.1, data_seed=1, n_train=150, n_val=500, sizes=[64, 128, 128, 10],
                   activation="relu", dropout=0.5, loss="cross_entropy", optimizer=dict(name="adam", lr=0.001),
                   batch=16, epochs=30, seed=1),
    "moons": dict(data="moons", noise=0.25, data_seed=1, n_train=64, n_val=200, sizes=[2, 32, 32, 1],
                  activation="relu", dropout=0.3, loss="bce_with_logits",
                  optimizer=dict(name="sgd", lr=0.1, momentum=0.9), batch=16, epochs=30, seed=7),
    "sine": dict(data="sine", noise=0.1, data_seed=1, n_train=40, n_val=100, sizes=[1, 64, 64, 1],
                 activation="tanh", dropout=[0.1, 0.3], loss="mse", optimizer=dict(name="adam", lr=0.01),
                 batch=8, epochs=20, seed=3),
}

# name, config, extra export options, PNG outputs expected at least, a text the notebook holds
CASES = [
    ("default run", "default", [], 3, "nn.Dropout(config.dropout)"),
    ("digits run", "digits", [], 3, "load_digits()"),
    ("sweep", "moons", ["--sweep", "0,0.2,0.5,0.8", "--seeds", "2"], 1, "P_VALUES = [0.0, 0.2, 0.5, 0.8]"),
    ("MC dropout", "sine", ["--mc", "30"], 2, "fork_rng"),
]


def execute(path, out_dir):
    """Executes the notebook as `jupyter nbconvert --to notebook --execute` does; returns the
    executed notebook (or None) and the seconds it took."""
    t0 = time.time()
    r = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=600", "--output-dir", out_dir,
                        "--output", os.path.basename(path).replace(".ipynb", "_executed.ipynb"), path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr[-2000:])
        return None, time.time() - t0
    with open(os.path.join(out_dir, os.path.basename(path).replace(".ipynb", "_executed.ipynb")), encoding="utf-8") as f:
        return json.load(f), time.time() - t0


def outputs(nb):
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def last_text(nb):
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return "".join("".join(o.get("text", [])) for o in code[-1].get("outputs", [])).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    work = a.out or tempfile.mkdtemp(prefix="dp-notebooks-")
    os.makedirs(work, exist_ok=True)
    exported = {}
    for name, cfg_name, extra, pngs, needle in CASES:
        cfg_path = os.path.join(work, cfg_name + ".json")
        with open(cfg_path, "w") as f:
            json.dump(CONFIGS[cfg_name], f)
        nb_path = os.path.join(work, name.replace(" ", "_") + ".ipynb")
        r = subprocess.run([a.cli, "export-notebook", "--config", cfg_path, "--out", nb_path] + extra,
                           capture_output=True, text=True)
        if not check(f"{name}: export-notebook writes {os.path.basename(nb_path)}", r.returncode == 0, r.stderr.strip()):
            continue
        with open(nb_path, encoding="utf-8") as f:
            nb = json.load(f)
        try:
            nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))
            valid = ""
        except Exception as e:  # nbformat's ValidationError, or a reader's
            valid = str(e)[:300]
        check(f"{name}: a valid nbformat 4 notebook (nbformat.validate)", not valid, valid)
        kinds = [c["cell_type"] for c in nb["cells"]]
        check(f"{name}: nbformat 4 with markdown between the code cells",
              nb.get("nbformat") == 4 and kinds.count("code") >= 5 and kinds[0] == "markdown" and
              all(kinds[i - 1] == "markdown" for i, k in enumerate(kinds) if k == "code"), str(kinds))
        source = "".join("".join(c["source"]) for c in nb["cells"])
        check(f"{name}: the notebook holds {needle!r}", needle in source)
        exported[name] = nb_path
        run, seconds = execute(nb_path, work)
        if not check(f"{name}: executes without an error", run is not None and
                     not any(o["output_type"] == "error" for o in outputs(run)), f"{seconds:.1f} s"):
            continue
        n_png = sum(1 for o in outputs(run) if "image/png" in o.get("data", {}))
        check(f"{name}: the plots are PNG outputs ({n_png})", n_png >= pngs)
        text = last_text(run)
        check(f"{name}: the check cell reports a match", text.startswith("matches the playground:") and
              "tolerance 1e-4" in text, text)

    # The check can fail: the recorded val loss of epoch 10 moved by 1%.
    if "default run" in exported:
        with open(exported["default run"], encoding="utf-8") as f:
            nb = json.load(f)
        last = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
        src = "".join(last["source"])
        start = src.index("r'''") + 4
        recorded = json.loads(src[start:src.index("'''", start)])
        tampered = copy.deepcopy(recorded)
        tampered["run"][9][3] *= 1.01
        last["source"] = [src[:start] + json.dumps(tampered) + src[src.index("'''", start):]]
        bad_path = os.path.join(work, "tampered.ipynb")
        with open(bad_path, "w", encoding="utf-8") as f:
            json.dump(nb, f)
        run, _ = execute(bad_path, work)
        text = last_text(run) if run else ""
        check("a notebook whose recorded numbers differ says from which epoch on",
              text.startswith("matches the playground up to epoch 9;") and "run, epoch 10, val_loss" in text, text)
    print(f"notebooks: {passed} passed, {failed} failed ({work})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
