#!/usr/bin/env bash
# Makes the digits assets from Debian's python3-sklearn package (BSD-3-Clause, see its
# copyright file): the UCI optical digits, sklearn/datasets/data/digits.csv.gz. Taken from
# the installed package when there is one, otherwise downloaded from the archive with
# apt-get download and unpacked with dpkg-deb -x (nothing is installed).
#   scripts/fetch_digits.sh OUT_DIR     -> OUT_DIR/digits.bin, OUT_DIR/digits_bytes.inc
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
rel=usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
src=/$rel
if [ ! -f "$src" ]; then
  deb_dir="$out/_sklearn_deb"
  src="$deb_dir/tree/$rel"
  if [ ! -f "$src" ]; then
    rm -rf "$deb_dir" && mkdir -p "$deb_dir"
    (cd "$deb_dir" && apt-get download -q python3-sklearn >/dev/null) || {
      echo "fetch_digits: apt-get download python3-sklearn failed (run apt-get update?)" >&2; exit 1; }
    dpkg-deb -x "$deb_dir"/python3-sklearn_*.deb "$deb_dir/tree"
  fi
fi
python3 "$here/digits_asset.py" "$src" "$out/digits.bin" "$out/digits_bytes.inc"
