// The example course page (embed.html): drives both playgrounds with window.postMessage;
// each answers with its state.
(function () {
  'use strict';
  var frames = [document.getElementById('p0'), document.getElementById('p5')];
  var status = document.getElementById('status');
  var epochs = {};
  function send(action) {
    frames.forEach(function (f) {
      f.contentWindow.postMessage({ type: 'dropout-playground', action: action }, '*');
    });
  }
  ['play', 'pause', 'restart'].forEach(function (a) {
    document.getElementById(a).onclick = function () { send(a); };
  });
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (!m || m.type !== 'dropout-playground' || !m.state) return;
    frames.forEach(function (f) {
      if (f.contentWindow === e.source) epochs[f.id] = m.state;
    });
    status.textContent = frames.map(function (f) {
      var s = epochs[f.id];
      return s ? 'p = ' + s.config.dropout + ': epoch ' + s.epoch + (s.running ? '' : ' (paused)') : '';
    }).filter(Boolean).join('  |  ');
  });
  // Keep the status line fresh while the runs play.
  setInterval(function () { send('getState'); }, 1000);
})();
