#!/usr/bin/python3
# Parity of `playground-cli dropout` with real PyTorch: its stdout must be byte-identical to
# print(nn.Dropout(p)(torch.tensor(values))) after torch.manual_seed(seed), which checks the
# dropout engine and the tensor printer (core/tensor_print) together. Run from the repo root:
#   /usr/bin/python3 tests/parity/test_tensor_print.py --cli build/native/playground-cli
# Exits 0 when every case matches; prints a one-line summary.
import argparse
import concurrent.futures
import math
import os
import random
import struct
import subprocess
import sys

import torch

P_CHOICES = [0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.8, 0.95, 1.0]
SEED_CHOICES = [0, 1, 7, 42, 1234, 2**31 - 1, 2**32, 2**63 - 1, 2**64 - 1, -1, -5, -(2**63)]
N_RANDOM = 360
BAD_PS = [1.5, -0.1, 1.0000001]


def f32(x):
    """The float32 that torch.tensor() stores for the Python float x (as a Python float)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def value_arg(v):
    # repr() of a float32-exact double: strtod and strtof both read back the same float32.
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def random_values(rnd):
    """1..20 float32 values; one 'style' per tensor so that every formatter mode
    (int, fixed, sci by ratio / tiny / huge, non-finite, zeros) gets exercised."""
    n = rnd.randint(1, 20)
    style = rnd.choice(["int", "fixed", "mixed", "tiny", "huge", "special", "zeros"])

    def one():
        k = rnd.random()
        if style == "int" or (style == "mixed" and k < 0.3):
            return float(rnd.randint(-50, 50))
        if style == "fixed" or (style == "mixed" and k < 0.6):
            return rnd.uniform(-10, 10)
        if style == "tiny":
            return rnd.choice([1e-6, -1e-6, rnd.uniform(-1, 1), 3e-5, 0.0])
        if style == "huge":
            return rnd.choice([1e9, -1e9, float(rnd.randint(-10**9, 10**9)), rnd.uniform(-5, 5), 2.0])
        if style == "special":
            return rnd.choice([math.inf, -math.inf, math.nan, 0.0, -0.0, 1.0, -2.5, rnd.uniform(-3, 3)])
        if style == "zeros":
            return rnd.choice([0.0, -0.0, 0.0, 1.0])
        # mixed, remainder: anything
        return rnd.choice([0.0, -0.0, 0.25, -1e-6, 1e9, 1000.5, math.inf, math.nan, rnd.gauss(0, 100)])

    return [f32(one()) for _ in range(n)]


def build_cases():
    """(p, seed, values, eval_mode) tuples; deterministic."""
    rnd = random.Random(20240531)
    cases = [
        (0.5, 42, [1.0, 2.0, 3.0, 4.0], False),  # -> tensor([2., 4., 6., 8.])
        (0.5, 0, [1.0, 2.0, 3.0, 4.0], False),  # -> tensor([0., 0., 6., 0.])
        (0.3, 7, [1.0, -2.0, 3.5, 4.0, 0.25, 6.0], False),
    ]
    for _ in range(N_RANDOM):
        r = rnd.random()
        if r < 0.6:
            p = rnd.choice(P_CHOICES)
        elif r < 0.95:
            p = rnd.random()
        else:
            p = rnd.choice([1e-5, 0.999999, 0.5000000000000001])
        seed = rnd.choice(SEED_CHOICES) if rnd.random() < 0.35 else rnd.randint(-(2**63), 2**64 - 1)
        cases.append((p, seed, random_values(rnd), rnd.random() < 0.1))

    # The formatter on its own: in eval mode (and for p = 0) dropout is the identity, so
    # stdout is exactly the C++ printer's rendering of the given values.
    nan, inf = math.nan, math.inf
    printer_cases = [
        [-3.0, 0.0, 12.0, 100.0],
        [1.4286, -2.8571, 0.0, 5.7143],
        [1.0, 2000.5], [1e-5, 0.5], [1e9, 2.0], [1.0, 5000.0], [123456789.0, 1.0],
        [-1e-6, 2.5e-3, 0.0], [1e-4, 0.5], [9.9999e-5, 0.5], [1.0, 1000.0], [1.0, 1001.0],
        [1e8, 1.0], [100000008.0, 1.0], [1e-45, 1.0], [3.4e38, -1.0],
        [-0.0, 0.0, 2.0], [-0.0, 1.5], [-0.0, 1e-6], [-0.0], [-0.0, -0.0],
        [nan, inf, -inf], [1.0, nan, -inf], [1.5, inf, -0.0], [nan], [nan, 0.0, -0.0],
        [0.0, 0.0, 0.0], [0.03125, 1.03125, 2.5], [0.5, 1.5, 2.5, -2.5],
        [i * 1.1 - 10 for i in range(20)],
        [float(i * 7 - 70) for i in range(20)],
        [(i + 1) * 1e-5 * (-1) ** i for i in range(20)],
        [float(i * 123457) for i in range(30)],
        [rnd.uniform(-1e4, 1e4) for _ in range(25)],
    ]
    for vals in printer_cases:
        vals = [f32(v) for v in vals]
        cases.append((rnd.choice(P_CHOICES), rnd.randint(0, 1000), vals, True))
        cases.append((0.0, rnd.randint(0, 1000), vals, False))
    return cases


def torch_dropout_str(p, seed, values, eval_mode):
    torch.manual_seed(seed)
    d = torch.nn.Dropout(p)
    if eval_mode:
        d.eval()
    return str(d(torch.tensor(values)))


def torch_error(p):
    try:
        torch.nn.Dropout(p)
    except ValueError as e:
        return str(e)
    raise AssertionError(f"torch accepted p={p!r}")


def cli_command(cli, args):
    prefix = ["node", "--no-experimental-fetch", cli] if cli.endswith(".js") else [cli]
    return prefix + args


def run_cli(cli, args):
    try:
        r = subprocess.run(cli_command(cli, args), capture_output=True, text=True, timeout=60)
        return r.returncode, r.stdout, r.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "", f"{type(e).__name__}: {e}"


def dropout_args(p, seed, values, eval_mode):
    args = ["dropout", "--p", repr(float(p)), "--seed", str(seed),
            "--values", ",".join(value_arg(v) for v in values)]
    return args + (["--eval"] if eval_mode else [])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cli", required=True, help="path to playground-cli")
    opts = ap.parse_args()
    name = os.path.splitext(os.path.basename(__file__))[0]

    if not os.path.exists(opts.cli):
        print(f"{name}: FAIL (CLI not found: {opts.cli})")
        return 1

    # The harness itself must agree with the reference examples.
    known = {(0.5, 42): "tensor([2., 4., 6., 8.])", (0.5, 0): "tensor([0., 0., 6., 0.])"}
    for (p, seed), text in known.items():
        got = torch_dropout_str(p, seed, [1.0, 2.0, 3.0, 4.0], False)
        if got != text:
            print(f"{name}: FAIL (torch itself printed {got!r} for p={p}, seed={seed})")
            return 1

    # Expected outputs from torch, in this process; then the CLI runs in parallel.
    jobs = []  # (description, args, expected_rc, expected_stdout, expected_stderr or None)
    for p, seed, values, eval_mode in build_cases():
        args = dropout_args(p, seed, values, eval_mode)
        jobs.append((" ".join(args), args, 0, torch_dropout_str(p, seed, values, eval_mode) + "\n", None))
    for p in BAD_PS:
        args = ["dropout", "--p", repr(p), "--seed", "0", "--values", "1.0,2.0"]
        jobs.append((" ".join(args), args, 2, "", torch_error(p) + "\n"))

    with concurrent.futures.ThreadPoolExecutor(max_workers=min(16, os.cpu_count() or 4)) as pool:
        results = list(pool.map(lambda j: run_cli(opts.cli, j[1]), jobs))

    failures = []
    for (desc, _, want_rc, want_out, want_err), (rc, out, err) in zip(jobs, results):
        if want_err is None:
            ok = rc == want_rc and out == want_out
        else:
            # Error path: exit 2, nothing on stdout, exactly torch's message as one stderr line.
            ok = rc == want_rc and out == "" and err == want_err
        if not ok:
            failures.append((desc, want_rc, want_out or want_err, rc, out, err))

    for desc, want_rc, want, rc, out, err in failures[:5]:
        sys.stderr.write(f"MISMATCH: {desc}\n  expected rc={want_rc}: {want!r}\n"
                         f"  got      rc={rc}: stdout={out!r} stderr={err.strip()[:300]!r}\n")
    n_ok = len(jobs) - len(failures)
    status = "PASS" if not failures else "FAIL"
    print(f"{name}: {status} {n_ok}/{len(jobs)} cases match torch {torch.__version__}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
