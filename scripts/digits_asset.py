#!/usr/bin/env python3
"""The digits CSV (gzip) as the playground's compact asset: 1797 rows of 65 bytes (64
pixels 0..16, then the label), and the same bytes as a C++ initializer list. Checks the
shape, the ranges and the FNV-1a checksum the playground and its exported scripts expect.
    digits_asset.py digits.csv.gz OUT.bin OUT.inc
"""
import gzip
import os
import sys

ROWS, COLS = 1797, 65
FNV1A = 0x776869CCE3795967


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(src, out_bin, out_inc):
    with gzip.open(src, "rt") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    if len(rows) != ROWS or any(len(r) != COLS for r in rows):
        sys.exit(f"digits_asset: {src}: expected {ROWS} rows of {COLS} values")
    data = bytes(int(float(v)) for r in rows for v in r)
    if fnv1a64(data) != FNV1A:
        sys.exit(f"digits_asset: {src}: the checksum differs from scikit-learn's digits")
    write_atomic(out_bin, data)
    lines = [",".join(str(b) for b in data[i:i + 32]) + "," for i in range(0, len(data), 32)]
    write_atomic(out_inc, ("\n".join(lines) + "\n").encode())


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
