// Course pages: what the playground does for the page that shows it.
//  - Embedded (in an iframe, or ?embed=1): the canvas takes the keyboard only after a
//    click, and while it does not have it, keys and wheel scrolling belong to the host
//    page (Emscripten's GLFW listens on the whole window and cancels wheel events).
//  - Host page messages (window.postMessage): setConfig, play, pause, restart, step,
//    runTo, getState; each answered with a message carrying the state (runTo when the run
//    gets there). Anything else is ignored, never executed, and counted
//    (getState().ignored_messages).
//  - Lessons: when a step or a lesson is completed, a lesson-progress message goes to
//    the host page ({type, action: 'lesson-progress', event: 'step-done' | 'lesson-done',
//    lesson: getState().lesson}), and the page's live region says it.
//  - A hidden tab stops drawing and training; it resumes where it was.
//  - A link's bad parameters are listed in a banner above the canvas.
// Loaded after playground-api.js and before boot.js (so its key and wheel filters run
// before the module's own listeners, which are added later).
(function () {
  'use strict';
  var PROTOCOL = 'dropout-playground';
  var api = window.playground;
  var page = window.playgroundPage;
  var canvas = document.getElementById('canvas');
  var params = new URLSearchParams(window.location.search);
  var embedParam = params.get('embed');
  var embedded = embedParam === '1' || embedParam === 'true';
  var framed = (function () {
    try { return window.self !== window.top; } catch (e) { return true; }
  })();

  // ---- Keyboard and wheel: only while the canvas has the focus (embedded) ----
  if (embedded || framed) {
    page.noAutoFocus = true;  // boot.js: no canvas.focus() on load
    var canvasHasFocus = function () {
      return document.hasFocus() && document.activeElement === canvas;
    };
    // Capture listeners on window run before the module's (also window/canvas capture,
    // added later): stopping the event here keeps it from GLFW, which would cancel it.
    // Tab always goes to the browser: the canvas is no keyboard trap (GLFW would cancel
    // it), so Tab moves on to the course page's next link or field.
    var gate = function (e) {
      if (!canvasHasFocus() || e.key === 'Tab') e.stopImmediatePropagation();
    };
    ['keydown', 'keypress', 'keyup'].forEach(function (t) { window.addEventListener(t, gate, true); });
    ['wheel', 'mousewheel'].forEach(function (t) {
      window.addEventListener(t, gate, { capture: true, passive: true });
    });
    // A click gives the canvas the keyboard (tabindex=-1 makes it focusable). Without
    // scrolling: focus() would scroll the course page to show all of the canvas, so the
    // page would move under the pointer between press and release, and the release (where
    // the app sees the click) would land on another widget than the one pressed.
    var take = function () { canvas.focus({ preventScroll: true }); };
    canvas.addEventListener('mousedown', take, true);
    canvas.addEventListener('touchstart', take, { capture: true, passive: true });
  }

  // ---- The pointer leaves the canvas: no hover (tooltips) left behind ----
  // Emscripten's GLFW keeps the last position when the pointer leaves, so a tooltip
  // would stay up, e.g. after moving from an iframe back to the course text.
  canvas.addEventListener('mouseleave', function (e) {
    if (e.buttons !== 0) return;  // a drag (slider) continues outside
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: -10000, clientY: -10000,
      screenX: -10000, screenY: -10000, bubbles: true, cancelable: true, view: window }));
  });

  // ---- Host page messages ----
  var ACTIONS = { setConfig: 1, play: 1, pause: 1, restart: 1, step: 1, runTo: 1, getState: 1 };
  var KEYS = { type: 1, action: 1, id: 1, config: 1, n: 1, epoch: 1 };
  function isPlainObject(x) {
    return x !== null && typeof x === 'object' && !Array.isArray(x) &&
      Object.getPrototypeOf(x) === Object.prototype;
  }
  // A well-formed command, or null. Unknown keys or actions make it malformed.
  function parse(m) {
    if (!isPlainObject(m) || m.type !== PROTOCOL || typeof m.action !== 'string' ||
        !Object.prototype.hasOwnProperty.call(ACTIONS, m.action)) return null;
    for (var k in m) if (!Object.prototype.hasOwnProperty.call(KEYS, k)) return null;
    if (m.id !== undefined && typeof m.id !== 'string' &&
        !(typeof m.id === 'number' && isFinite(m.id))) return null;
    if (m.action === 'setConfig' ? !isPlainObject(m.config) : m.config !== undefined) return null;
    if (m.action === 'step' ? !(Number.isInteger(m.n) && m.n >= 0 && m.n <= 1000000)
                            : m.n !== undefined) return null;
    if (m.action === 'runTo' ? !(Number.isInteger(m.epoch) && m.epoch >= 0 && m.epoch <= 100000)
                             : m.epoch !== undefined) return null;
    return m;
  }
  function execute(m) {
    switch (m.action) {
      case 'setConfig': return api.setConfig(m.config);
      case 'play': return api.play();
      case 'pause': return api.pause();
      case 'restart': return api.restart();
      case 'step': return api.step(m.n);
      case 'runTo': return api.runTo(m.epoch);
      default: return { ok: true };  // getState
    }
  }
  function reply(target, origin, m, result) {
    var msg = { type: PROTOCOL, action: 'state', reply_to: m.action, ok: result.ok !== false,
                state: api.getState() };
    if (m.id !== undefined) msg.id = m.id;
    if (result.error) msg.error = result.error;
    try {
      target.postMessage(msg, origin && origin !== 'null' ? origin : '*');
    } catch (e) { /* the host went away */ }
  }
  // runTo is answered when the run has completed that many epochs (it holds there, still
  // playing), or when it stops short of it: paused, finished, or held elsewhere by a
  // newer runTo. A host page that sends it to two playgrounds and waits for both answers
  // before the next epoch plays them in lockstep (embed.html's Play both).
  var arriving = [];  // [{target, origin, m, result}] not answered yet
  // Looked at after each animation frame's callbacks (the app's frame among them), so
  // that an arrival is answered in the frame it happens.
  function afterNextFrame() {
    requestAnimationFrame(function () { setTimeout(settleArrivals, 0); });
  }
  function settleArrivals() {
    var st = api.status();
    arriving = arriving.filter(function (w) {
      var e = w.m.epoch;
      if (st.epoch < e && st.running && !st.done && st.hold_epoch === e) return true;
      reply(w.target, w.origin, w.m, w.result);
      return false;
    });
    if (arriving.length) afterNextFrame();
  }
  var isReady = false;
  var pending = [];  // commands that arrived before the first frame
  function handle(e) {
    page.tell('dp_js_wake');  // an idle page draws again (src/platform/main.cpp)
    var m = parse(e.data);
    if (!m || !e.source) { page.ignoredMessages++; return; }
    if (!isReady) {
      if (pending.length >= 32) { page.ignoredMessages++; return; }
      pending.push(e);
      return;
    }
    var result;
    try { result = execute(m); } catch (err) { result = { ok: false, error: String(err && err.message || err) }; }
    result = result || { ok: true };
    if (m.action === 'runTo' && result.ok !== false && arriving.length < 32) {
      if (!arriving.length) afterNextFrame();
      arriving.push({ target: e.source, origin: e.origin, m: m, result: result });
      return;
    }
    reply(e.source, e.origin, m, result);
  }
  window.addEventListener('message', handle);

  // ---- Lessons: progress to the host page and to screen readers ----
  // Called by the module during a frame: the message leaves once the frame is done.
  page.lessonEvent = function (kind, text) {
    setTimeout(function () {
      if (page.announceNow) page.announceNow(text);
      if (kind === 'step' || !framed || !window.parent) return;
      try {
        window.parent.postMessage({ type: PROTOCOL, action: 'lesson-progress', event: kind,
                                    lesson: api.getState().lesson }, '*');
      } catch (e) { /* no host */ }
    }, 0);
  };

  // ---- Hidden tab: no frames, no training; resume where it was ----
  function onVisibility() {
    if (!isReady) return;
    var hidden = document.hidden;
    if (hidden === !page.rendering) return;
    page.rendering = !hidden;
    page.call('dp_js_set_page_visible', ['number'], [hidden ? 0 : 1]);
  }
  document.addEventListener('visibilitychange', onVisibility);

  // ---- The link's bad parameters, in words, above the canvas ----
  function showLinkNotices(link) {
    if (!link.length) return;
    var box = document.createElement('div');
    box.id = 'link-notices';
    box.setAttribute('role', 'status');
    box.style.cssText = 'position:fixed;top:0;left:50%;transform:translateX(-50%);z-index:5;' +
      'max-width:min(46em,94vw);padding:.5em 2.2em .5em .9em;background:#3d3418;color:#ffe7a6;' +
      'border:1px solid #a8862c;border-top:0;border-radius:0 0 6px 6px;font:13px/1.4 system-ui,sans-serif;';
    var title = document.createElement('div');
    title.textContent = page.str('page.link_notices');
    title.style.fontWeight = '600';
    box.appendChild(title);
    link.forEach(function (n) {
      var line = document.createElement('div');
      line.textContent = n;
      box.appendChild(line);
    });
    var close = document.createElement('button');
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', page.str('page.close'));
    close.style.cssText = 'position:absolute;top:.2em;right:.3em;background:none;border:0;color:inherit;' +
      'font-size:18px;cursor:pointer;';
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    document.body.appendChild(box);
  }

  api.ready.then(function () {
    isReady = true;
    try { showLinkNotices(page.linkNotices); } catch (e) { /* shown in the canvas too */ }
    onVisibility();
    pending.splice(0).forEach(handle);
    if (framed && window.parent) {
      try {
        window.parent.postMessage({ type: PROTOCOL, action: 'ready', state: api.getState() }, '*');
      } catch (e) { /* no host */ }
    }
  }, function () { /* boot.js shows the error */ });
})();
