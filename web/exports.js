// Exports (issue 4): the run taken home. Extends window.playground with
//   playground.exportCSV()          -> the per-epoch curves as CSV text (run and p = 0 twin)
//   playground.exportTorchScript()  -> the standalone PyTorch script that reproduces the run
//   playground.exportConfig()       -> the config in force as JSON text
//   playground.importConfig(json)   -> {ok: true} | {ok: false, error}; a JSON text or an
//                                      object; the run restarts from it; on error nothing changes
//   playground.exportPNG()          -> Promise of a PNG Blob of the view, as drawn
//   playground.copyTorchScript()    -> Promise of {ok} | {ok: false, error} (also a notice)
//   playground.download(kind)       -> downloads 'csv' | 'torch' | 'config' | 'png' as the
//                                      Export buttons do
// and gives the module (src/platform/files.cpp) the page's side of the Export buttons:
// downloads as Blob + a[download], the clipboard, the config file picker, the PNG capture.
// Loaded after playground-api.js.
(function () {
  'use strict';
  var api = window.playground;
  var Module = window.playgroundModule;
  var NAMES = { csv: 'dropout-playground-curves.csv', torch: 'dropout_playground_run.py',
    config: 'dropout-playground-config.json', png: 'dropout-playground.png' };

  function ready() {
    if (!Module.ccall) throw new Error('playground is not ready yet: await playground.ready first');
  }
  function text(name, types, args) {
    ready();
    return Module.ccall(name, 'string', types || [], args || []);
  }
  function notice(msg) {
    try { if (Module.ccall) Module.ccall('dp_js_notice', 'string', ['string'], [msg]); } catch (e) { /* not running */ }
  }

  function downloadBlob(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }
  window.playgroundDownload = function (name, mime, body) {
    downloadBlob(name, new Blob([body], { type: mime || 'application/octet-stream' }));
  };

  // The async clipboard needs a secure page and the click's user activation; the old
  // execCommand path covers plain-http pages. Either way the outcome is a notice: a
  // refused clipboard is reported, never an error.
  function legacyCopy(t) {
    var ta = document.createElement('textarea');
    ta.value = t;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.left = '-9999px';
    var focused = document.activeElement;
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    if (focused && focused.focus) focused.focus();
    return ok;
  }
  window.playgroundCopy = function (t, what) {
    what = what || 'the text';
    var done = function () {
      notice('Copied ' + what + ' to the clipboard.');
      return { ok: true };
    };
    var refused = function (why) {
      if (legacyCopy(t)) return done();
      notice('Could not copy ' + what + ' to the clipboard (' + why + '). ' +
             'The Export buttons download it instead.');
      return { ok: false, error: 'clipboard: ' + why };
    };
    var p;
    try {
      p = navigator.clipboard && navigator.clipboard.writeText
        ? navigator.clipboard.writeText(t) : Promise.reject(new Error('no clipboard access on this page'));
    } catch (e) {
      p = Promise.reject(e);
    }
    return Promise.resolve(p).then(done, function (e) {
      return refused((e && (e.name && e.name !== 'Error' ? e.name + ': ' : '') + (e.message || e)) ||
                     'refused');
    });
  };

  // The frame just drawn (called by the module before the frame is presented, so the
  // drawing buffer still holds it). name: download it; always: settle exportPNG().
  var pngWaiting = [];
  window.playgroundCaptureView = function (name) {
    var canvas = Module.canvas || document.getElementById('canvas');
    var waiting = pngWaiting;
    pngWaiting = [];
    canvas.toBlob(function (blob) {
      if (blob && name) downloadBlob(name, blob);
      waiting.forEach(function (w) {
        clearTimeout(w.timer);
        if (blob) w.resolve(blob); else w.reject(new Error('the canvas could not be encoded as PNG'));
      });
    }, 'image/png');
  };

  window.playgroundPickConfig = function () {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.style.display = 'none';
    input.addEventListener('change', function () {
      var f = input.files && input.files[0];
      input.remove();
      if (!f) return;
      f.text().then(function (t) {
        var r = api.importConfig(t);
        if (!r.ok) notice('Import of ' + f.name + ' failed: ' + r.error);
      }, function (e) {
        notice('Could not read ' + f.name + ': ' + (e && e.message || e));
      });
    });
    document.body.appendChild(input);
    input.click();
  };

  api.exportCSV = function () { return text('dp_js_export_csv'); };
  api.exportTorchScript = function () { return text('dp_js_export_torch_script'); };
  api.exportConfig = function () { return text('dp_js_export_config'); };
  api.importConfig = function (json) {
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) json = JSON.stringify(json);
    if (typeof json !== 'string') {
      return { ok: false, error: 'importConfig expects a config as JSON text or an object' };
    }
    return JSON.parse(text('dp_js_import_config', ['string'], [json]));
  };
  api.exportPNG = function () {
    ready();
    return new Promise(function (resolve, reject) {
      var w = { resolve: resolve, reject: reject };
      w.timer = setTimeout(function () {
        pngWaiting = pngWaiting.filter(function (x) { return x !== w; });
        reject(new Error('no frame was drawn within 10 s (hidden tab?)'));
      }, 10000);
      pngWaiting.push(w);
      text('dp_js_request_png', ['string'], ['']);
    });
  };
  api.copyTorchScript = function () {
    return window.playgroundCopy(api.exportTorchScript(), 'the PyTorch script');
  };
  api.download = function (kind) {
    if (kind === 'png') {
      text('dp_js_request_png', ['string'], [NAMES.png]);
      return { ok: true };
    }
    var body = kind === 'csv' ? api.exportCSV() : kind === 'torch' ? api.exportTorchScript()
      : kind === 'config' ? api.exportConfig() : null;
    if (body === null) return { ok: false, error: "download(kind): kind is 'csv', 'torch', 'config' or 'png'" };
    var mime = { csv: 'text/csv', torch: 'text/x-python', config: 'application/json' }[kind];
    window.playgroundDownload(NAMES[kind], mime, body);
    return { ok: true };
  };
})();
