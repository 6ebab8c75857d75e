// Frames, as a student's machine feels them:
//  - Idle: paused, with no input and nothing changing, the page stops drawing within a
//    second (drawn frames per second at most 1), and wakes at once on a pointer move, a
//    key, the wheel, a resize, an API call, a host-page message and a return to a
//    visible tab. While training it draws as before.
//  - Heavy configs: every limit at its maximum, alone and all together (with 2-D and
//    with 1-D data), trains without
//    freezing the page: the app's own work (training, pictures, the panels' geometry)
//    stays under 100 ms a frame (95th percentile); the longest interval between two
//    animation frames stays at or under 100 ms, or within 4x the longest (3x the 95th
//    percentile) of the default config measured the same way in this run (software
//    rendering of the UI alone takes 60-100 ms a frame on a loaded 2-core machine); the
//    app keeps drawing; and a click on Pause is answered within 200 ms (or 4 frames).
//    The exports are called meanwhile. The figures are printed.
// Frame intervals are measured in the page (requestAnimationFrame timestamps), drawn
// frames with playground.status().frames (reading does not wake the page).
//   node tests/browser/frames.mjs [--engine chromium|firefox] [--site build/web/site]
//        [--heavy all|alone|together|none] [--seconds 20] [--alone-seconds 10]
import { center, check, engine, frameIntervals, option, quantile, run, setHidden, sleep, until, waitReady, watchErrors, widget } from './harness.mjs';

const heavy = option('--heavy', 'all');
const seconds = Number(option('--seconds', '20'));            // the default config, every limit at once
const aloneSeconds = Number(option('--alone-seconds', '10'));  // each limit alone
const MAX_FRAME_MS = 100;
const MAX_WORK_MS = 100;
const CLICK_MS = 200;

const frames = (page) => page.evaluate(() => playground.status().frames);

// Frame intervals and the app's work per frame over `ms` milliseconds: their figures.
async function measure(page, ms, during = null) {
  const { intervals, work, drawn } = await frameIntervals(page, ms, { during });
  return { max: Math.max(...intervals), p50: quantile(intervals, 0.5), p95: quantile(intervals, 0.95),
    n: intervals.length, drawn, work: quantile(work, 0.95), workMax: Math.max(...work) };
}

// Drawn frames per second over a quiet period (no input, no calls but reading the state).
async function idleRate(page, ms = 3000) {
  const f0 = await frames(page);
  await sleep(ms);
  return ((await frames(page)) - f0) / (ms / 1000);
}

// Whether the page draws again within ms after poke() (it was idle).
async function wakes(page, poke, ms = 300) {
  await sleep(1600);  // idle again
  const f0 = await frames(page);
  const t0 = Date.now();
  await poke();
  const woke = await until(async () => (await frames(page)) > f0 + 1, ms);
  return woke ? `${Date.now() - t0} ms` : false;
}

