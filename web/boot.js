// Boots the WebAssembly module: checks the browser can run it, shows download
// progress, surfaces every module error on the page, then loads playground.js.
(function () {
  'use strict';
  var page = window.playgroundPage;
  var loading = document.getElementById('loading');
  var bar = document.querySelector('#bar > div');
  var loadingText = document.getElementById('loading-text');
  var errorBox = document.getElementById('error');

  function showError(msg) {
    errorBox.hidden = false;
    errorBox.textContent += (errorBox.textContent ? '\n' : '') + page.str('page.error') + ' ' + msg;
    loading.hidden = true;
  }
  page.showError = showError;

  function unsupported(why) {
    loading.hidden = true;
    document.getElementById('canvas').hidden = true;
    document.getElementById('unsupported-why').textContent = why;
    document.getElementById('unsupported').hidden = false;
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    unsupported(page.str('page.no_wasm'));
    return;
  }
  var probe = document.createElement('canvas');
  var gl = null;
  try { gl = probe.getContext('webgl2'); } catch (e) { gl = null; }
  if (!gl) {
    unsupported(page.str('page.no_webgl2'));
    return;
  }
  var lose = gl.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext();

  window.addEventListener('error', function (e) {
    showError(e.message || String(e.error || e));
  });
  window.addEventListener('unhandledrejection', function (e) {
    showError(String(e.reason && e.reason.message || e.reason));
  });

  var canvas = document.getElementById('canvas');
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  // WebGL context loss and restore: web/device.js.

  function progress(loaded, total) {
    var pct = total ? Math.min(100, Math.round(100 * loaded / total)) : 0;
    bar.style.width = (total ? pct : 50) + '%';
    loadingText.textContent = (loaded / 1024).toFixed(0) + ' KB' +
        (total ? ' of ' + (total / 1024).toFixed(0) + ' KB' : '');
  }

  // Download playground.wasm ourselves so the bar shows real progress.
  function fetchWasm(url) {
    return fetch(url).then(function (res) {
      if (!res.ok) throw new Error('could not download ' + url + ' (HTTP ' + res.status + ')');
      var total = Number(res.headers.get('Content-Length')) || 0;
      if (!res.body || !res.body.getReader) return res.arrayBuffer();
      var reader = res.body.getReader();
      var chunks = [], loaded = 0;
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) {
            var out = new Uint8Array(loaded), off = 0;
            chunks.forEach(function (c) { out.set(c, off); off += c.length; });
            return out.buffer;
          }
          chunks.push(r.value);
          loaded += r.value.length;
          progress(loaded, total);
          return pump();
        });
      }
      return pump();
    });
  }

  var Module = window.Module = window.playgroundModule;
  Module.canvas = canvas;
  Module.print = function (text) { console.log(text); };
  Module.printErr = function (text) { console.warn(text); };
  Module.onAbort = function (what) {
    showError(page.str('page.stopped') + ' ' + what);
    page.rejectReady(new Error(String(what)));
  };
  // The single-file build (scripts/build_single_html.sh) carries the module inline:
  // playground.wasm as base64 in window.playgroundWasmBase64, playground.js as a
  // script after this one. Nothing is fetched, so it also runs from a file:// URL.
  function inlineWasm(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; ++i) bytes[i] = bin.charCodeAt(i);
    progress(bytes.length, bytes.length);
    return Promise.resolve(bytes.buffer);
  }
  var single = typeof window.playgroundWasmBase64 === 'string';

  Module.instantiateWasm = function (imports, receive) {
    (single ? inlineWasm(window.playgroundWasmBase64) : fetchWasm('playground.wasm'))
      .then(function (bytes) {
        loadingText.textContent = page.str('page.compiling');
        return WebAssembly.instantiate(bytes, imports);
      })
      .then(function (r) { receive(r.instance, r.module); })
      .catch(function (e) {
        showError(page.str('page.load_failed') + ' ' + (e && e.message || e));
        page.rejectReady(e);
      });
    return {};
  };
  // Embedded in a course page the canvas waits for a click (web/course.js).
  page.onFirstFrameShown = function () {
    loading.hidden = true;
    if (!page.noAutoFocus) canvas.focus();
  };

  if (single) return;  // playground.js follows inline
  var s = document.createElement('script');
  s.src = 'playground.js';
  s.onerror = function () { showError(page.str('page.no_script')); };
  document.body.appendChild(s);
})();
