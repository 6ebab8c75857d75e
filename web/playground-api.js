// window.playground, the page's scripting API (tests and course pages use it), and
// window.playgroundPage, what the page's other scripts share: the one wrapper for calls
// into the WebAssembly module, the string catalog, and the page's own state. This is
// the only script that writes either; exports.js, device.js, course.js and boot.js add
// their mechanics to playgroundPage and use call().
//   await playground.ready            // resolves after the first frame is drawn
//   playground.getState()             // {config, epoch, step, running, curves, masks, notices, widgets, ...}
//   playground.status()               // cheap: {frames, epoch, step, running, done, busy, hold_epoch, max_frame_work_ms,
//                                     //   sweep: {running, done, total, seconds, generation, error}}
//   playground.setConfig({dropout: 0.5})  // -> {ok: true} | {ok: false, error}
//   playground.play(); playground.pause(); playground.step(n); playground.restart();
//   playground.runTo(epoch)           // play on until `epoch` epochs are complete, hold there
//   playground.reseed(seed)           // a new seed (default: current + 1), restart
//   playground.shareUrl()             // the link that reproduces the run (the Share button's)
//   playground.exportCSV() / exportTorchScript() / exportConfig()   // texts
//   playground.importConfig(json)     // JSON text or an object -> {ok} | {ok: false, error}
//   playground.exportPNG()            // Promise of a PNG Blob of the view, as drawn
//   playground.copyTorchScript()      // Promise of {ok} | {ok: false, error} (also a notice)
//   playground.exportNotebook(kind)   // 'run' (default) | 'sweep' | 'mc': the take-home Jupyter notebook,
//                                     //   {ok: true, name, text} | {ok: false, error} (no sweep yet)
//   playground.download(kind)         // 'csv' | 'torch' | 'config' | 'png' | 'notebook' | 'sweep-notebook'
//                                     //   | 'mc-notebook', as the Export buttons
//   playground.setDataView(mode)      // 'prediction' | 'uncertainty' (MC dropout), as the data view's radio
//   playground.uncertainty()          // the Uncertainty mode's last refresh: {samples, mc_seed, dim, x, mean,
//                                     //   entropy + mutual_information | std, val_loss_by_t, eval_val_loss}, or {}
//   playground.images()               // digits: the image views' {model, n_val, wrong, confusion,
//                                     //   batch: {step, images, input_p, pixels_dropped}}, or {}
//   playground.sweep({p: [0, 0.5], seeds: 1})  // Promise of {runs: [...]} (the Sweep panel's runs;
//                                     // progress in status().sweep); cancelSweep() rejects it
//   playground.openLesson(id, step)   // a guided lesson by number (1-8) or name, at a step (1-based)
//   playground.closeLesson()          // getState().lesson: {open, id, number, step, steps, done, checks,
//                                     //   answer, correct, complete, completed}
// Config keys are the config JSON keys (data, noise, n_train, sizes, dropout, optimizer:
// {name, lr, ...}, batch, epochs, seed, ...); a new `data` brings its input width,
// output width and loss unless `sizes`/`loss` are given. The page URL's parameters are
// applied once ready: index.html?dataset=moons&dropout=0.5&paused=1 (view=uncertainty opens
// the data view's MC dropout mode)
(function () {
  'use strict';
  var Module = window.playgroundModule = window.playgroundModule || {};
  // The interface language: the link's lang=, else the one chosen last time, else the
  // browser's (French for fr-*), else English. The module is told once it runs.
  var catalogs = window.playgroundCatalogs || { en: {} };
  function chooseLang() {
    var q = new URLSearchParams(window.location.search).get('lang');
    if (q && catalogs[q]) return q;
    try {
      var kept = localStorage.getItem('dropout-playground.lang');
      if (kept && catalogs[kept]) return kept;
    } catch (e) { /* storage refused: no memory */ }
    var langs = navigator.languages || [navigator.language || 'en'];
    for (var i = 0; i < langs.length; ++i) {
      var code = String(langs[i]).slice(0, 2).toLowerCase();
      if (catalogs[code]) return code;
    }
    return 'en';
  }
  var lang = chooseLang();
  var strings = catalogs[lang] || catalogs.en;

  var page = window.playgroundPage = {
    // The one call into the module: name of an exported C function (src/platform/web_api.cpp).
    // Returns the parsed JSON, or the raw text when raw is true.
    call: function (name, types, args, raw) {
      if (!Module.ccall) throw new Error('playground is not ready yet: await playground.ready first');
      var out = Module.ccall(name, 'string', types || [], args || []);
      return raw ? out : JSON.parse(out);
    },
    // A report to the module that must not throw (the page's events): nothing when it is
    // not running yet, a console warning when the call fails.
    tell: function (name, types, args) {
      try { if (Module.ccall) Module.ccall(name, 'string', types || [], args || []); } catch (e) { console.warn(e); }
    },
    // A text of the catalog (src/app/strings/*.txt) in the page's language; the key itself
    // if it is missing.
    str: function (key) { return Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key; },
    lang: lang,
    // The module changed the language (its Controls switch, lang= applied): the page's own
    // texts follow.
    setLang: function (code) {
      if (!catalogs[code]) return;
      page.lang = code;
      strings = catalogs[code];
      translatePage();
    },
    ignoredMessages: 0,   // host page messages ignored (course.js)
    rendering: true,      // false while the page is hidden (course.js)
    linkNotices: [],      // the link's parameters that were not used (shown by course.js)
    touchInput: false,    // a finger is the pointer (device.js)
    data: {},             // data tables fetched for the app (fetchData), by name: bytes
    // A data table the app asked for (src/platform/host.cpp's fetch_data): NAME.bin from the
    // site, or inline in the single-file build; its bytes go to dp_js_data_arrived.
    fetchData: function (name) {
      var inline = (window.playgroundDataBase64 || {})[name];
      var got = inline ? Promise.resolve(Uint8Array.from(atob(inline), function (c) { return c.charCodeAt(0); }))
        : fetch(name + '.bin').then(function (r) {
          if (!r.ok) throw new Error(name + '.bin: HTTP ' + r.status);
          return r.arrayBuffer();
        }).then(function (b) { return new Uint8Array(b); });
      got.then(function (bytes) {
        page.data[name] = bytes;
        var p = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, p);
        page.tell('dp_js_data_arrived', ['number', 'number', 'string'], [p, bytes.length, '']);
        Module._free(p);
      }, function (e) {
        page.tell('dp_js_data_arrived', ['number', 'number', 'string'], [0, 0, String((e && e.message) || e)]);
      });
    },
    ready: false
  };
  // The page's static texts (index.html: data-str="page.loading", ...), its language.
  var canvasLabel = document.getElementById('canvas');
  function translatePage() {
    document.documentElement.lang = page.lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-str]'), function (e) {
      e.textContent = page.str(e.getAttribute('data-str'));
    });
    if (canvasLabel) canvasLabel.setAttribute('aria-label', page.str('page.canvas_label'));
  }
  translatePage();

  var resolveReady, rejectReady;
  var ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
  page.rejectReady = rejectReady;
  var call = page.call;
  var NAMES = { csv: 'dropout-playground-curves.csv', torch: 'dropout_playground_run.py',
    config: 'dropout-playground-config.json', png: 'dropout-playground.png' };
  var MIME = { csv: 'text/csv', torch: 'text/x-python', config: 'application/json' };
  var pngWaiting = [];  // exportPNG() promises, settled by the next drawn frame
  page.pngWaiting = pngWaiting;

  var api = {
    ready: ready,
    status: function () { return call('dp_js_status'); },
    getState: function () {
      var s = call('dp_js_get_state');
      if (s && s.ok !== false) {
        s.ignored_messages = page.ignoredMessages;
        s.page_hidden = document.hidden;
        s.rendering = page.rendering;
      }
      return s;
    },
    setConfig: function (partial) {
      if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
        return { ok: false, error: 'setConfig expects an object, e.g. {dropout: 0.5}' };
      }
      return call('dp_js_set_config', ['string'], [JSON.stringify(partial)]);
    },
    play: function () { return call('dp_js_play'); },
    pause: function () { return call('dp_js_pause'); },
    step: function (n) {
      if (n === undefined) n = 1;
      if (!Number.isInteger(n) || n < 0 || n > 1000000) {
        return { ok: false, error: 'step(n): n must be an integer between 0 and 1000000' };
      }
      return call('dp_js_step', ['number'], [n]);
    },
    runTo: function (epoch) {
      if (!Number.isInteger(epoch) || epoch < 0 || epoch > 100000) {
        return { ok: false, error: 'runTo(epoch): epoch must be an integer between 0 and 100000' };
      }
      return call('dp_js_run_to', ['number'], [epoch]);
    },
    restart: function () { return call('dp_js_restart'); },
    reseed: function (seed) {
      if (seed === undefined) seed = api.getState().config.seed + 1;
      if (!Number.isSafeInteger(seed)) return { ok: false, error: 'reseed(seed): seed must be an integer' };
      return call('dp_js_reseed', ['number'], [seed]);
    },
    shareUrl: function () { return call('dp_js_share_url', [], [], true); },
    exportCSV: function () { return call('dp_js_export', ['string'], ['csv'], true); },
    exportTorchScript: function () { return call('dp_js_export', ['string'], ['torch'], true); },
    exportConfig: function () { return call('dp_js_export', ['string'], ['config'], true); },
    exportNotebook: function (kind) {
      return call('dp_js_export_notebook', ['string'], [kind === undefined ? 'run' : String(kind)]);
    },
    importConfig: function (json) {
      if (json !== null && typeof json === 'object' && !Array.isArray(json)) json = JSON.stringify(json);
      if (typeof json !== 'string') {
        return { ok: false, error: 'importConfig expects a config as JSON text or an object' };
      }
      return call('dp_js_import_config', ['string'], [json]);
    },
    exportPNG: function () {
      if (!Module.ccall) throw new Error('playground is not ready yet: await playground.ready first');
      return new Promise(function (resolve, reject) {
        var w = { resolve: resolve, reject: reject };
        w.timer = setTimeout(function () {
          var i = pngWaiting.indexOf(w);
          if (i >= 0) pngWaiting.splice(i, 1);
          reject(new Error('no frame was drawn within 10 s (hidden tab?)'));
        }, 10000);
        pngWaiting.push(w);
        call('dp_js_request_png', ['string'], ['']);
      });
    },
    copyTorchScript: function () {
      return page.copy(api.exportTorchScript(), page.str('export.copy_what'));
    },
    sweep: function (opts) {
      opts = opts || {};
      var ps = opts.p === undefined ? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] : opts.p;
      var seeds = opts.seeds === undefined ? 3 : opts.seeds;
      if (!Array.isArray(ps) || !Number.isInteger(seeds)) {
        return Promise.reject(new Error('sweep({p: [numbers], seeds: integer})'));
      }
      var r = call('dp_js_sweep', ['string', 'number'], [JSON.stringify(ps), seeds]);
      if (!r.ok) return Promise.reject(new Error(r.error));
      var gen = r.generation;
      return new Promise(function (resolve, reject) {
        (function poll() {
          var st = api.status().sweep;
          if (st.generation !== gen) return reject(new Error('another sweep started'));
          if (st.running) return setTimeout(poll, 20);
          if (st.done < st.total) return reject(new Error(st.error || 'the sweep was cancelled'));
          var out = JSON.parse(call('dp_js_sweep_results', [], [], true));
          out.seconds = st.seconds;
          resolve(out);
        })();
      });
    },
    cancelSweep: function () { return call('dp_js_sweep_cancel'); },
    openLesson: function (id, step) {
      if (step === undefined) step = 0;
      if (!Number.isInteger(step) || step < 0 || step > 99) {
        return { ok: false, error: 'openLesson(id, step): step must be an integer between 1 and 99' };
      }
      return call('dp_js_open_lesson', ['string', 'number'], [String(id), step]);
    },
    closeLesson: function () { return call('dp_js_close_lesson'); },
    setDataView: function (mode) { return call('dp_js_set_data_view', ['string'], [String(mode)]); },
    uncertainty: function () { return call('dp_js_uncertainty'); },
    images: function () { return call('dp_js_image_views'); },
    download: function (kind) {
      if (kind === 'png') return call('dp_js_request_png', ['string'], [NAMES.png]);
      if (kind === 'notebook' || kind === 'sweep-notebook' || kind === 'mc-notebook') {
        var nb = api.exportNotebook(kind === 'notebook' ? 'run' : kind.split('-')[0]);
        if (nb.ok) page.download(nb.name, 'application/x-ipynb+json', nb.text);
        return nb.ok ? { ok: true } : nb;
      }
      if (!MIME[kind]) return { ok: false, error: "download(kind): kind is 'csv', 'torch', 'config', 'png', 'notebook', 'sweep-notebook' or 'mc-notebook'" };
      page.download(NAMES[kind], MIME[kind], call('dp_js_export', ['string'], [kind], true));
      return { ok: true };
    }
  };
  window.playground = api;

  // Config from the URL (?dataset=moons&hidden=32,32&dropout=0.3&seed=42&lr=0.1): the
  // core's URL rules; a bad parameter is skipped and named in the notices. ?paused=1
  // starts paused.
  function configFromUrl() {
    call('dp_js_set_language', ['string'], [page.lang]);
    var query = window.location.search;
    if (!query || query === '?') return;
    var r = call('dp_js_apply_query', ['string'], [query]);
    page.linkNotices = r.notices || [];
    if (page.linkNotices.length) console.warn('playground URL: ' + page.linkNotices.join('; '));
    var paused = new URLSearchParams(query).get('paused');
    if (paused !== null && paused !== '0' && paused !== 'false') api.pause();
  }

  // An idle playground draws no frames (src/platform/main.cpp). What the canvas sees
  // through GLFW wakes it there; these are the page's other events: touch, a resize of
  // the page or its frame, focus and visibility.
  var lastWake = 0;
  function wake() {
    var now = Date.now();
    if (now - lastWake < 100) return;
    lastWake = now;
    page.tell('dp_js_wake');
  }
  ['pointerdown', 'pointermove', 'touchstart', 'touchmove', 'touchend', 'keydown', 'wheel',
    'resize', 'focus', 'visibilitychange'].forEach(function (type) {
    window.addEventListener(type, wake, { passive: true, capture: true });
  });
  if (window.ResizeObserver && canvasLabel) new ResizeObserver(wake).observe(canvasLabel);

  // The canvas is opaque to screen readers: a live region (index.html's #announcer) says
  // the epoch and the validation loss at a calm rate (every 10 s, when they changed), in
  // the page's language.
  function format(key, values) {
    var i = 0;
    return page.str(key).replace(/%[ds]/g, function () { return String(values[i++]); });
  }
  var announcer = document.getElementById('announcer'), announced = '', heldUntil = 0;
  page.announce = function () {
    if (!announcer || !Module.ccall || Date.now() < heldUntil) return;
    var st = call('dp_js_status');
    if (!st || st.val_loss === null || st.val_loss === undefined || st.val_loss < 0) return;
    var loss = st.val_loss.toFixed(3);
    var text = st.done ? format('page.announce_done', [st.epoch, loss])
                       : format('page.announce', [st.epoch, st.epochs, loss]);
    if (text !== announced) announcer.textContent = announced = text;
  };
  setInterval(page.announce, 10000);
  // A lesson's step, check or completion, said at once (the module's lesson events).
  // It stays for 8 s: the epoch's next announcement does not cut it short.
  page.announceNow = function (text) {
    if (announcer && text) announcer.textContent = announced = text;
    heldUntil = Date.now() + 8000;
  };

  Module.onFirstFrame = function () {
    try { configFromUrl(); } catch (e) { if (page.showError) page.showError(String(e)); }
    if (page.onFirstFrameShown) page.onFirstFrameShown();
    page.ready = true;
    resolveReady(api);
  };
})();
