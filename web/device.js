// The page on real devices:
//  - Touch: Emscripten 3.1.6's GLFW turns a touch into a button press at the *old*
//    pointer position (it reads positions only from SDL's touch records), so a tap
//    would click whatever was under the last position. We take touches before it
//    does and replay them as mouse events at the finger: tap = click, drag = drag
//    (sliders). After the finger lifts the pointer leaves the canvas, so no tooltip
//    stays up. Two-finger gestures are left alone.
//  - WebGL context loss (GPU reset, too many tabs): the module stops drawing, a card
//    says what happened with a Reload button, and when the browser restores the
//    context the module makes its GL objects again and the card goes away.
// (The backing store follows the canvas' CSS size times devicePixelRatio every
// frame: src/platform/main.cpp, sync_canvas_size.) Loaded after playground-api.js.
(function () {
  'use strict';
  var page = window.playgroundPage;
  var canvas = document.getElementById('canvas');
  canvas.style.touchAction = 'none';  // no page scroll or zoom gestures on the canvas

  // ---- Touch -> mouse ----
  // A phone or tablet (a coarse primary pointer) is a touch screen from the start, so
  // that the first tap lands on the finger-sized layout it aimed at; any device becomes
  // one at its first touch.
  page.touchInput = !!(window.matchMedia && matchMedia('(pointer: coarse)').matches);
  var finger = null, leaveTimer = null;
  function mouse(type, x, y, buttons) {
    canvas.dispatchEvent(new MouseEvent(type, {
      clientX: x, clientY: y, screenX: x, screenY: y, button: 0, buttons: buttons,
      bubbles: true, cancelable: true, view: window }));
  }
  function find(list, id) {
    for (var i = 0; i < list.length; ++i) if (list[i].identifier === id) return list[i];
    return null;
  }
  function onTouch(e) {
    if (e.target !== canvas) return;
    if (e.cancelable) e.preventDefault();  // no emulated mouse events, no scrolling
    e.stopImmediatePropagation();  // Emscripten's own touch handlers never see it
    page.touchInput = true;
    if (e.type === 'touchstart') {
      if (finger !== null || e.touches.length > 1) return;
      var t = e.changedTouches[0];
      finger = t.identifier;
      clearTimeout(leaveTimer);
      mouse('mousemove', t.clientX, t.clientY, 0);
      mouse('mousedown', t.clientX, t.clientY, 1);
      return;
    }
    var u = finger === null ? null : find(e.changedTouches, finger);
    if (!u) return;
    if (e.type === 'touchmove') {
      mouse('mousemove', u.clientX, u.clientY, 1);
    } else {  // touchend, touchcancel
      finger = null;
      mouse('mouseup', u.clientX, u.clientY, 0);
      // A tap on a text field: the hidden input takes the keyboard (web/textinput.js),
      // here, inside the touch handler, or the phone would not open its keyboard.
      if (e.type === 'touchend' && page.focusTextInput) page.focusTextInput(u.clientX, u.clientY);
      // A few frames later (the click must land first), the pointer leaves.
      leaveTimer = setTimeout(function () { mouse('mousemove', -10000, -10000, 0); }, 350);
    }
  }
  ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
    window.addEventListener(type, onTouch, { capture: true, passive: false });
  });
  // A real mouse (a laptop with a touch screen) switches touch behaviour off again.
  window.addEventListener('mousedown', function (e) {
    if (e.isTrusted) page.touchInput = false;
  }, true);

  // ---- WebGL context loss ----
  var card = null, giveUpTimer = null;
  function showCard(waiting) {
    if (!card) {
      card = document.createElement('div');
      card.id = 'context-lost';
      card.setAttribute('role', 'alert');
      card.className = 'overlay';  // styles: playground.css (no inline styles under the page's policy)
      card.innerHTML = '<div class="card"><h1></h1><p><span class="what"></span> <span class="why"></span></p>' +
          '<button type="button"></button></div>';
      card.querySelector('h1').textContent = page.str('page.context_lost_title');
      card.querySelector('.what').textContent = page.str('page.context_lost');
      var reload = card.querySelector('button');
      reload.textContent = page.str('page.reload');
      reload.addEventListener('click', function () { window.location.reload(); });
      document.body.appendChild(card);
    }
    card.querySelector('.why').textContent = page.str(waiting ? 'page.context_waiting' : 'page.context_gone');
    card.hidden = false;
  }
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();  // tells the browser we want the context back
    page.tell('dp_js_gl_lost');
    showCard(true);
    clearTimeout(giveUpTimer);
    giveUpTimer = setTimeout(function () { showCard(false); }, 5000);
  });
  canvas.addEventListener('webglcontextrestored', function () {
    clearTimeout(giveUpTimer);
    page.tell('dp_js_gl_restored');  // the module redraws and says so in a notice
    if (card) card.hidden = true;
  });
  window.playgroundContextLostShown = function () { return !!card && !card.hidden; };
})();
