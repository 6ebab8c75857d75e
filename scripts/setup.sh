#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine (root), from Debian's
# archive and the npm registry only. Idempotent: quick when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake ninja-build pkg-config git
      emscripten node-acorn nodejs npm
      libglfw3-dev libgl-dev libstb-dev
      googletest libgtest-dev libbenchmark-dev nlohmann-json3-dev
      python3 python3-torch
      chromium xvfb xauth imagemagick gzip)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from another packager; accept any working node + npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then echo "setup: missing packages and not root: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Browser tests drive Debian's Chromium through playwright-core (no browser download).
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "setup: npm install (tests/browser)"
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
echo "setup: ok"
