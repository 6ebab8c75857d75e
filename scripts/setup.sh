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
      chromium xvfb xauth imagemagick gzip
      clang-14 libclang-rt-14-dev firefox-esr)

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

# Browser tests drive Debian's Chromium through playwright-core (no browser download),
# pinned in tests/browser/package-lock.json to a release that runs on Debian 12's own
# Node 18 as well as on newer ones. Installed again when the pin changes.
want=$(sed -n '/"node_modules\/playwright-core"/,/}/s/.*"version": "\(.*\)".*/\1/p' tests/browser/package-lock.json)
have=""
installed=tests/browser/node_modules/playwright-core/package.json
[ -f "$installed" ] && have=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$installed" | head -1)
if [ "$want" != "$have" ]; then
  echo "setup: npm ci (tests/browser: playwright-core $want)"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi
echo "setup: ok"
