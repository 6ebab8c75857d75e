#!/usr/bin/env bash
# Fetches Dear ImGui 1.86 (core + backends) from Debian's source package into
# build/_deps/imgui. Debian's libimgui-dev ships no core .cpp files, and the
# browser build must compile them, so both builds use these same sources.
# Uses a private apt state (lists, cache) and never touches the system's apt
# configuration. Idempotent: returns at once when the sources are present.
# Usage: scripts/fetch_imgui.sh [deps_dir]   (default: <repo>/build/_deps)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
deps="${1:-$root/build/_deps}"
mkdir -p "$deps"
deps="$(cd "$deps" && pwd)"
dest="$deps/imgui"
want="1.86"

if [ -f "$dest/.fetched" ] && [ "$(cat "$dest/.fetched")" = "$want" ]; then
  exit 0
fi

d="$deps/apt"
mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/parts"
tarball="$(ls "$d"/imgui_${want}*.orig.tar.* 2>/dev/null | head -n1 || true)"
if [ -z "$tarball" ]; then
  echo "fetch_imgui: downloading Debian's imgui source package" >&2
  src_list=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && src_list="$src_list $f"
  done
  : > "$d/parts/src.sources"
  if [ -n "$src_list" ]; then
    # deb822 sources: turn every "Types: deb" into deb-src.
    sed 's/^Types: deb$/Types: deb-src/' $src_list > "$d/parts/src.sources"
  fi
  : > "$d/parts/src.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    # one-line sources: deb -> deb-src
    [ -f "$f" ] && sed -n 's/^deb \(.*\)$/deb-src \1/p' "$f" >> "$d/parts/src.list"
  done
  O=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$d/parts"
     -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache"
     -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  apt-get "${O[@]}" -qq update
  (cd "$d" && apt-get "${O[@]}" -qq source --download-only imgui)
  tarball="$(ls "$d"/imgui_${want}*.orig.tar.* 2>/dev/null | head -n1 || true)"
  if [ -z "$tarball" ]; then
    echo "fetch_imgui: Dear ImGui $want source not found in Debian's archive" >&2
    exit 1
  fi
fi

tmp="$deps/imgui.tmp"
rm -rf "$tmp" && mkdir -p "$tmp"
tar -xf "$tarball" -C "$tmp"
top="$(dirname "$(find "$tmp" -name imgui.cpp -print -quit)")"
[ -f "$top/imgui_draw.cpp" ] || { echo "fetch_imgui: unexpected tarball layout" >&2; exit 1; }
rm -rf "$dest"
mv "$top" "$dest"
rm -rf "$tmp"
echo "$want" > "$dest/.fetched"
echo "fetch_imgui: Dear ImGui $want in $dest" >&2
