// An API storm in Chromium: 2,000 seeded random calls on a playground in an iframe of a
// host page (a small PRNG with a fixed seed, so every run makes the same calls):
// setConfig with valid and invalid partials (and partials mixing both: all or nothing),
// play, pause, step, restart, reseed, importConfig (valid and invalid), the exports,
// and host page messages, garbage among them. Configs stay small, so each call is quick.
// After every call the test checks what the answer promises: a refused call, and every
// call that is not a config change, leaves the config as it was; an accepted setConfig
// holds the values it was given; step(n) takes n steps (or up to the end) and pauses;
// exportConfig is the config in force; garbage messages are never answered and are
// counted in getState().ignored_messages. After the storm: no crash, no console error,
// the page still draws, getState().config is the last config that was accepted (tracked
// from the answers), and a fresh run of it (restart, 10 epochs of step) gives the
// native CLI's first 10 epochs, float32 for float32.
//   node tests/browser/storm.mjs [--site build/web/site] [--cli build/native/playground-cli]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, check, repo, run, sleep, waitReady, watchErrors } from './harness.mjs';

const cli = arg('--cli', path.join(repo, 'build/native/playground-cli'));
const CALLS = 2000;
const CHUNK = 250;  // calls per round trip
const SEED = 20261202;
const COMPARE_EPOCHS = 10;
const PROTOCOL = 'dropout-playground';

