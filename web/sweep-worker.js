// A Web Worker of the p-sweep (started by sweep.js): loads the core-only module
// (sweep_worker.js / sweep_worker.wasm, built from src/platform/sweep_worker_main.cpp) and
// answers each message {generation, index, config, dropout, seed[, digits]} with that
// point's run, {generation, index, json} (the run's JSON text), or {generation, index,
// error}. digits: the digits asset's bytes (a digits config), handed to the module once.
'use strict';
importScripts('sweep_worker.js');
var ready = createSweepWorkerModule();
onmessage = function (e) {
  var m = e.data;
  ready.then(function (M) {
    if (m.digits && !M.digitsProvided) {
      var p = M._malloc(m.digits.length);
      M.HEAPU8.set(m.digits, p);
      var err = M.ccall('dp_sweep_provide_digits', 'string', ['number', 'number'], [p, m.digits.length]);
      M._free(p);
      if (err) { postMessage({ generation: m.generation, index: m.index, error: err }); return; }
      M.digitsProvided = true;
    }
    var out = M.ccall('dp_sweep_run', 'string', ['string', 'number', 'number'],
      [m.config, m.dropout, m.seed]);
    if (out.charAt(0) === '!') postMessage({ generation: m.generation, index: m.index, error: out.slice(1) });
    else postMessage({ generation: m.generation, index: m.index, json: out });
  }, function (err) {
    postMessage({ generation: m.generation, index: m.index, error: String(err) });
  });
};
