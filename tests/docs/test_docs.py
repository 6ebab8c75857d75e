"""The repository's documents and files keep to their promises:
  - the README's table of URL parameters is exactly what the field table says
    (`playground-cli params` prints it from src/core/config.cpp);
  - no file of the repository refers to anything outside it: no path beside the
    repository, no absolute path of a build machine, no issue number.
usage: python3 tests/docs/test_docs.py --cli build/native/playground-cli"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# References to the world outside the repository that a clone would not have.
OUTSIDE = [
    (re.compile(r"\.\./shared|shared/pytorch|\.library"), "a folder beside the repository"),
    (re.compile(r"/work/|/tmp/n18|/root/"), "an absolute path of a build machine"),
    (re.compile(r"\bissues? #?\d+\b|\(issue\b|issue-\d", re.IGNORECASE), "an issue number"),
]
# Text files only; the recorded reference data is numbers.
SKIP = {"tests/reference/torch-2.11-public.json", "tests/browser/package-lock.json"}


def readme_table():
    lines = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("| parameter | config field |")), None)
    if start is None:
        return None
    out = []
    for l in lines[start:]:
        if not l.startswith("|"):
            break
        out.append(l)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        passed, failed = passed + bool(ok), failed + (not ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")

    want = subprocess.run([a.cli, "params"], capture_output=True, text=True, check=True).stdout.splitlines()
    got = readme_table()
    diff = "" if got is None else next((f"README: {g!r}\n  fields: {w!r}" for g, w in zip(got, want) if g != w), "")
    check("the README's URL parameter table is the field table's (playground-cli params)",
          got == want, "no table found" if got is None else diff or f"{len(got)} vs {len(want)} lines")

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    bad = []
    for f in files:
        if f in SKIP:
            continue
        try:
            text = open(os.path.join(ROOT, f), encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            for pattern, what in OUTSIDE:
                if pattern.search(line) and f != "tests/docs/test_docs.py":
                    bad.append(f"{f}:{n}: {what}: {line.strip()[:100]}")
    check(f"no file refers to anything outside the repository ({len(files)} files)", not bad, "; ".join(bad[:5]))
    print(f"docs: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
