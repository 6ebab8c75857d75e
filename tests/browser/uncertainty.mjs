// The data view's Uncertainty mode (MC dropout) in Chromium, as a student uses it: the
// default spiral run playing with the mode on (T = 50) keeps refreshing its entropy map
// (the interval is printed), the app's own work stays under 50 ms in every frame
// measured (printed: p95 and max) and the frames keep coming; on sine the 1-D view draws.
// Looking changes nothing: 40 epochs stepped with the mode on and with it off give the
// same curves (getState). A link with view=uncertainty opens the mode and Share keeps it.
// At epoch 200 (playground.uncertainty()): on the spiral the entropy on the MC average's
// class boundaries is at least twice that away from them (printed, with the entropy in
// the view's margin beyond the data); on sine the band at an end of the view, beyond
// the training inputs, is at least 1.5 times as wide as over them. The Ensemble tab
// draws. Screenshots: uncertainty_spiral.png, uncertainty_sine.png, uncertainty_ensemble.png.
//   node tests/browser/uncertainty.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';

import { check, clickWidget, frameIntervals, outDir, quantile, run, sleep, until, waitReady, watchErrors } from './harness.mjs';

// The refresh interval follows the frame rate (a slice of MC work per frame): about 350 ms
// on an idle machine, several times that while another browser test shares the two
// cores. So the check is that the map keeps refreshing while the run plays (at least
// twice in 6 s); the printed interval is the measure, not a pass mark.
const MAX_WORK_MS = 50, MIN_REFRESHES = 2;

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, 'index.html', errors);
  const status = () => page.evaluate(() => playground.status());

  // 1. Spiral, playing: refresh rate and frame work.
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  const ready = await waitReady(page);
  if (!check('page ready', ready === true, String(ready))) return;
  await clickWidget(page, 'data.mode_uncertainty');
  if (!check('the mode is on', await until(async () => (await status()).uncertainty.on, 3000))) return;
  await until(async () => (await status()).uncertainty.refreshes >= 1, 20000);
  const r0 = (await status()).uncertainty.refreshes, t0 = Date.now();
  await status();  // resets the longest frame's work
  const { intervals, work } = await frameIntervals(page, 6000);
  const r1 = (await status()).uncertainty.refreshes, dt = Date.now() - t0;
  const every = dt / Math.max(1, r1 - r0);
  console.log(`spiral, T = 50, playing: ${r1 - r0} refreshes in ${dt} ms (one every ${every.toFixed(0)} ms); ` +
    `app work per frame p95 ${quantile(work, 0.95).toFixed(1)} ms, max ${Math.max(...work).toFixed(1)} ms; ` +
    `frame interval p50 ${quantile(intervals, 0.5).toFixed(1)} ms, p95 ${quantile(intervals, 0.95).toFixed(1)} ms`);
  check(`the map keeps refreshing while the run plays (${MIN_REFRESHES} or more refreshes in 6 s)`,
    r1 - r0 >= MIN_REFRESHES, `${r1 - r0} refreshes, one every ${every.toFixed(0)} ms`);
  check(`no frame's app work over ${MAX_WORK_MS} ms`, Math.max(...work) <= MAX_WORK_MS, `${Math.max(...work).toFixed(1)} ms`);
  check('frames keep coming', intervals.length > 30, `${intervals.length} frames in 6 s`);

  // 2. Looking changes nothing: the same 40 epochs with the mode on and off.
  const curves = async (on) => {
    await page.goto(`${origin}/?paused=1&epochs=40`, { waitUntil: 'load' });
    await waitReady(page);
    if (on) await clickWidget(page, 'data.mode_uncertainty');
    for (let e = 0; e < 40; e++) {
      await page.evaluate(() => playground.step(12));
      await sleep(on ? 30 : 0);  // frames in between: the view refreshes
    }
    const st = await page.evaluate(() => ({ s: playground.getState(), u: playground.status().uncertainty }));
    return { text: JSON.stringify(st.s.curves), refreshes: st.u.refreshes };
  };
  const off = await curves(false), on = await curves(true);
  console.log(`40 epochs: ${on.refreshes} refreshes while looking`);
  check('looking changes nothing: the same curves with the mode on and off', on.text === off.text && on.refreshes > 0,
    `${off.text.length} bytes, ${on.refreshes} refreshes`);

  // 3. A run to epoch 200 opened by a link in the mode, and its last complete refresh.
  const atEpoch200 = async (query) => {
    await page.goto(`${origin}/?${query}paused=1&view=uncertainty`, { waitUntil: 'load' });
    await waitReady(page);
    // The 200 epochs at once (playing them in frames would take a minute here); the
    // refreshes on the way are part 1's business.
    await page.evaluate(() => playground.step(1000000));
    await until(async () => (await status()).done, 120000);
    const r0 = (await status()).uncertainty.refreshes;  // the next refresh is of the final model
    await until(async () => (await status()).uncertainty.refreshes > r0 + 1, 20000);
    await page.mouse.move(1279, 799);  // no tooltip over the view
    await sleep(500);
    return page.evaluate(() => ({ u: playground.uncertainty(), s: playground.getState() }));
  };
  const spiral = await atEpoch200('');
  check('view=uncertainty opens the mode', spiral.s.data_view === 'uncertainty', spiral.s.data_view);
  check('Share keeps view=uncertainty', /&view=uncertainty/.test(spiral.s.share_url), spiral.s.share_url);
  {
    const u = spiral.u, g = Math.round(Math.sqrt(u.entropy.length));
    const label = (c) => u.mean[c].indexOf(Math.max(...u.mean[c]));
    let on = 0, nOn = 0, off = 0, nOff = 0, margin = 0, nMargin = 0;
    for (let j = 0; j < g; j++) for (let i = 0; i < g; i++) {
      const c = j * g + i;
      let edge = false;
      for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const ii = i + di, jj = j + dj;
        if (ii >= 0 && jj >= 0 && ii < g && jj < g && label(jj * g + ii) !== label(c)) edge = true;
      }
      if (edge) { on += u.entropy[c]; nOn++; } else { off += u.entropy[c]; nOff++; }
      const [x, y] = [u.x[2 * c], u.x[2 * c + 1]];
      if (!edge && Math.max(Math.abs(x), Math.abs(y)) > 1.1) { margin += u.entropy[c]; nMargin++; }
    }
    console.log(`spiral, epoch 200, T = ${u.samples}: mean entropy ${(on / nOn).toFixed(3)} nats on the boundaries ` +
      `(${nOn} cells), ${(off / nOff).toFixed(3)} away from them (${nOff}), ${(margin / nMargin).toFixed(3)} in the ` +
      `margin beyond the data (${nMargin} cells off the boundaries); ensemble: eval ${u.eval_val_loss.toFixed(4)}, ` +
      `MC t=1 ${u.val_loss_by_t[0].toFixed(4)}, t=10 ${u.val_loss_by_t[9].toFixed(4)}, t=50 ${u.val_loss_by_t[49].toFixed(4)}`);
    check('the entropy on the boundaries is at least twice that away from them', on / nOn >= 2 * off / nOff,
      `${(on / nOn).toFixed(3)} vs ${(off / nOff).toFixed(3)}`);
  }
  await page.screenshot({ path: path.join(outDir, 'uncertainty_spiral.png') });
  await clickWidget(page, 'data.tab_ensemble');
  await sleep(300);  // the click's frames, then the mouse away from the view
  await page.mouse.move(1279, 799);
  await sleep(500);
  check('the Ensemble tab shows its plot instead of the map', await until(async () => {
    const w = await page.evaluate(() => playground.getState().widgets);
    return w['data.ensemble'] !== undefined && w['data.mc_map'] === undefined;
  }, 3000));
  await page.screenshot({ path: path.join(outDir, 'uncertainty_ensemble.png') });

  // 4. Sine: the band widens beyond the training inputs (x in [-3, 3]).
  const sine = await atEpoch200('dataset=sine&loss=mse&');
  {
    const u = sine.u, n = u.x.length, k = Math.floor(n / 10);
    const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
    const inside = mean(u.std.filter((_, i) => u.x[i] >= -3 && u.x[i] <= 3));
    const left = mean(u.std.slice(0, k)), right = mean(u.std.slice(n - k));
    console.log(`sine, epoch 200: std over the data ${inside.toFixed(3)}, at the view's ends ` +
      `(x ${u.x[0].toFixed(1)}.., ..${u.x[n - 1].toFixed(1)}) ${left.toFixed(3)} and ${right.toFixed(3)}`);
    check('the band widens beyond the data (an end at least 1.5x)', Math.max(left, right) >= 1.5 * inside,
      `${inside.toFixed(3)} vs ${left.toFixed(3)}, ${right.toFixed(3)}`);
  }
  await page.screenshot({ path: path.join(outDir, 'uncertainty_sine.png') });
  check('no console errors', errors.length === 0, errors.join(' | '));
});
