#!/usr/bin/env bash
# The offline single file: one self-contained HTML page, for LMS uploads and
# offline use. The site's scripts are inlined, playground.wasm is inlined as base64 and
# playground.js follows web/boot.js inline, so the page fetches nothing and also
# runs opened from disk (file://).
#   scripts/build_single_html.sh                      builds the web preset, then writes
#                                                     build/web/playground-single.html
#   scripts/build_single_html.sh SITE_DIR OUT.html    from an already built site
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then
  export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6 needs Debian's acorn
  cmake --preset web >/dev/null
  cmake --build --preset web --target playground
  set -- build/web/site build/web/playground-single.html
fi
[ $# -eq 2 ] || { echo "usage: $0 [SITE_DIR OUT.html]" >&2; exit 2; }
site=$1 out=$2
for f in index.html playground.js playground.wasm boot.js; do
  [ -f "$site/$f" ] || { echo "build_single_html: $site/$f is missing: build the web site first" >&2; exit 1; }
done

python3 - "$site" "$out" <<'PY'
import base64, os, re, sys

site, out = sys.argv[1], sys.argv[2]

def read(name):
    with open(os.path.join(site, name), encoding="utf-8") as f:
        return f.read()

def inline(js):
    # Inside <script> only "</script" (and "<!--") could end or confuse the element;
    # "<\/" means the same in every JavaScript string, regex and comment.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return "<script>\n" + js.replace("<!--", "<\\!--") + "\n</script>"

html = read("index.html")
wasm = base64.b64encode(open(os.path.join(site, "playground.wasm"), "rb").read()).decode("ascii")

def replace(m):
    src = m.group(1)
    if src == "boot.js":
        return ('<script>window.playgroundWasmBase64 = "' + wasm + '";</script>\n' +
                inline(read("boot.js")) + "\n" + inline(read("playground.js")))
    return inline(read(src))

html, n = re.subn(r'<script src="([^"]+)"></script>', replace, html)
if n == 0 or "playgroundWasmBase64" not in html:
    sys.exit("build_single_html: index.html has no <script src=...> for boot.js")
if re.search(r'<script src=|<link[^>]+rel="stylesheet"', html):
    sys.exit("build_single_html: index.html still references a file")
html = html.replace("<title>Dropout Playground</title>",
                    "<title>Dropout Playground</title>\n<!-- Single-file build: everything is inline. -->", 1)
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(html)
os.replace(tmp, out)
print(f"build_single_html: wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB)")
PY
