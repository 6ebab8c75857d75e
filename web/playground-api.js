// window.playground: the page's scripting API (tests and course pages use it).
//   await playground.ready            // resolves after the first frame is drawn
//   playground.getState()             // {config, epoch, step, running, curves, masks, notices, ...}
//   playground.setConfig({dropout: 0.5})  // -> {ok: true} | {ok: false, error}
//   playground.play(); playground.pause(); playground.step(n); playground.restart();
//   playground.reseed(seed)           // a new seed (default: current + 1), restart
// Config keys are the shared config JSON keys (data, noise, n_train, sizes, dropout,
// optimizer: {name, lr, ...}, batch, epochs, seed, ...); a new `data` brings its input
// width, output width and loss unless `sizes`/`loss` are given. URL parameters of the page
// are applied as a config once ready: index.html?data=moons&dropout=0.5
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

  // Config from the URL: ?dropout=0.5&data=moons (values parsed as JSON when they can be).
  function configFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var partial = {}, any = false, paused = false;
    params.forEach(function (value, key) {
      if (key === 'paused') { paused = value !== '0' && value !== 'false'; return; }
      var v = value;
      try { v = JSON.parse(value); } catch (e) { v = value; }
      partial[key] = v;
      any = true;
    });
    if (any) {
      var r = api.setConfig(partial);
      if (!r.ok && window.playgroundShowError) window.playgroundShowError('URL config: ' + r.error);
    }
    if (paused) api.pause();
  }

  Module.onFirstFrame = function () {
    try { configFromUrl(); } catch (e) { if (window.playgroundShowError) window.playgroundShowError(String(e)); }
    if (Module.onFirstFrameShown) Module.onFirstFrameShown();
    resolveReady(api);
  };
})();
