// window.playground: the page's scripting API (tests and course pages use it).
//   await playground.ready            // resolves after the first frame is drawn
//   playground.getState()             // {config, epoch, step, running, curves, masks, notices, ...}
//   playground.setConfig({dropout: 0.5})  // -> {ok: true} | {ok: false, error}
//   playground.play(); playground.pause(); playground.step(n); playground.restart();
//   playground.reseed(seed)           // a new seed (default: current + 1), restart
// Config keys are the shared config JSON keys (data, noise, n_train, sizes, dropout,
// optimizer: {name, lr, ...}, batch, epochs, seed, ...); a new `data` brings its input
// width, output width and loss unless `sizes`/`loss` are given. The page URL's
// parameters are applied once ready: index.html?dataset=moons&dropout=0.5&paused=1
(function () {
  'use strict';
  var resolveReady, rejectReady;
  var ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
  window.playgroundRejectReady = rejectReady;
  var Module = window.playgroundModule = window.playgroundModule || {};

  function call(name, types, args) {
    if (!Module.ccall) throw new Error('playground is not ready yet: await playground.ready first');
    return JSON.parse(Module.ccall(name, 'string', types || [], args || []));
  }

  var api = {
    ready: ready,
    getState: function () { return call('dp_js_get_state'); },
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
    restart: function () { return call('dp_js_restart'); },
    reseed: function (seed) {
      if (seed === undefined) seed = api.getState().config.seed + 1;
      if (!Number.isSafeInteger(seed)) return { ok: false, error: 'reseed(seed): seed must be an integer' };
      return call('dp_js_reseed', ['number'], [seed]);
    }
  };
  window.playground = api;

  // Config from the URL (?dataset=moons&hidden=32,32&dropout=0.3&seed=42&lr=0.1): the
  // core's URL rules; a bad parameter is skipped and named in the Controls' notices.
  // ?paused=1 starts paused.
  function configFromUrl() {
    var query = window.location.search;
    if (!query || query === '?') return;
    var r = call('dp_js_apply_query', ['string'], [query]);
    if (r.notices && r.notices.length) console.warn('playground URL: ' + r.notices.join('; '));
    var paused = new URLSearchParams(query).get('paused');
    if (paused !== null && paused !== '0' && paused !== 'false') api.pause();
  }

  Module.onFirstFrame = function () {
    try { configFromUrl(); } catch (e) { if (window.playgroundShowError) window.playgroundShowError(String(e)); }
    if (Module.onFirstFrameShown) Module.onFirstFrameShown();
    resolveReady(api);
  };
})();
