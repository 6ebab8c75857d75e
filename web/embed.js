// The example course page (embed.html): drives both playgrounds with window.postMessage;
// each answers with its state.
// Play both plays them in lockstep: each round asks both to play on to the next epoch
// ({action: 'runTo', epoch}), each holds there when it arrives, and the next round starts
// when both have answered. So both always show the same epoch (for a frame at most, one
// is a step ahead), and Pause both stops both at the same epoch: it lets the round under
// way finish, then pauses both. Each playground trains in slices of its own frames, at
// its own speed setting; the slower one sets the pace.
(function () {
  'use strict';
  var PROTOCOL = 'dropout-playground';
  var frames = [document.getElementById('p0'), document.getElementById('p5')];
  var status = document.getElementById('status');
  var states = {};      // frame id -> its last state
  var playing = false;  // Play both: rounds follow each other
  var round = 0;        // the round under way (its answers carry id 'round-N')
  var arrived = {};     // frame id -> true once it answered this round
  var inRound = false;

  function post(f, msg) {
    msg.type = PROTOCOL;
    f.contentWindow.postMessage(msg, '*');
  }
  function both(msg) { frames.forEach(function (f) { post(f, Object.assign({}, msg)); }); }

  // A round: both play on to `epoch` (default: one past the one further behind).
  function startRound(epoch) {
    if (epoch === undefined) {
      epoch = Math.min.apply(null, frames.map(function (f) { return states[f.id] ? states[f.id].epoch : 0; })) + 1;
    }
    round++;
    arrived = {};
    inRound = true;
    both({ action: 'runTo', epoch: epoch, id: 'round-' + round });
  }
  function roundDone() {
    inRound = false;
    var list = frames.map(function (f) { return states[f.id]; });
    // Paused by a student in one of them, finished, or diverged: stop here.
    var stopped = list.some(function (s) { return !s.running || s.done || s.diverged; });
    if (playing && !stopped) {
      startRound();
      return;
    }
    playing = false;
    both({ action: 'pause' });
  }

  document.getElementById('play').onclick = function () {
    if (playing) return;
    playing = true;
    if (!inRound) startRound();
  };
  document.getElementById('pause').onclick = function () {
    if (playing || inRound) {
      playing = false;  // the round under way ends with both at its epoch, then both pause
    } else {
      both({ action: 'pause' });
    }
  };
  document.getElementById('restart').onclick = function () {
    both({ action: 'restart' });
    // Playing: a new round from epoch 0 (the old round's answers no longer count).
    if (playing) startRound(1);
  };

  function show() {
    status.textContent = frames.map(function (f) {
      var s = states[f.id];
      return s ? 'p = ' + s.config.dropout + ': epoch ' + s.epoch : '';
    }).filter(Boolean).join('  |  ') +
      (playing ? '  (playing both, epoch by epoch)' : Object.keys(states).length ? '  (paused)' : '');
  }
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (!m || m.type !== PROTOCOL || !m.state) return;
    var from = frames.filter(function (f) { return f.contentWindow === e.source; })[0];
    if (!from) return;
    states[from.id] = m.state;
    if (m.reply_to === 'runTo' && m.id === 'round-' + round && inRound) {
      arrived[from.id] = true;
      if (frames.every(function (f) { return arrived[f.id]; })) roundDone();
    }
    show();
  });
  // Keep the status line fresh while a student plays one of them on its own.
  setInterval(function () { if (!inRound) both({ action: 'getState' }); }, 1000);
  // Both ready (each announces itself with {action: 'ready'}): play both.
  var ready = {};
  window.addEventListener('message', function onReady(e) {
    var m = e.data;
    if (!m || m.type !== PROTOCOL || m.action !== 'ready') return;
    frames.forEach(function (f) { if (f.contentWindow === e.source) ready[f.id] = true; });
    if (frames.every(function (f) { return ready[f.id]; })) {
      window.removeEventListener('message', onReady);
      document.getElementById('play').onclick();
    }
  });
})();