// ---- the storm: runs in the host page, a chunk of calls per round trip ----
// (A software-rendered frame holds the page for a long time, and each round trip waits
// for one; Playwright sends this function's source, so it is self-contained. The
// playground is the iframe's window.playground, called as a course page of the same
// origin would; messages go through window.send of the host page.)
async function stormChunk({ count, seed, protocol: PROTOCOL, minEpochs: COMPARE_EPOCHS }) {
  const win = document.getElementById('pg').contentWindow;
  const pg = win.playground;
  const S = window.storm || (window.storm = { a: seed >>> 0, i: 0, expected: null, problems: [], counts: {},
    accepted: 0, refused: 0, garbage: 0, answered: 0, threw: 0, pngs: 0 });

  // mulberry32: a small, well-known 32-bit PRNG.
  // (Its state lives in window.storm, so the sequence goes on from chunk to chunk.)
  const rand = () => {
    S.a = (S.a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(S.a ^ (S.a >>> 15), 1 | S.a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const round2 = (v) => Math.round(v * 100) / 100;

  // Deep equality of JSON values, key order ignored.
  function same(a, b) {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }

  const HIDDEN_TAKERS = { sgd: ['momentum'], rmsprop: ['momentum', 'alpha'], adam: ['betas'], adamw: ['betas'] };

  // A partial the config in force (cfg) must accept: moderate sizes, values in range.
  function validPartial(cfg) {
    const explicit = Array.isArray(cfg.x);
    const makers = [
      () => ({ dropout: round2(rand() * 0.95) }),
      () => (rand() < 0.5 ? { lr: pick([0.001, 0.003, 0.01, 0.03, 0.1]) } : { optimizer: { lr: pick([0.002, 0.02, 0.05]) } }),
      () => ({ seed: int(-1000, 100000) }),
      () => ({ activation: pick(['relu', 'tanh', 'sigmoid']) }),
      () => ({ batch: int(1, 32) }),
      () => ({ epochs: int(COMPARE_EPOCHS, 60) }),
      () => ({ sizes: [cfg.sizes[0], ...Array.from({ length: int(1, 3) }, () => int(1, 32)), cfg.sizes[cfg.sizes.length - 1]] }),
      () => ({ optimizer: { name: pick(['sgd', 'adam', 'adamw', 'rmsprop']) } }),
      () => ({ optimizer: pick(['sgd', 'adam', 'adamw', 'rmsprop']) }),  // a name alone
      () => (rand() < 0.5 ? { weight_decay: pick([0, 0.001, 0.01]) } : { optimizer: { weight_decay: pick([0, 0.02]) } }),
      () => ({ name: `run ${int(0, 99)}` }),
      () => {
        const m = pick([0, 0.5, 0.9]);  // Nesterov needs momentum > 0
        return { optimizer: { name: 'sgd', lr: 0.05, momentum: m, ...(m === 0 ? { nesterov: false } : {}) } };
      },
    ];
    if (!explicit) {
      makers.push(() => ({ data: pick(['moons', 'circles', 'xor', 'spiral', 'sine']) }),
        () => ({ noise: round2(rand() * 0.5) }), () => ({ data_seed: int(0, 1000) }),
        () => ({ n_train: int(1, 64) }), () => ({ n_val: int(1, 64) }));
    }
    const takes = HIDDEN_TAKERS[cfg.optimizer.name] || [];
    if (takes.includes('momentum')) {
      makers.push(() => (rand() < 0.5 ? { optimizer: { momentum: pick([0.1, 0.5, 0.9]) } } : { momentum: pick([0.3, 0.6]) }));
    }
    if (cfg.optimizer.name === 'sgd') makers.push(() => ({ optimizer: { momentum: 0.9, nesterov: rand() < 0.5 } }));
    if (takes.includes('alpha')) makers.push(() => ({ optimizer: { alpha: pick([0.9, 0.95]) } }));
    if (takes.includes('betas')) makers.push(() => ({ optimizer: { betas: [0.8, 0.99] } }));
    // One to three keys; the sizes keep the network's ends, so never with data.
    const out = {};
    for (let k = int(1, 3); k > 0; k--) {
      const p = pick(makers)();
      const flat = (o) => ['lr', 'momentum', 'weight_decay'].some((k) => k in o);
      if ((p.data && out.sizes) || (p.sizes && out.data) || ((p.optimizer || flat(p)) && (out.optimizer || flat(out)))) continue;
      Object.assign(out, p);
    }
    return out;
  }

  // A value that every config must refuse (out of range, wrong type, unknown name or key).
  const BAD_PARTIALS = [
    { dropout: 1.5 }, { dropout: -0.1 }, { dropout: '0.5' }, { dropout: null }, { batch: 0 }, { batch: 4097 },
    { batch: 2.5 }, { n_train: 0 }, { n_train: 4097 }, { n_val: 8193 }, { epochs: 0 }, { epochs: 100001 },
    { sizes: [2, 0, 3] }, { sizes: [2, 513, 3] }, { sizes: [] }, { sizes: 'x' }, { sizes: [2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3] },
    { data: 'imagenet' }, { activation: 'swish' }, { optimizer: 'lbfgs' }, { optimizer: { name: 'adam', momentum: 0.9 } },
    { lr: 0 }, { lr: -1 }, { lr: 1000 }, { seed: 2 ** 60 }, { seed: 1.5 }, { noise: 5 }, { foo: 1 },
    { optimizer: { foo: 1 } }, { optimizer: { momentum: 1 } }, { optimizer: { betas: [1, 0.5] } }, { optimizer: { eps: 0 } },
    { dropout: 0.3, batch: 0 }, { seed: 9, sizes: [2, -4, 3] }, { lr: 0.02, data: 'nope' }, { epochs: 20, dropout: 2 },
  ];
  const NOT_OBJECTS = [null, 42, 'dropout=0.5', [0.5], true];

  // A complete config the page must import: the one in force with a few fields changed (and
  // now and then explicit x/y data of 2-D points with labels 0/1).
  function validImport(cfg) {
    const c = JSON.parse(JSON.stringify(cfg));
    c.name = `storm-${int(0, 999)}`;
    c.seed = int(0, 5000);
    c.dropout = round2(rand() * 0.9);
    c.epochs = int(COMPARE_EPOCHS, 40);
    c.batch = int(1, 16);
    if (!Array.isArray(c.x) && rand() < 0.25 && c.sizes[0] === 2 && c.loss !== 'mse') {
      const n = int(4, 24), v = int(2, 16);
      // Multiples of 1/16: exact in float32, so the config shows them as given.
      c.x = Array.from({ length: n + v }, () => [int(-16, 16) / 16, int(-16, 16) / 16]);
      c.y = c.x.map(([a, b]) => (a * b > 0 ? 1 : 0));
      c.n_train = n;
      c.n_val = v;
      delete c.data; delete c.noise; delete c.data_seed;
    } else if (!Array.isArray(c.x)) {
      c.n_train = int(4, 48);
      c.n_val = int(4, 48);
    }
    return c;
  }

  function badImport(cfg) {
    const full = JSON.parse(JSON.stringify(cfg));
    return pick([
      '', '{', 'null', '[]', '42', '"config"', '{"data": "spiral"}',
      JSON.stringify({ ...full, dropout: 2 }), JSON.stringify({ ...full, epochs: 0 }),
      JSON.stringify({ ...full, unknown_key: 1 }), JSON.stringify({ ...full, sizes: [2, 0, 3] }),
      JSON.stringify({ ...full, optimizer: { name: 'lbfgs', lr: 0.1 } }),
      JSON.stringify(full).slice(0, -3), 42, null, true,
    ]);
  }

  // Host page messages that are not the protocol: never carried out, never answered.
  function garbageMessage() {
    return pick([
      () => 'play', () => int(0, 99), () => null, () => [], () => ({}), () => ({ action: 'play' }),
      () => ({ type: 'other', action: 'play' }), () => ({ type: PROTOCOL }), () => ({ type: PROTOCOL, action: 'explode' }),
      () => ({ type: PROTOCOL, action: 'PLAY' }), () => ({ type: PROTOCOL, action: 'play', extra: 1 }),
      () => ({ type: PROTOCOL, action: 'play', id: { x: 1 } }), () => ({ type: PROTOCOL, action: 'setConfig' }),
      () => ({ type: PROTOCOL, action: 'setConfig', config: 'dropout=0.9' }),
      () => ({ type: PROTOCOL, action: 'setConfig', config: [0.9] }),
      () => ({ type: PROTOCOL, action: 'restart', config: { dropout: 0.9 } }),
      () => ({ type: PROTOCOL, action: 'step', n: -1 }), () => ({ type: PROTOCOL, action: 'step', n: 1e9 }),
      () => ({ type: PROTOCOL, action: 'step', n: 1.5 }), () => ({ type: PROTOCOL, action: 'step', n: '5' }),
      () => ({ type: PROTOCOL, action: 'state', state: {} }), () => ({ type: PROTOCOL, action: 'ready' }),
      () => ({ type: PROTOCOL, action: 'toString' }), () => ({ type: PROTOCOL, action: '__proto__' }),
      () => ({ type: PROTOCOL, action: 'pause', id: NaN }), () => ({ type: PROTOCOL, action: 'getState', n: 3 }),
      () => String.fromCharCode(...Array.from({ length: int(1, 30) }, () => int(0x20, 0xd7ff))),
      () => ({ type: PROTOCOL, action: pick(['play', 'pause']), [String.fromCharCode(int(97, 122))]: int(0, 9) }),
    ])();
  }

  // One random call: {kind, arg, cls}. cls: 'valid' (must be accepted), 'invalid' (must be
  // refused) or 'any' (no promise; the answer decides).
  function nextCall(cfg) {
    const r = rand();
    if (r < 0.20) return { kind: 'setConfig', arg: validPartial(cfg), cls: 'valid' };
    if (r < 0.30) return { kind: 'setConfig', arg: pick(BAD_PARTIALS), cls: 'invalid' };
    if (r < 0.32) return { kind: 'setConfig', arg: pick(NOT_OBJECTS), cls: 'invalid' };
    if (r < 0.34) return { kind: 'setConfig', arg: { loss: pick(['mse', 'bce_with_logits', 'cross_entropy']) }, cls: 'any' };
    if (r < 0.40) return { kind: 'play', cls: 'valid' };
    if (r < 0.46) return { kind: 'pause', cls: 'valid' };
    if (r < 0.54) return { kind: 'step', arg: int(0, 40), cls: 'valid' };
    if (r < 0.56) return { kind: 'step', arg: pick([-1, 1.5, '3', 1000001, NaN]), cls: 'invalid' };
    if (r < 0.60) return { kind: 'restart', cls: 'valid' };
    if (r < 0.63) return { kind: 'reseed', arg: rand() < 0.8 ? int(-5000, 5000) : undefined, cls: 'valid' };
    if (r < 0.64) return { kind: 'reseed', arg: pick([1.5, 2 ** 60, 'x', Infinity]), cls: 'invalid' };
    if (r < 0.67) return { kind: rand() < 0.5 ? 'importObject' : 'importText', arg: validImport(cfg), cls: 'valid' };
    if (r < 0.70) return { kind: 'importText', arg: badImport(cfg), cls: 'invalid' };
    if (r < 0.78) return { kind: pick(['exportCSV', 'exportTorch', 'exportConfig', 'shareUrl']), cls: 'valid' };
    if (r < 0.785) return { kind: 'exportPNG', cls: 'valid' };
    if (r < 0.92) {
      const m = pick([
        () => ({ action: 'setConfig', config: validPartial(cfg), cls: 'valid' }),
        () => ({ action: 'setConfig', config: pick(BAD_PARTIALS), cls: 'invalid' }),
        () => ({ action: 'play', cls: 'valid' }), () => ({ action: 'pause', cls: 'valid' }),
        () => ({ action: 'restart', cls: 'valid' }), () => ({ action: 'step', n: int(0, 40), cls: 'valid' }),
        () => ({ action: 'getState', cls: 'valid' }),
      ])();
      const { cls, ...msg } = m;
      return { kind: 'message', arg: { type: PROTOCOL, ...msg }, cls };
    }
    return { kind: 'garbage', arg: garbageMessage(), cls: 'invalid' };
  }

  // ---- one call, and what its answer promises ----
  const snap = () => {
    const s = pg.getState();
    return { config: s.config, step: s.step, epoch: s.epoch, running: s.running, done: s.done,
      bpe: s.batches_per_epoch };
  };
  const problem = (i, call, what) => S.problems.push(
    `#${i} ${call.kind} ${String(JSON.stringify(call.arg)).slice(0, 160)}: ${what}`);
  // The values a partial gave, as the config shows them: [path, value] pairs.
  function givenValues(partial) {
    const out = [];
    for (const [k, v] of Object.entries(partial)) {
      if (k === 'optimizer' && v && typeof v === 'object') {
        for (const [ok, ov] of Object.entries(v)) out.push([['optimizer', ok], ov]);
      } else if (k === 'optimizer') {
        out.push([['optimizer', 'name'], v]);
      } else if (['lr', 'momentum', 'weight_decay'].includes(k)) {
        out.push([['optimizer', k], v]);
      } else {
        out.push([[k], v]);
      }
    }
    return out;
  }
  const at = (obj, p) => p.reduce((o, k) => (o == null ? undefined : o[k]), obj);

  if (!S.expected) S.expected = snap().config;  // the config last accepted: the page's at the start
  for (let n = 0; n < count; n++, S.i++) {
    const i = S.i;
    const call = nextCall(S.expected);
    S.counts[call.kind] = (S.counts[call.kind] || 0) + 1;
    if (call.kind === 'garbage') {
      window.post(call.arg);  // an answer would show up in window.received (checked at the end)
      S.garbage++;
      continue;
    }
    let before, after, res;
    if (call.kind === 'message') {
      const msg = { ...call.arg, id: `storm-${i}` };
      before = snap();
      const reply = await window.send(msg);
      after = snap();
      if (!reply) { problem(i, call, 'no answer within 10 s'); continue; }
      S.answered++;
      if (reply.reply_to !== msg.action || reply.type !== PROTOCOL || !reply.state) {
        problem(i, call, `malformed answer ${JSON.stringify({ ...reply, state: !!reply.state })}`);
      }
      res = { ok: reply.ok, error: reply.error };
      if (msg.action === 'setConfig' && reply.ok) res.config = reply.state.config;
      if (msg.action === 'step') res.step = reply.state.step;
      call.kind = `message.${msg.action}`;
      call.arg = msg.config !== undefined ? msg.config : msg.n;
    } else {
      before = snap();
      try {
        switch (call.kind) {
          case 'setConfig': res = pg.setConfig(call.arg); break;
          case 'play': res = pg.play(); break;
          case 'pause': res = pg.pause(); break;
          case 'step': res = pg.step(call.arg); break;
          case 'restart': res = pg.restart(); break;
          case 'reseed': res = pg.reseed(call.arg); break;
          case 'importObject': res = pg.importConfig(call.arg); break;
          case 'importText':
            res = pg.importConfig(typeof call.arg === 'object' && call.arg !== null ? JSON.stringify(call.arg) : call.arg);
            break;
          case 'exportCSV': res = { ok: true, text: pg.exportCSV() }; break;
          case 'exportTorch': res = { ok: true, text: pg.exportTorchScript() }; break;
          case 'exportConfig': res = { ok: true, text: pg.exportConfig() }; break;
          case 'shareUrl': res = { ok: true, text: pg.shareUrl() }; break;
          case 'exportPNG': {
            const b = await pg.exportPNG();  // a Blob of the iframe's realm
            res = { ok: true, size: b.size, type: b.type };
            break;
          }
          default: throw new Error('unknown kind ' + call.kind);
        }
      } catch (e) {
        S.threw++;
        problem(i, call, `threw: ${(e && e.message) || e}`);
        S.expected = snap().config;
        continue;
      }
      after = snap();
    }

    const ok = res.ok !== false;
    const kind = call.kind.replace('message.', '');
    const isConfigChange = ['setConfig', 'reseed', 'importObject', 'importText'].includes(kind);
    if (call.cls === 'valid' && !ok) problem(i, call, `refused: ${res.error}`);
    if (call.cls === 'invalid' && ok) problem(i, call, 'accepted');
    if (isConfigChange && ok) {
      S.accepted++;
      S.expected = after.config;
      if (kind === 'setConfig') {
        for (const [p, v] of givenValues(call.arg)) {
          if (!same(at(after.config, p), v)) {
            problem(i, call, `${p.join('.')} is ${JSON.stringify(at(after.config, p))}, not ${JSON.stringify(v)}`);
          }
        }
        if (res.config && !same(res.config, after.config)) problem(i, call, "the answer's state is not the config in force");
        const live = Object.keys(call.arg).every((k) => k === 'dropout' || k === 'lr');
        if (live && !before.running && after.step !== before.step) {
          problem(i, call, `a live change moved the run: step ${before.step} -> ${after.step}`);
        }
      } else if (kind === 'reseed') {
        const seedWanted = call.arg === undefined ? before.config.seed + 1 : call.arg;
        if (!same(after.config, { ...before.config, seed: seedWanted }) || after.step !== 0) {
          problem(i, call, `seed ${after.config.seed}, step ${after.step}`);
        }
      } else {
        const imported = typeof call.arg === 'string' ? JSON.parse(call.arg) : call.arg;
        if (!same(after.config, imported)) problem(i, call, `imported config differs: ${JSON.stringify(after.config).slice(0, 200)}`);
        if (after.step !== 0) problem(i, call, `the import did not restart: step ${after.step}`);
      }
    } else {
      if (isConfigChange) S.refused++;
      if (!same(after.config, S.expected)) {
        problem(i, call, `the config changed without an accepted change: ${JSON.stringify(after.config).slice(0, 200)}`);
        S.expected = after.config;  // reported once; go on from what the page has
      }
    }
    if (!ok) continue;
    if (kind === 'pause' && after.running) problem(i, call, 'still running after pause');
    if (kind === 'play' && !after.running && !after.done) problem(i, call, 'not running after play');
    if (kind === 'restart' && !before.running && after.step !== 0) problem(i, call, `restart left step ${after.step}`);
    if (kind === 'step') {
      const want = Math.min(before.step + call.arg, before.bpe * before.config.epochs);
      const got = res.step !== undefined ? res.step : after.step;
      if (after.running) problem(i, call, 'step(n) left the run playing');
      if (!before.running && got !== want) problem(i, call, `step ${before.step} + ${call.arg} gave ${got}, not ${want}`);
    }
    if (kind === 'exportCSV') {
      const lines = res.text.split('\n').filter((l) => l.length);
      if (!/^epoch,dropout,train_loss,/.test(lines[0]) || lines.length !== after.epoch + 1) {
        problem(i, call, `CSV: ${lines.length} lines for ${after.epoch} epochs, header ${lines[0]}`);
      }
    }
    if (kind === 'exportConfig') {
      let parsed = null;
      try { parsed = JSON.parse(res.text); } catch (e) { /* reported below */ }
      if (!same(parsed, after.config)) problem(i, call, 'exportConfig is not the config in force');
    }
    if (kind === 'exportTorch' && !/import torch/.test(res.text)) problem(i, call, `no PyTorch script: ${res.text.slice(0, 80)}`);
    if (kind === 'shareUrl' && !new RegExp(`[?&]seed=${after.config.seed}(&|$)`).test(res.text)) {
      problem(i, call, `the share URL lacks the seed: ${res.text.slice(0, 120)}`);
    }
    if (kind === 'exportPNG') {
      S.pngs++;
      if (!(res.size > 1000 && res.type === 'image/png')) problem(i, call, `PNG: ${res.size} bytes, ${res.type}`);
    }
  }
  const { a, ...summary } = S;
  return summary;
}

// ---- the host page: the playground in an iframe (the full layout, paused) ----

const HOST = `<!doctype html><meta charset="utf-8"><title>storm host</title><link rel="icon" href="data:,">
<body style="margin:0">
<iframe id="pg" src="/index.html?paused=1" style="width:960px;height:640px;border:0"></iframe>
<script>
  window.received = [];
  const waiting = new Map();
  window.addEventListener('message', (e) => {
    if (e.source !== document.getElementById('pg').contentWindow) return;
    window.received.push(e.data);
    const w = e.data && waiting.get(e.data.id);
    if (w && e.data.action === 'state') { waiting.delete(e.data.id); w(e.data); }
  });
  window.post = (msg) => { document.getElementById('pg').contentWindow.postMessage(msg, '*'); return true; };
  // A command and its answer (null after ms).
  window.send = (msg, ms = 10000) => new Promise((resolve) => {
    const timer = setTimeout(() => { waiting.delete(msg.id); resolve(null); }, ms);
    waiting.set(msg.id, (r) => { clearTimeout(timer); resolve(r); });
    window.post(msg);
  });
</script>`;

function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

function sameFloat32(a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return a == b;  // NaN -> null
  return Math.fround(a) === Math.fround(b);
}

run(async ({ browser, origin }) => {
  const t0 = Date.now();
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1000, height: 680 } });
  watchErrors(page, 'storm', errors);
  await page.goto(origin + '/host.html', { waitUntil: 'load' });
  const frame = await (await page.$('#pg')).contentFrame();
  if (!check('the playground in the host page becomes ready', (await waitReady(frame)) === true)) return;
  await sleep(300);
  const state = () => frame.evaluate(() => playground.getState());
  const start = await state();
  const receivedAtStart = await page.evaluate(() => window.received.length);

  let S = null;
  for (let done = 0; done < CALLS; done += CHUNK) {
    S = await page.evaluate(stormChunk, { count: Math.min(CHUNK, CALLS - done), seed: SEED, protocol: PROTOCOL,
      minEpochs: COMPARE_EPOCHS });
  }
  const expected = S.expected;

  // ---- after the storm ----
  await sleep(500);
  const end = await state();
  const unanswered = await page.evaluate((n) => window.received.slice(n).filter(
    (m) => !(m && typeof m.id === 'string' && m.id.startsWith('storm-'))), receivedAtStart);
  console.log(`storm: ${S.i} calls (${Object.entries(S.counts).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
    `${S.accepted} config changes accepted, ${S.refused} refused; ${S.answered} messages answered, ` +
    `${S.garbage} garbage; ${S.pngs} PNGs; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  check(`${CALLS} seeded calls: every answer keeps its promise`, S.i === CALLS && S.problems.length === 0,
    `${S.problems.length} problems: ${S.problems.slice(0, 8).join(' | ')}`);
  for (const p of S.problems.slice(0, 40)) console.log('  ' + p);
  check('no call threw', S.threw === 0, `${S.threw}`);
  check(`${S.garbage} garbage messages: none answered, all counted in ignored_messages`,
    unanswered.length === 0 && end.ignored_messages - start.ignored_messages === S.garbage,
    `answers ${JSON.stringify(unanswered).slice(0, 200)}; ignored ${start.ignored_messages} -> ${end.ignored_messages}`);
  check('after the storm getState().config is the last accepted config', sameJson(end.config, expected),
    JSON.stringify(end.config).slice(0, 300));

  // The page keeps drawing.
  const f0 = await frame.evaluate(() => { playground.play(); return playground.getState().frames; });
  await sleep(1500);
  const f1 = await frame.evaluate(() => playground.getState().frames);
  check('the page still draws (playing: frames advance)', f1 - f0 >= 3, `${f0} -> ${f1}`);
  const errBox = await frame.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
  check('no error shown on the page', errBox === '', errBox);

  // A fresh run of the last accepted config: its first epochs against the native CLI.
  const fresh = await frame.evaluate((k) => {
    playground.pause();
    playground.restart();
    const s0 = playground.getState();
    const n = Math.min(k, s0.config.epochs);
    const r = playground.step(n * s0.batches_per_epoch);
    return { r, n, s: playground.getState() };
  }, COMPARE_EPOCHS);
  check(`a fresh run of that config: restart + ${fresh.n} epochs of step`,
    fresh.r.ok && fresh.n === COMPARE_EPOCHS && fresh.s.epoch === fresh.n && sameJson(fresh.s.config, expected),
    JSON.stringify(fresh.r));
  if (!fs.existsSync(cli)) {
    check('CLI trace comparison', false, `${cli} not found: build the native preset first`);
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-storm-'));
    const cfgFile = path.join(tmp, 'config.json'), traceFile = path.join(tmp, 'trace.json');
    fs.writeFileSync(cfgFile, JSON.stringify({ ...expected, epochs: fresh.n }));
    let trace = null;
    try {
      execFileSync(cli, ['train', '--config', cfgFile, '--trace', traceFile, '--quiet'], { stdio: 'pipe' });
      trace = JSON.parse(fs.readFileSync(traceFile, 'utf8'));
    } catch (e) {
      check('the CLI trains the last accepted config', false, String(e.stderr || e.message));
    }
    if (trace) {
      const c = fresh.s.curves, mismatches = [];
      const keys = ['train_loss', 'train_loss_eval', 'val_loss'];
      if (expected.loss !== 'mse') keys.push('train_acc', 'val_acc');
      if (!Array.isArray(trace.epochs) || trace.epochs.length !== fresh.n) {
        mismatches.push(`the trace has ${trace.epochs && trace.epochs.length} epochs`);
      }
      for (let i = 0; i < fresh.n; i++) {
        const e = trace.epochs[i];
        if (!e || e.epoch !== c.epoch[i]) { mismatches.push(`epoch index ${i}`); continue; }
        for (const k of keys) {
          if (!(k in e)) { mismatches.push(`the trace lacks ${k}`); continue; }
          if (!sameFloat32(c[k][i], e[k])) mismatches.push(`epoch ${e.epoch} ${k}: page ${c[k][i]} cli ${e[k]}`);
        }
      }
      check(`its first ${fresh.n} epochs equal the native CLI's trace (${keys.length} curves, float32-exact)`,
        mismatches.length === 0, `${JSON.stringify(expected).slice(0, 300)}: ${mismatches.slice(0, 5).join('; ')}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
  console.log(`storm wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}, { extra: { '/host.html': ['text/html; charset=utf-8', HOST] } });
