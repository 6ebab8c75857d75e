// A long run of the page in Chromium: does it stay healthy?
//  - A 10,000-epoch run (the default network on 8 training rows: one batch per epoch, so
//    it is quick to reach) and, in alternating rounds, the frame time with 200 and with
//    10,000 epochs on the curves (requestAnimationFrame intervals in the page, p50 and
//    p95, the rounds pooled): no worse with 10,000, p50 ratio <= 1.2 (the curves draw a
//    thinned line, src/app/plot.cpp).
//  - Then the default config (its epochs raised) with its p = 0 twin for 100,000
//    optimizer steps with the Controls' "max speed" on: the page trains in its frames,
//    and between them the test adds bursts of playground.step(n) (a frame trains for a
//    few ms only, so frames alone would take many minutes on a software-rendered page).
//  - The WebAssembly memory (the module's WebAssembly.Memory, seen through HEAP8.buffer)
//    and the JS heap (performance.memory.usedJSHeapSize after gc()) at the start, after
//    the warm-up (the 10,000-epoch run, a getState() of it, and the first 10,000 steps),
//    after the 100,000 steps and at the end (after two getState() of them): flat within
//    5% from the warm-up to the end of the steps. The WebAssembly memory never shrinks: it
//    shows the largest heap so far, and getState() of thousands of epochs needs several MB
//    while it builds its JSON (the end reading shows that growth). Then a leak check: more
//    getState() of the same run and more steps must not grow either of them.
//  - No console errors; the page keeps drawing; the losses stay finite.
//   node tests/browser/soak.mjs [--site build/web/site]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, check, clickWidget, finish, frameIntervals, quantile, serveSite, site, sleep, waitReady, watchErrors } from './harness.mjs';

const TOTAL_STEPS = 100000;
const WARMUP_STEPS = 10000;
const LONG_EPOCHS = 10000;
const SHORT_EPOCHS = 200;
const MEMORY_TOLERANCE = 0.05;
const FRAME_RATIO_MAX = 1.2;

// WebAssembly memory and JS heap, after two full collections.
function memory(page) {
  return page.evaluate(() => {
    gc();
    gc();
    return { wasm: window.playgroundModule.HEAP8.buffer.byteLength, js: performance.memory.usedJSHeapSize };
  });
}

const mb = (bytes) => (bytes / 1048576).toFixed(2) + ' MB';
const change = (a, b) => Math.abs(b - a) / a;

