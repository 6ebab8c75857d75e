// The p-sweep's Web Workers (src/platform/sweep_workers.cpp calls start and cancel): each
// worker (sweep-worker.js) runs one point at a time and answers with its run's JSON,
// handed to the module (dp_js_sweep_answer). No SharedArrayBuffer, so no COOP/COEP: the
// page still works in a course page's cross-origin iframe. The offline single file (and
// a page opened from disk) has no worker script to load: start() says so and the app
// runs the points in its frames instead. Workers: hardwareConcurrency - 1, from 1 to 4
// (one core stays the page's: on two cores a second worker sped the default sweep up by
// a fifth and tripled the frame interval's 95th percentile).
(function () {
  'use strict';
  var Module = window.playgroundModule = window.playgroundModule || {};
  var workers = [];
  var queue = [], config = '', generation = 0;

  function available() {
    return typeof Worker !== 'undefined' && !window.playgroundWasmBase64 &&
      window.location.protocol !== 'file:';
  }
  function answer(gen, index, json, error) {
    if (gen !== generation || !Module.ccall) return;
    Module.ccall('dp_js_sweep_answer', null, ['number', 'number', 'string', 'string'],
      [gen, index, json || '', error || '']);
  }
  function feed(w) {
    var job = queue.shift();
    w.busy = !!job;
    if (job) w.postMessage({ generation: generation, index: job[0], dropout: job[1], seed: job[2], config: config,
      digits: /"data":"digits"/.test(config) ? (window.playgroundPage.data || {}).digits : undefined });
  }
  function spawn() {
    var w = new Worker('sweep-worker.js');
    w.onmessage = function (e) {
      var m = e.data;
      answer(m.generation, m.index, m.json, m.error);
      if (m.generation === generation) feed(w);
    };
    w.onerror = function (e) {
      e.preventDefault();
      var why = (window.playgroundPage ? window.playgroundPage.str('page.sweep_worker_failed') : 'worker failed') +
        (e.message ? ' (' + e.message + ')' : '');
      answer(generation, -1, '', why);
    };
    return w;
  }
  function stop() {
    workers.forEach(function (w) { w.terminate(); });
    workers = [];
    queue = [];
  }

  window.playgroundSweep = {
    // jobs: JSON [[index, dropout, seed], ...]. False when this page cannot run workers.
    // Idle workers of the last sweep are kept, their module compiled and warm: a
    // second sweep starts at once. Busy ones (a sweep started over) are stopped.
    start: function (gen, configJson, jobsJson) {
      if (workers.some(function (w) { return w.busy; })) stop();
      if (!available()) return false;
      generation = gen;
      config = configJson;
      queue = JSON.parse(jobsJson);
      var n = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
      n = Math.min(n, queue.length);
      try {
        while (workers.length < n) workers.push(spawn());
      } catch (e) {  // refused (a policy, a sandbox): the app runs the points itself
        stop();
        return false;
      }
      workers.forEach(feed);
      return true;
    },
    cancel: function () { generation = -1; stop(); },
    workers: function () { return workers.length; }
  };
})();
