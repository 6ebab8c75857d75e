"""The raw seed inputs of the fuzz targets, taken from the project's other tests: the CLI's
bad-input cases and parity configs (tests/parity/), the configs recorded in tests/reference/,
and the string literals of tests/unit/test_config.cpp and test_url_query.cpp. The corpora
in tests/fuzz/corpus/ are these, minimized with libFuzzer's -merge=1 (scripts/fuzz.sh
--reseed does both).
usage: python3 tests/fuzz/make_seeds.py OUT_DIR   (writes OUT_DIR/<target>/seed-N)"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "parity"))
import test_cli_errors  # noqa: E402
import test_parity  # noqa: E402

# The fuzz targets' leading bytes (see each target's header comment).
URL_FIELDS = ["dataset", "noise", "data_seed", "n_train", "n_val", "hidden", "activation", "dropout", "loss",
              "optimizer", "lr", "momentum", "nesterov", "weight_decay", "betas", "alpha", "eps", "centered",
              "batch", "epochs", "seed"]
CLI_VALUES, CLI_NUMBER, CLI_SEED, CLI_DROPOUT = b"\x00", b"\x01", b"\x02", b"\x03"
CLI_P_LIST, CLI_INT = b"\xf0", b"\xf1"  # the sweep's --p list and --threads


def cpp_literals(path):
    """The string literals of a C++ file: raw R"(...)" ones and ordinary "..." ones."""
    text = open(path).read()
    out = [m.group(1) for m in re.finditer(r'R"\((.*?)\)"', text, re.S)]
    text = re.sub(r'R"\((.*?)\)"', "", text, flags=re.S)
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        out.append(m.group(1).encode().decode("unicode_escape"))
    return out


def config_texts():
    """Whole configs, good and bad, as the CLI and Import read them."""
    texts = [json.dumps(test_cli_errors.GOOD)]
    for _, c, _ in test_cli_errors.CASES:
        texts.append(c if isinstance(c, str) else json.dumps(c))
    for c in test_parity.CONFIGS + [test_parity.explicit_xy_config()]:
        texts.append(json.dumps(c))
    with open(os.path.join(TESTS, "reference", "torch-2.11-public.json")) as f:
        for tr in json.load(f)["traces"]:
            texts.append(json.dumps(tr["config"]))
    test_config = os.path.join(TESTS, "unit", "test_config.cpp")
    good = cpp_literals(test_config)[0]  # kGood
    texts.append(good)
    # with("key", "value") of test_config.cpp: kGood with one field replaced.
    src = open(test_config).read()
    for m in re.finditer(r'with\("(\w+)",\s*(?:R"\((.*?)\)"|"((?:[^"\\]|\\.)*)")\)', src, re.S):
        key, value = m.group(1), m.group(2) if m.group(2) is not None else m.group(3).encode().decode("unicode_escape")
        k = '"%s":' % key
        a = good.index(k) + len(k)
        depth, b = 0, a
        while b < len(good):
            ch = good[b]
            if ch in "[{":
                depth += 1
            if ch in "]}":
                if depth == 0:
                    break
                depth -= 1
            if ch == "," and depth == 0:
                break
            b += 1
        texts.append(good[:a] + value + good[b:])
    texts += [s for s in cpp_literals(test_config) if s.lstrip().startswith(("{", "["))]
    return texts


def partial_texts():
    """Partial changes (setConfig, host page messages)."""
    lits = cpp_literals(os.path.join(TESTS, "unit", "test_config.cpp"))
    return [s for s in lits if s.startswith("{") and len(s) < 80] + ["not json", "{}", '{"optimizer":"sgd"}']


def url_queries():
    lits = cpp_literals(os.path.join(TESTS, "unit", "test_url_query.cpp"))
    return [s for s in lits if "=" in s and "{" not in s and " ignored" not in s]


def cli_inputs():
    seeds = []
    for v in ["1,2,3,4", "1,2", "1,x,3", "0x10", "1", "", "-0.5,1e-3,inf,nan", "1,2,"]:
        seeds.append(CLI_VALUES + v.encode())
    for v in ["0.5", "1.5", "nan", "abc", "0", "1", "1e-3"]:
        seeds.append(CLI_NUMBER + v.encode())
    for v in ["42", "0", "1.5", "99999999999999999999", "-1", "18446744073709551615", "-9223372036854775808"]:
        seeds.append(CLI_SEED + v.encode())
    for args in [["--p", "0.5", "--seed", "42", "--values", "1,2,3,4"], ["--p", "0.5", "--values", "1,2", "--eval"],
                 ["--p", "1.5", "--values", "1,2"], ["--p=0.2", "--values=1"], ["--speed", "3"], ["--p"]]:
        seeds.append(CLI_DROPOUT + b"\x00".join(a.encode() for a in args))
    for v in ["0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", "0,1", "0,,1", "0,1,", "", "nan,-0.5,2", "0x1"]:
        seeds.append(CLI_P_LIST + v.encode())
    for v in ["1", "2", "16", "17", "0", "-1", "2.5", "99999999999999999999", "007", ""]:
        seeds.append(CLI_INT + v.encode())
    return seeds


def main():
    out = sys.argv[1]
    seeds = {
        "config_json": [t.encode() for t in config_texts()],
        "import_config": [t.encode() for t in config_texts()],
        # Changes applied to base 0 (the defaults) and base 1 (moons, SGD).
        "config_apply": [bytes([b]) + t.encode() for t in partial_texts() for b in (0, 1)],
        # Whole queries (even first byte), then single parameters with a value of the tests'.
        "url_query": [b"\x00" + q.encode() for q in url_queries()],
        "cli_args": cli_inputs(),
    }
    for q in url_queries():
        for name, value in (p.split("=", 1) for p in q.lstrip("?").split("&") if "=" in p):
            if name in URL_FIELDS:
                seeds["url_query"].append(b"\x01" + bytes([URL_FIELDS.index(name)]) + value.encode())
    for target, inputs in seeds.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, s in enumerate(dict.fromkeys(inputs)):
            with open(os.path.join(d, "seed-%03d" % i), "wb") as f:
                f.write(s)
        print(f"{target}: {len(set(inputs))} seeds")


if __name__ == "__main__":
    main()