const HIDDEN_MAX = 'hidden=512,512,512,512,512,512,512,512';
const HEAVY = [
  ['hidden layers at their maximum', `dataset=moons&${HIDDEN_MAX}`],
  ['n_train at its maximum', 'dataset=moons&n_train=4096'],
  ['n_val at its maximum', 'dataset=moons&n_val=8192'],
  ['batch at its maximum', 'dataset=moons&n_train=4096&batch=4096'],
  ['epochs at their maximum', 'dataset=moons&epochs=100000'],
  ['every limit at its maximum', `dataset=moons&${HIDDEN_MAX}&n_train=4096&n_val=8192&batch=4096&epochs=100000`],
  // The 1-D view draws its points as markers, not into a texture as the 2-D view does.
  ['every limit at its maximum, 1-D data', `dataset=sine&${HIDDEN_MAX}&n_train=4096&n_val=8192&batch=4096&epochs=100000`],
];

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, 'page', errors);

  // ---- idle ----
  await page.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  if (!check(`${engine}: the page becomes ready`, (await waitReady(page)) === true)) return;
  await sleep(1500);
  const idle = await idleRate(page);
  check('paused and idle, the page draws at most 1 frame per second', idle <= 1, `${idle.toFixed(2)} frames/s`);
  const box = await page.evaluate(() => {
    const r = document.getElementById('canvas').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  const w1 = await wakes(page, () => page.mouse.move(box.x + 40, box.y + 30));
  check('a pointer move wakes it', w1, String(w1));
  const w2 = await wakes(page, () => page.keyboard.press('Shift'));
  check('a key wakes it', w2, String(w2));
  const w3 = await wakes(page, () => page.mouse.wheel(0, 120));
  check('the wheel wakes it', w3, String(w3));
  const w4 = await wakes(page, () => page.setViewportSize({ width: 1200, height: 780 }));
  check('a resize wakes it', w4, String(w4));
  const w5 = await wakes(page, () => page.evaluate(() => playground.setConfig({ dropout: 0.3 })));
  check('an API call wakes it', w5, String(w5));
  const w6 = await wakes(page, () => page.evaluate(() => window.postMessage({ type: 'dropout-playground', action: 'getState' }, '*')));
  check('a host-page message wakes it', w6, String(w6));
  await setHidden(page, true);
  await sleep(1600);
  const w7 = await wakes(page, () => setHidden(page, false));
  check('a return to a visible tab wakes it', w7, String(w7));
  const stepped = await page.evaluate(() => playground.status().step);
  check('idle and woken, the paused run did not step', stepped === 0, `step ${stepped}`);
  await sleep(1600);
  const idle2 = await idleRate(page, 2000);
  check('and it goes idle again', idle2 <= 1, `${idle2.toFixed(2)} frames/s`);
  await page.evaluate(() => playground.play());
  const training = await measure(page, 2000);
  check('while training it draws every frame it gets', training.drawn >= training.n * 0.8 && training.drawn > 10,
    `${training.drawn} drawn of ${training.n} animation frames in 2 s`);

  // ---- heavy configs ----
  const cases = { all: HEAVY, alone: HEAVY.slice(0, 5), together: HEAVY.slice(5, 6), none: [] }[heavy];
  if (!check(`--heavy ${heavy} is one of all, alone, together, none`, cases)) return;
  // The peer: the default config, measured the same way in this run. Software rendering
  // of the whole UI takes most of a frame here; a heavy config may add little to it.
  let peer = null;
  if (cases.length) {
    await page.goto(`${origin}/?epochs=100000`, { waitUntil: 'load' });
    if (check('the default config: ready', (await waitReady(page)) === true)) {
      await sleep(1000);
      peer = await measure(page, seconds * 1000);
      console.log(`  the default config: longest frame ${peer.max.toFixed(1)} ms, median ${peer.p50.toFixed(1)} ms, ` +
        `p95 ${peer.p95.toFixed(1)} ms, app work p95 ${peer.work.toFixed(1)} ms, longest ${peer.workMax.toFixed(1)} ms`);
    }
  }
  // A heavy config may not freeze the frames: at most 100 ms, or (where software
  // rendering of the UI alone takes longer on this machine, and a loaded machine makes
  // two windows of the same config differ by 2x) 4x the default config's longest frame
  // and 3x its 95th percentile. An unsliced step of the largest network
  // takes tens of seconds.
  const allowedMax = Math.max(MAX_FRAME_MS, peer ? peer.max * 4 : 0);
  const allowedP95 = Math.max(MAX_FRAME_MS, peer ? peer.p95 * 3 : 0);
  for (const [name, query] of cases) {
    const secs = query.includes('batch=4096&epochs') ? seconds : aloneSeconds;
    await page.goto(`${origin}/?${query}`, { waitUntil: 'load' });
    if (!check(`${name}: ready`, (await waitReady(page)) === true)) continue;
    const st0 = await page.evaluate(() => playground.getState());
    check(`${name}: the link's config is in force`, st0.notices.length === 0 || !/skipped|ignored/.test(st0.notices.join(' ')),
      JSON.stringify(st0.notices));
    await page.evaluate(() => playground.play());
    const m = await measure(page, secs * 1000, async () => {
      await sleep(secs * 400);
      // The exports in the middle of the run (the Export buttons call the same functions).
      await page.evaluate(() => { playground.exportCSV(); playground.exportTorchScript(); playground.exportConfig(); });
    });
    check(`${name}: the app's own work per frame stays under ${MAX_WORK_MS} ms (p95)`, m.work <= MAX_WORK_MS,
      `p95 ${m.work.toFixed(1)} ms, longest ${m.workMax.toFixed(1)} ms`);
    check(`${name}: over ${secs} s the frames are no slower than ${MAX_FRAME_MS} ms or the default config's`,
      m.max <= allowedMax && m.p95 <= allowedP95,
      `longest ${m.max.toFixed(1)} ms (allowed ${allowedMax.toFixed(0)}), p95 ${m.p95.toFixed(1)} ms (allowed ` +
      `${allowedP95.toFixed(0)}), median ${m.p50.toFixed(1)} ms, ${m.n} frames, ${m.drawn} drawn`);
    check(`${name}: the app keeps drawing`, m.drawn >= secs * 3, `${m.drawn} frames drawn`);
    // A click on Pause, answered within 200 ms: from the press (the page's mousedown
    // event) to the app's state saying paused, watched in the page at every frame.
    const pauseAt = await widget(page, 'run.play');
    await page.evaluate(() => {
      window.pauseAnswer = null;
      let down = null;
      window.addEventListener('mousedown', () => { down = performance.now(); }, { capture: true, once: true });
      (function poll() {
        if (down !== null && !playground.status().running) window.pauseAnswer = performance.now() - down;
        else requestAnimationFrame(poll);
      })();
    });
    await page.mouse.click(...center(pauseAt));
    const dt = await until(() => page.evaluate(() => window.pauseAnswer), 5000);
    // Two frames at least (press, release): the limit grows with this machine's frames.
    const clickLimit = Math.max(CLICK_MS, 4 * m.p50);
    check(`${name}: a click on Pause is answered within ${CLICK_MS} ms (or 4 frames)`, dt !== null && dt <= clickLimit,
      dt === null ? 'not paused after 5 s' : `${dt.toFixed(0)} ms`);
    const st = await page.evaluate(() => playground.status());
    console.log(`  ${name}: step ${st.step}, epoch ${st.epoch} after ${secs} s`);
  }
  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
});
