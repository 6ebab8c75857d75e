#!/usr/bin/env bash
# One command from a fresh clone to the playground in the browser: installs what is
# missing (scripts/setup.sh), builds the WebAssembly site (CMake preset "web") and
# serves build/web/site on http://127.0.0.1:8000/ (127.0.0.1 only).
#   scripts/run.sh            build and serve (PORT=8000 by default)
#   scripts/run.sh --no-serve build only
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"

scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6 needs Debian's acorn
cmake --preset web -DDP_BUILD_APP=ON >/dev/null
cmake --build --preset web --target playground
site="build/web/site"
[ -f "$site/index.html" ] && [ -f "$site/playground.wasm" ] || { echo "run: $site is incomplete" >&2; exit 1; }
[ "${1:-}" = "--no-serve" ] && { echo "run: built $site"; exit 0; }

echo
echo "Dropout Playground: http://127.0.0.1:${PORT}/"
echo "(Ctrl+C stops the server. Desktop version: build/native/playground, see README.)"
# python3's http.server, with the .wasm MIME type browsers require for streaming.
exec python3 - "$site" "$PORT" <<'PY'
import functools, http.server, sys
site, port = sys.argv[1], int(sys.argv[2])
class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript"}
    def log_message(self, fmt, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                functools.partial(Handler, directory=site)).serve_forever()
PY
