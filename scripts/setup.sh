#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine (root), from Debian's
# archive and the npm registry only. Idempotent: quick when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake ninja-build pkg-config git
      emscripten node-acorn nodejs npm
      libglfw3-dev libgl-dev libstb-dev
      googletest libgtest-dev libbenchmark-dev nlohmann-json3-dev libfmt-dev
      python3 python3-torch python3-sklearn python3-fonttools fonts-dejavu-core
      python3-matplotlib python3-nbconvert python3-nbclient python3-ipykernel
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

# Browser tests drive Debian's Chromium through playwright-core and Debian's Firefox ESR
# through puppeteer-core (no browser download), both pinned in tests/browser/package-lock.json
# to releases that run on Debian 12's own Node 18 as well as on newer ones. Installed
# again when either pin differs from what node_modules holds.
pinned() {  # the locked version of npm package $1
  sed -n "/\"node_modules\/$1\"/,/}/s/.*\"version\": \"\(.*\)\".*/\1/p" tests/browser/package-lock.json | head -1
}
installed() {  # the installed version of npm package $1, or nothing
  local f=tests/browser/node_modules/$1/package.json
  [ -f "$f" ] && sed -n 's/.*"version": "\(.*\)".*/\1/p' "$f" | head -1
  return 0
}
stale=()
for p in playwright-core puppeteer-core; do
  [ "$(pinned "$p")" = "$(installed "$p")" ] || stale+=("$p $(pinned "$p")")
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "setup: npm ci (tests/browser: $(IFS=,; echo "${stale[*]}"))"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi
echo "setup: ok"