finish(async () => {
  if (!check('site exists', fs.existsSync(path.join(site, 'index.html')), `${site}/index.html`)) return;
  const t0 = Date.now();
  const { server, origin } = await serveSite(site);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
  try {
    const errors = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchErrors(page, 'page', errors);
    // The default config; enough epochs for 100,000 steps (12 batches per epoch).
    const epochs = Math.ceil(TOTAL_STEPS / 12) + 100;
    await page.goto(`${origin}/?epochs=${epochs}&paused=1`, { waitUntil: 'load' });
    if (!check('the page becomes ready', (await waitReady(page)) === true)) return;
    await sleep(500);
    const st0 = await page.evaluate(() => playground.getState());
    check('default config, epochs raised, paused at step 0',
      st0.config.data === 'spiral' && JSON.stringify(st0.config.sizes) === '[2,96,96,3]' &&
      st0.config.dropout === 0.5 && st0.config.batch === 8 && st0.config.epochs === epochs &&
      st0.batches_per_epoch === 12 && st0.step === 0 && !st0.running, JSON.stringify(st0.config));
    const mem = { start: await memory(page) };

    // ---- a 10,000-epoch run; frame time at 200 and at 10,000 epochs on the curves ----
    // The default network on 8 training rows (one batch per epoch) and 40 validation rows.
    const small = { n_train: 8, n_val: 40 };
    async function curvesAt(n) {
      return page.evaluate(({ cfg, n }) => {
        const r = playground.setConfig({ ...cfg, epochs: n + 200 });  // room to keep playing
        playground.restart();  // also when the config was the same (the previous round's)
        let s = { ok: r.ok, step: 0, epoch: 0 };
        while (s.ok && s.epoch < n) s = playground.step(Math.min(2000, n - s.epoch));
        playground.play();
        return { ok: r.ok && s.ok, epoch: s.epoch };
      }, { cfg: small, n });
    }
    const rounds = { [SHORT_EPOCHS]: [], [LONG_EPOCHS]: [] };
    let reached = true;
    for (let round = 0; round < 4; round++) {
      // Alternating order, ending with the long run (checked below).
      for (const n of round % 2 ? [SHORT_EPOCHS, LONG_EPOCHS] : [LONG_EPOCHS, SHORT_EPOCHS]) {
        const at = await curvesAt(n);
        reached = reached && at.ok && at.epoch === n;
        await sleep(400);
        rounds[n].push(await frameIntervals(page, 3000, { min: 12 }));
      }
    }
    const st2 = await page.evaluate(() => { playground.pause(); return playground.getState(); });
    check(`a ${LONG_EPOCHS}-epoch run: ${LONG_EPOCHS}+ epochs on the curves`,
      reached && st2.config.epochs === LONG_EPOCHS + 200 && st2.epoch >= LONG_EPOCHS &&
      st2.curves.val_loss.length === st2.epoch && st2.curves.baseline.val_loss.length === st2.epoch,
      `epoch ${st2.epoch}`);
    const fig = {};
    for (const n of [SHORT_EPOCHS, LONG_EPOCHS]) {
      const all = rounds[n].flatMap((r) => r.intervals);  // the rounds pooled
      fig[n] = {
        p50: quantile(all, 0.5),
        p95: quantile(all, 0.95),
        drawn: Math.min(...rounds[n].map((r) => r.drawn / r.intervals.length)),
      };
      console.log(`frame time with ${n} epochs on the curves: p50 ${fig[n].p50.toFixed(1)} ms, ` +
        `p95 ${fig[n].p95.toFixed(1)} ms (${rounds[n].length} rounds of ` +
        `${rounds[n].map((r) => r.intervals.length).join('/')} frames)`);
    }
    check('the app draws a frame at every requestAnimationFrame while playing',
      fig[SHORT_EPOCHS].drawn > 0.9 && fig[LONG_EPOCHS].drawn > 0.9,
      `app frames per rAF: ${fig[SHORT_EPOCHS].drawn.toFixed(2)}, ${fig[LONG_EPOCHS].drawn.toFixed(2)}`);
    const ratio = fig[LONG_EPOCHS].p50 / fig[SHORT_EPOCHS].p50;
    const ratio95 = fig[LONG_EPOCHS].p95 / fig[SHORT_EPOCHS].p95;
    check(`frame time with ${LONG_EPOCHS} epochs no worse than with ${SHORT_EPOCHS} (p50 ratio <= ${FRAME_RATIO_MAX})`,
      ratio <= FRAME_RATIO_MAX, `p50 ratio ${ratio.toFixed(2)}, p95 ratio ${ratio95.toFixed(2)}`);

    // ---- 100,000 steps of the default config at max speed ----
    const back = await page.evaluate((n) => {
      const r = playground.setConfig({ n_train: 90, n_val: 400, epochs: n });
      playground.restart();
      return { ok: r.ok, at: playground.step(0) };
    }, epochs);
    check('back to the default config (epochs raised), at step 0', back.ok && back.at.step === 0, JSON.stringify(back));

    await clickWidget(page, 'run.max_speed');
    await page.mouse.move(640, 795);  // off the buttons: no tooltip
    const framesBefore = (await page.evaluate(() => playground.getState())).frames;
    let step = 0, playedSteps = 0, bursts = 0;
    const burst = 1500;
    while (step < TOTAL_STEPS) {
      // Frames at max speed ... (step(0) pauses and answers with the position: cheap)
      // (Near the end only bursts: the frames must not run past TOTAL_STEPS.)
      const near = TOTAL_STEPS - step < burst;
      const before = await page.evaluate((play) => {
        const at = playground.step(0).step;
        if (play) playground.play();
        return at;
      }, !near);
      if (!near) await sleep(300);
      // ... then a burst of steps (it pauses the run), never beyond TOTAL_STEPS.
      const r = await page.evaluate(({ b, total }) => {
        const at = playground.step(0).step;
        return { played: at, res: playground.step(Math.max(0, Math.min(b, total - at))) };
      }, { b: burst, total: TOTAL_STEPS });
      if (!r.res.ok) { check('step(n) during the soak', false, JSON.stringify(r.res)); return; }
      playedSteps += r.played - before;
      step = r.res.step;
      bursts++;
      if (step >= WARMUP_STEPS && !mem.warm) mem.warm = await memory(page);
    }
    mem.steps = await memory(page);
    const st1 = await page.evaluate(() => playground.getState());
    const c = st1.curves;
    const finite = ['train_loss', 'train_loss_eval', 'val_loss'].every((k) =>
      c[k].every(Number.isFinite) && c.baseline[k].every(Number.isFinite));
    check(`${TOTAL_STEPS} optimizer steps of the run and its twin`,
      st1.step === TOTAL_STEPS && st1.epoch === Math.floor(TOTAL_STEPS / 12) && !st1.diverged &&
      c.epoch.length === st1.epoch && c.baseline.val_loss.length === st1.epoch && finite,
      `step ${st1.step}, epoch ${st1.epoch}, ${c.epoch.length} epochs on the curves, finite ${finite}`);
    check('the frames at max speed trained too, and the page kept drawing',
      playedSteps > 0 && st1.frames - framesBefore > bursts,
      `${playedSteps} of the steps in frames, ${st1.frames - framesBefore} frames, ${bursts} bursts`);
    const lastVal = c.val_loss[c.val_loss.length - 1], lastVal0 = c.baseline.val_loss[c.baseline.val_loss.length - 1];
    console.log(`after ${st1.epoch} epochs: val loss ${lastVal.toFixed(3)} (p = 0.5), ${lastVal0.toFixed(3)} (twin)`);

    // ---- memory ----
    // A second getState() of the same run: the page keeps the last answer's text while it
    // builds the next, so the second call can need more room than the first.
    await page.evaluate(() => { playground.getState(); });
    mem.end = await memory(page);
    // Then more of the same at the same size (three getState() of the run, and 1,200 more
    // steps without one: a getState() of a longer run could need a bigger heap again): any
    // growth now is a leak.
    await page.evaluate(() => { for (let i = 0; i < 3; i++) playground.getState(); });
    await page.evaluate(() => playground.step(1200));  // the run has 100 epochs left
    mem.again = await memory(page);
    for (const k of ['wasm', 'js']) {
      console.log(`${k === 'wasm' ? 'WASM memory' : 'JS heap    '}: start ${mb(mem.start[k])}, ` +
        `after warm-up ${mb(mem.warm[k])}, after ${TOTAL_STEPS} steps ${mb(mem.steps[k])}, ` +
        `end (after two getState() of it) ${mb(mem.end[k])}, after more of the same ${mb(mem.again[k])}`);
      // Training: flat from the warm-up to the end of the steps. The end reading follows a
      // getState() of the whole run, whose JSON is built in the WebAssembly heap: the heap
      // may grow once to hold it (reported), and must not grow again (the leak check below).
      const worst = change(mem.warm[k], mem.steps[k]);
      check(`${k === 'wasm' ? 'WASM memory' : 'JS heap'} flat within ${MEMORY_TOLERANCE * 100}% after the warm-up, while training`,
        worst <= MEMORY_TOLERANCE, `change ${(worst * 100).toFixed(1)}%; the getState() of the whole run then ` +
        `changed it by ${(change(mem.steps[k], mem.end[k]) * 100).toFixed(1)}%`);
      check(`${k === 'wasm' ? 'WASM memory' : 'JS heap'} no leak: flat within ${MEMORY_TOLERANCE * 100}% from the end on`,
        change(mem.end[k], mem.again[k]) <= MEMORY_TOLERANCE, `${(change(mem.end[k], mem.again[k]) * 100).toFixed(1)}%`);
    }
    check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
    console.log(`soak wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
});
