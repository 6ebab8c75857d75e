// Text fields on phones. The canvas cannot open the on-screen keyboard: only a focused
// text input can, and only when it is focused inside the user's tap. So when a tap lands
// on a text field of the app (the app reports where they are: dp_js_text_field_at),
// web/device.js calls page.focusTextInput() inside its touch handler, which focuses a
// hidden <input>. What is typed there is forwarded to the app: text (IME compositions
// when they end) as characters, Backspace / Enter / arrows as keys. Its key events stop
// there, so Emscripten's GLFW does not see them twice. When the app's field lets go of
// the keyboard (Enter, a tap elsewhere: page.setWantText(false), from
// src/platform/main.cpp), the input is blurred and the keyboard closes. Loaded after
// device.js.
(function () {
  'use strict';
  var page = window.playgroundPage;
  var SENTINEL = ' ';  // kept in the input, so that Backspace always has something to delete
  var input = document.createElement('input');
  input.type = 'text';
  input.className = 'text-proxy';
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('autocorrect', 'off');
  input.setAttribute('autocapitalize', 'off');
  input.setAttribute('spellcheck', 'false');
  input.setAttribute('aria-hidden', 'true');
  input.tabIndex = -1;
  document.body.appendChild(input);
  var composing = false, wantTimer = null;

  function reset() { input.value = SENTINEL; input.setSelectionRange(1, 1); }
  function key(name) { page.tell('dp_js_key', ['string'], [name]); }
  function text(t) { if (t) page.tell('dp_js_text_input', ['string'], [t]); }

  page.textInput = input;
  // From the touch handler (a user gesture): is the tap on a text field? Then focus.
  page.focusTextInput = function (clientX, clientY) {
    var Module = window.playgroundModule;
    if (!Module || !Module.ccall) return false;
    var r = document.getElementById('canvas').getBoundingClientRect();
    var on = Module.ccall('dp_js_text_field_at', 'number', ['number', 'number'],
      [clientX - r.left, clientY - r.top]) === 1;
    if (!on) return false;
    reset();
    input.focus({ preventScroll: true });
    // A tap on a field's +/- buttons focuses no text: if the app does not want text soon,
    // the keyboard goes away again.
    clearTimeout(wantTimer);
    wantTimer = setTimeout(function () { if (!page.wantText) input.blur(); }, 600);
    return true;
  };
  page.wantText = false;
  page.setWantText = function (want) {
    page.wantText = want;
    if (!want && document.activeElement === input) input.blur();
  };

  input.addEventListener('compositionstart', function () { composing = true; });
  input.addEventListener('compositionend', function (e) {
    composing = false;
    text(e.data);
    reset();
  });
  input.addEventListener('input', function (e) {
    if (composing || e.isComposing) return;
    var v = input.value;
    if (v.length === 0) key('Backspace');  // the sentinel went: one character deleted
    else if (v.indexOf(SENTINEL) === 0) text(v.slice(SENTINEL.length));
    else text(v);
    reset();
  });
  // Keys typed into the input never reach Emscripten's GLFW, which listens on the window in
  // the capture phase: this listener, added before it (this file loads before the
  // module), stops them first. Named keys go to the app as keys; text comes through
  // the input events above (a soft keyboard's keys often have no key code at all).
  var NAMED = { Backspace: 1, Enter: 1, Escape: 1, Tab: 1, Delete: 1, ArrowLeft: 1, ArrowRight: 1,
    Home: 1, End: 1 };
  function stop(e) {
    if (e.target !== input) return;
    e.stopImmediatePropagation();
    if (e.type === 'keydown' && NAMED[e.key] && !e.isComposing) {
      e.preventDefault();
      key(e.key);
    }
  }
  ['keydown', 'keypress', 'keyup'].forEach(function (t) { window.addEventListener(t, stop, true); });
})();
