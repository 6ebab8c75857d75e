// Two ways a run stops on its own, in a real browser:
//  - A diverging run (lr = 10 with SGD: the loss becomes NaN) pauses with a notice in
//    getState().notices and on the canvas; the panels draw a message, not NaN garbage;
//    Play does not pile up notices. Screenshot: build/artifacts/diverged.png.
//  - A hidden tab draws no frames and trains no steps; when it is shown again it
//    resumes where it was, without catching up on the hidden time. Headless Chromium
//    never hides a page, so the test sets document.hidden / visibilityState and fires
//    visibilitychange, as the browser does when a tab goes to the background.
//   node tests/browser/diverge_hidden.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';
import { check, outDir, run, setHidden, sleep, waitReady, watchErrors } from './harness.mjs';

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, 'page', errors);

  // ---- lr = 10 ----
  await page.goto(`${origin}/?dataset=moons&optimizer=sgd&lr=10&seed=3`, { waitUntil: 'load' });
  if (!check('?dataset=moons&optimizer=sgd&lr=10: page becomes ready', (await waitReady(page)) === true)) return;
  let st = null;
  for (let i = 0; i < 100; i++) {
    st = await page.evaluate(() => playground.getState());
    if (st.diverged || !st.running) break;
    await sleep(100);
  }
  const notice = st.notices.find((n) => /NaN or infinite/.test(n));
  check('the run diverges and pauses itself with a notice',
    st.diverged === true && st.running === false && notice !== undefined, JSON.stringify(st.notices));
  const s1 = st.step;
  await sleep(1000);
  st = await page.evaluate(() => playground.getState());
  check('it stays paused', st.step === s1 && !st.running, `step ${s1} -> ${st.step}`);
  await page.evaluate(() => playground.play());
  await sleep(800);
  st = await page.evaluate(() => playground.getState());
  check('Play on a diverged run pauses again without a second notice',
    !st.running && st.notices.filter((n) => /NaN or infinite/.test(n)).length === 1, JSON.stringify(st.notices));
  await page.mouse.move(640, 795);
  await sleep(500);
  await page.screenshot({ path: path.join(outDir, 'diverged.png') });
  const errBox = await page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
  check('no error box, the page keeps working (a lower lr restarts cleanly)', errBox === '' &&
    (await page.evaluate(() => {
      const r = playground.setConfig({ optimizer: { name: 'sgd', lr: 0.1 } });
      playground.restart();
      playground.step(24);
      const s = playground.getState();
      return r.ok && !s.diverged && s.step === 24 && Number.isFinite(s.curves.val_loss[1]);
    })), errBox);

  // ---- hidden tab ----
  await page.goto(`${origin}/?seed=2`, { waitUntil: 'load' });
  check('a fresh page becomes ready', (await waitReady(page)) === true);
  await sleep(1500);
  const a = await page.evaluate(() => playground.getState());
  check('visible: it draws and trains', a.running && a.rendering && a.frames > 3 && a.step > 0,
    `frames ${a.frames}, step ${a.step}`);
  await setHidden(page, true);
  const h0 = await page.evaluate(() => playground.getState());
  await sleep(2000);
  const h1 = await page.evaluate(() => playground.getState());
  check('hidden: no frames drawn, no steps trained for 2 s (getState().rendering false)',
    h1.page_hidden === true && h1.rendering === false && h1.frames - h0.frames <= 1 && h1.step === h0.step,
    `frames ${h0.frames} -> ${h1.frames}, step ${h0.step} -> ${h1.step}`);
  await setHidden(page, false);
  await sleep(250);
  const v0 = await page.evaluate(() => playground.getState());
  await sleep(1500);
  const v1 = await page.evaluate(() => playground.getState());
  const perSecond = v1.speed * v1.batches_per_epoch;  // steps per second at this speed
  check('visible again: it draws and trains again, still the same run',
    v1.rendering && !v1.page_hidden && v1.frames > v0.frames + 3 && v1.step > v0.step && v1.running &&
    JSON.stringify(v1.config) === JSON.stringify(a.config), `frames ${v0.frames} -> ${v1.frames}, step ${v0.step} -> ${v1.step}`);
  check('no catching up on the hidden 2 s: the first 0.25 s after showing trains less than 1 s worth',
    v0.step - h1.step < perSecond, `${v0.step - h1.step} steps (1 s = ${perSecond})`);

  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
});
