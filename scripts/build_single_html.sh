#!/usr/bin/env bash
# The offline single file: one self-contained HTML page, for LMS uploads and
# offline use. The site's scripts and styles are inlined, playground.wasm and the digits
# (digits.bin, used when that dataset is chosen) are inlined as base64 and playground.js follows web/boot.js inline, so the page fetches nothing and
# also runs opened from disk (file://). Its Content-Security-Policy is index.html's with
# 'self' replaced by the SHA-256 hashes of exactly these inline scripts and styles.
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
for f in index.html playground.css playground.js playground.wasm boot.js digits.bin; do
  [ -f "$site/$f" ] || { echo "build_single_html: $site/$f is missing: build the web site first" >&2; exit 1; }
done

python3 - "$site" "$out" <<'PY'
import base64, hashlib, os, re, sys

site, out = sys.argv[1], sys.argv[2]

def read(name):
    with open(os.path.join(site, name), encoding="utf-8") as f:
        return f.read()

hashes = {"script-src": [], "style-src": []}

def element(tag, body):
    # The browser hashes the element's text exactly as written, so record that text.
    body = "\n" + body.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    hashes[tag + "-src"].append("'sha256-" + digest + "'")
    return "<" + tag + ">" + body + "</" + tag + ">"

def inline(js):
    # Inside <script> only "</script" (and "<!--") could end or confuse the element;
    # "<\/" means the same in every JavaScript string, regex and comment.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return element("script", js.replace("<!--", "<\\!--"))

html = read("index.html")
wasm = base64.b64encode(open(os.path.join(site, "playground.wasm"), "rb").read()).decode("ascii")
digits = base64.b64encode(open(os.path.join(site, "digits.bin"), "rb").read()).decode("ascii")

def replace(m):
    src = m.group(1)
    if src == "boot.js":
        return (element("script", 'window.playgroundWasmBase64 = "' + wasm + '";') + "\n" +
                element("script", 'window.playgroundDataBase64 = {digits: "' + digits + '"};') + "\n" +
                inline(read("boot.js")) + "\n" + inline(read("playground.js")))
    return inline(read(src))

def replace_css(m):
    css = read(m.group(1))
    if "</style" in css.lower():
        sys.exit("build_single_html: " + m.group(1) + " contains </style")
    return element("style", css)

html = re.sub(r'<link rel="stylesheet" href="([^"]+)">', replace_css, html)
html, n = re.subn(r'<script src="([^"]+)"></script>', replace, html)
if n == 0 or "playgroundWasmBase64" not in html:
    sys.exit("build_single_html: index.html has no <script src=...> for boot.js")
if re.search(r'<script src=|<link[^>]+rel="stylesheet"', html):
    sys.exit("build_single_html: index.html still references a file")

# The policy: index.html's, where 'self' (this folder) becomes the hashes of the inline
# scripts and styles, and a directive left with no source says 'none'.
meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
if not meta:
    sys.exit("build_single_html: index.html has no Content-Security-Policy meta element")
directives = []
for d in meta.group(1).split(";"):
    words = d.split()
    if not words:
        continue
    name, sources = words[0], [w for w in words[1:] if w != "'self'"]
    sources = hashes.get(name, []) + sources
    directives.append(" ".join([name] + (sources or ["'none'"])))
for name in hashes:
    if not any(d.split()[0] == name for d in directives):
        sys.exit("build_single_html: index.html's policy has no " + name)
html = html[:meta.start(1)] + "; ".join(directives) + html[meta.end(1):]
html = html.replace("<title>Dropout Playground</title>",
                    "<title>Dropout Playground</title>\n<!-- Single-file build: everything is inline. -->", 1)
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(html)
os.replace(tmp, out)
print(f"build_single_html: wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB; "
      f"{len(hashes['script-src'])} scripts and {len(hashes['style-src'])} styles hashed)")
PY
