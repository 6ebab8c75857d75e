// Host page messages in a real browser: a course page with the
// playground in an iframe drives it through window.postMessage.
//  - setConfig / play / pause / restart / step / getState round trips: each answered by
//    a {type: 'dropout-playground', action: 'state', reply_to, id, ok, state} message.
//  - A bad config is answered with ok: false and the error; nothing changes.
//  - Garbage (not objects, other protocols, unknown actions, extra keys, wrong types)
//    gets no answer, changes nothing, and is counted in getState().ignored_messages.
//  - A command sent before the playground is ready is carried out once it is.
//   node tests/browser/host_messages.mjs [--site build/web/site]
import { check, run, sleep, waitReady, watchErrors } from './harness.mjs';

const PROTOCOL = 'dropout-playground';

// The host page: an iframe, every message from it recorded, and send(msg) -> reply.
const HOST = `<!doctype html><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,">
<body style="margin:0">
<iframe id="pg" src="/index.html?embed=1&paused=1&seed=4" style="width:900px;height:560px;border:0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => {
    if (e.source === document.getElementById('pg').contentWindow) window.received.push(e.data);
  });
  window.send = (msg, ms = 10000) => new Promise((resolve) => {
    const start = window.received.length;
    document.getElementById('pg').contentWindow.postMessage(msg, '*');
    const t0 = Date.now();
    (function poll() {
      const r = window.received.slice(start).find((m) => m && m.id === msg.id && m.action === 'state');
      if (r) resolve(r); else if (Date.now() - t0 > ms) resolve(null); else setTimeout(poll, 20);
    })();
  });
  // A second playground, told what to do on its iframe's load event, long before its
  // module is ready (the command waits in its queue).
  window.early = [];
  window.addFrameEarly = () => {
    const f = document.createElement('iframe');
    f.src = '/index.html?embed=1&paused=1';
    f.style.cssText = 'width:400px;height:300px;border:0';
    window.addEventListener('message', (e) => { if (e.source === f.contentWindow) window.early.push(e.data); });
    f.addEventListener('load', () => f.contentWindow.postMessage(
      { type: '${PROTOCOL}', action: 'setConfig', config: { dropout: 0.15 }, id: 'early' }, '*'));
    document.body.appendChild(f);
    return true;
  };
</script>`;

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  watchErrors(page, 'host', errors);
  await page.goto(origin + '/host.html', { waitUntil: 'load' });
  const frame = await (await page.$('#pg')).contentFrame();
  if (!check('the embedded playground becomes ready', (await waitReady(frame)) === true)) return;
  await sleep(300);
  const readyMsg = await page.evaluate(() => window.received.find((m) => m && m.action === 'ready'));
  check('it announces itself to the host: {action: "ready", state}',
    readyMsg && readyMsg.type === PROTOCOL && readyMsg.state && readyMsg.state.config.seed === 4,
    JSON.stringify(readyMsg && { ...readyMsg, state: '...' }));

  const send = (msg) => page.evaluate((m) => window.send(m), { type: PROTOCOL, ...msg });
  const inner = () => frame.evaluate(() => playground.getState());

  // getState
  let r = await send({ action: 'getState', id: 1 });
  check('getState is answered with the state', r && r.reply_to === 'getState' && r.id === 1 && r.ok === true &&
    r.state.config.seed === 4 && r.state.running === false && r.state.embed.embed === true,
    JSON.stringify(r && { ...r, state: r.state && { seed: r.state.config.seed, running: r.state.running } }));

  // setConfig
  r = await send({ action: 'setConfig', id: 'cfg', config: { dropout: 0.3, seed: 11 } });
  let st = await inner();
  check('setConfig({dropout: 0.3, seed: 11}) applies; the answer carries the new state',
    r && r.ok === true && r.state.config.dropout === 0.3 && r.state.config.seed === 11 &&
    st.config.dropout === 0.3 && st.config.seed === 11, JSON.stringify(r && r.error));
  r = await send({ action: 'setConfig', id: 'bad', config: { dropout: 2 } });
  st = await inner();
  check('a bad setConfig is answered with ok: false and the error; nothing changes',
    r && r.ok === false && /dropout/.test(r.error) && st.config.dropout === 0.3, JSON.stringify(r && r.error));

  // play / pause / restart / step
  r = await send({ action: 'play', id: 2 });
  const played = r && r.ok && r.state.running === true;
  await sleep(2500);
  const during = await inner();
  check('play: running, and epochs advance', played && during.running && during.step > 0,
    `step ${during.step}, epoch ${during.epoch}`);
  r = await send({ action: 'pause', id: 3 });
  const paused = r && r.ok && r.state.running === false;
  const p1 = (await inner()).step;
  await sleep(1000);
  const p2 = (await inner()).step;
  check('pause: stopped, and it stays put', paused && p1 === p2 && p1 === r.state.step, `step ${p1} -> ${p2}`);
  r = await send({ action: 'restart', id: 4 });
  check('restart: back to step 0 with the same config', r && r.ok && r.state.step === 0 && r.state.config.seed === 11,
    JSON.stringify(r && { step: r.state.step }));
  r = await send({ action: 'step', id: 5, n: 12 });
  check('step(12): twelve optimizer steps', r && r.ok && r.state.step === 12 && r.state.epoch === 1,
    JSON.stringify(r && { step: r.state.step, epoch: r.state.epoch }));

  // Garbage: ignored, counted, never executed.
  const before = await inner();
  const garbage = [
    'play', 42, null, [], [PROTOCOL, 'play'], {}, { action: 'play' }, { type: 'other', action: 'play' },
    { type: PROTOCOL }, { type: PROTOCOL, action: 'explode' }, { type: PROTOCOL, action: 'PLAY' },
    { type: PROTOCOL, action: 'play', extra: 1 }, { type: PROTOCOL, action: 'play', id: { x: 1 } },
    { type: PROTOCOL, action: 'setConfig' }, { type: PROTOCOL, action: 'setConfig', config: 'dropout=0.9' },
    { type: PROTOCOL, action: 'setConfig', config: [0.9] }, { type: PROTOCOL, action: 'restart', config: { dropout: 0.9 } },
    { type: PROTOCOL, action: 'step', n: -1 }, { type: PROTOCOL, action: 'step', n: 1e9 }, { type: PROTOCOL, action: 'step', n: 1.5 },
    { type: PROTOCOL, action: 'state', state: {} }, { type: PROTOCOL, action: 'ready' },
    { type: PROTOCOL, action: 'toString' }, { type: PROTOCOL, action: '__proto__' },
  ];
  const n0 = (await page.evaluate(() => window.received.length));
  await page.evaluate((list) => {
    const w = document.getElementById('pg').contentWindow;
    for (const m of list) w.postMessage(m, '*');
  }, garbage);
  r = await send({ action: 'getState', id: 'after-garbage' });
  const after = await inner();
  const answers = await page.evaluate((n) => window.received.slice(n).filter((m) => !(m && m.id === 'after-garbage')), n0);
  check(`${garbage.length} malformed or unknown messages: counted in getState().ignored_messages`,
    after.ignored_messages - before.ignored_messages === garbage.length,
    `${before.ignored_messages} -> ${after.ignored_messages}`);
  check('... none answered, none executed (same config, step, running)',
    answers.length === 0 && JSON.stringify(after.config) === JSON.stringify(before.config) &&
    after.step === before.step && after.running === before.running && r && r.ok,
    `answers ${JSON.stringify(answers).slice(0, 200)}; step ${before.step} -> ${after.step}`);

  // A command sent before the module is ready is carried out once it is.
  await page.evaluate(() => window.addFrameEarly());
  let early = null;
  for (let i = 0; i < 300 && !early; i++) {
    early = await page.evaluate(() => window.early.find((m) => m && m.id === 'early'));
    if (!early) await sleep(200);
  }
  check('a setConfig sent on the iframe\'s load event (before ready) is carried out and answered',
    early && early.ok === true && early.state.config.dropout === 0.15, JSON.stringify(early && early.error));

  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
}, { extra: { '/host.html': ['text/html; charset=utf-8', HOST] } });
