#!/usr/bin/env bash
# One fuzz ctest: run_target.sh FUZZER SCRATCH CORPUS [libFuzzer options...]
# SCRATCH (under build/) is emptied and given to libFuzzer as the first corpus folder, so
# the new inputs it finds go there and CORPUS in the repository stays as it is; a crashing
# input is written there too (SCRATCH/crash-*).
set -euo pipefail
fuzzer=$1 scratch=$2 corpus=$3
shift 3
rm -rf "$scratch"
mkdir -p "$scratch/new"
exec "$fuzzer" -artifact_prefix="$scratch/" -print_final_stats=1 "$@" "$scratch/new" "$corpus"
