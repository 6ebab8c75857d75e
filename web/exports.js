// The page's side of the exports (the Export buttons and playground.export*()): files
// as downloads (Blob + a[download]), the clipboard, the PNG of the drawn frame and the
// config file picker. The module asks for them through window.playgroundPage
// (src/platform/host.cpp) and hears back through page.call. Loaded after playground-api.js.
(function () {
  'use strict';
  var page = window.playgroundPage;
  var Module = window.playgroundModule;

  var tell = page.tell;

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
  page.download = function (name, mime, body) {
    downloadBlob(name, new Blob([body], { type: mime || 'application/octet-stream' }));
  };

  // The async clipboard needs a secure page and the click's user activation; the old
  // execCommand path covers plain-http pages. Either way the outcome is a notice (the
  // module words it): a refused clipboard is reported, never an error.
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
  // Copies t; `what` names it in the notice. Promise of {ok: true} | {ok: false, error}.
  page.copy = function (t, what) {
    var done = function () {
      tell('dp_js_copy_result', ['string', 'number', 'string'], [what, 1, '']);
      return { ok: true };
    };
    var refused = function (why) {
      if (legacyCopy(t)) return done();
      tell('dp_js_copy_result', ['string', 'number', 'string'], [what, 0, why]);
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
      return refused((e && (e.name && e.name !== 'Error' ? e.name + ': ' : '') + (e.message || e)) || 'refused');
    });
  };

  // The frame just drawn (called by the module before the frame is presented, so the
  // drawing buffer still holds it). name: download it; always: settle exportPNG().
  page.captureView = function (name) {
    var canvas = Module.canvas || document.getElementById('canvas');
    var waiting = page.pngWaiting.splice(0);
    canvas.toBlob(function (blob) {
      if (blob && name) downloadBlob(name, blob);
      waiting.forEach(function (w) {
        clearTimeout(w.timer);
        if (blob) w.resolve(blob); else w.reject(new Error('the canvas could not be encoded as PNG'));
      });
    }, 'image/png');
  };

  // Import config and Your data: the browser's file picker; the chosen file goes to the
  // module, which imports it (a .csv as data) or says why not.
  function sendFile(f) {
    f.text().then(function (t) {
      tell('dp_js_import_file', ['string', 'string'], [f.name, t]);
    }, function (e) {
      tell('dp_js_import_read_failed', ['string', 'string'], [f.name, String(e && e.message || e)]);
    });
  }
  page.pickFile = function (accept) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', function () {
      var f = input.files && input.files[0];
      input.remove();
      if (f) sendFile(f);
    });
    document.body.appendChild(input);
    input.click();
  };
  // A file dropped on the page: a CSV is your data, a JSON file a config.
  document.addEventListener('dragover', function (e) { e.preventDefault(); });
  document.addEventListener('drop', function (e) {
    e.preventDefault();
    var f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) sendFile(f);
  });
})();
