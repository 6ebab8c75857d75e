// Real data in Chromium: the first page load does not fetch the digits; choosing them
// fetches digits.bin once (a notice while it loads) and starts the digits' teaching
// default; a failed fetch is a notice that changes nothing. Trained, the image views
// agree with the run (the gallery's mistakes are the page's own validation accuracy) and
// a sweep in the page's workers gives the run's own numbers at its p. Each tab is
// clicked by the rectangle the app reports and photographed: digits_gallery.png,
// digits_confusion.png, digits_batch.png (with input dropout), digits_features.png.
//   node tests/browser/digits.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';

import { check, clickWidget, outDir, run, sleep, until, waitReady, watchErrors } from './harness.mjs';

run(async ({ browser, origin }) => {
  const errors = [];
  // 1. A failed fetch: a notice, and the run in force goes on.
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/digits.bin', (r) => r.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
    await waitReady(page);
    await page.evaluate(() => playground.setConfig({ data: 'digits' }));
    const failed = await until(async () => (await page.evaluate(() => playground.getState().notices))
      .some((n) => /could not be loaded/.test(n) && /404/.test(n)), 10000);
    const st = await page.evaluate(() => playground.getState());
    check('a failed fetch is a notice that changes nothing', failed && st.config.data === 'spiral',
      `${st.config.data}; ${JSON.stringify(st.notices)}`);
    await page.close();
  }

  // 2. The first load fetches no digits; choosing them fetches digits.bin once.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, 'index.html', errors);
  const fetched = [];
  page.on('request', (r) => { if (/digits/.test(r.url())) fetched.push(r.url()); });
  await page.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  if (!check('page ready', (await waitReady(page)) === true)) return;
  await sleep(1000);
  check('the first page load does not fetch the digits', fetched.length === 0, fetched.join(' '));
  await page.evaluate(() => playground.setConfig({ data: 'digits', input_dropout: 0.2, epochs: 40 }));
  const loading = (await page.evaluate(() => playground.getState().notices)).some((n) => /Loading the digits/.test(n));
  check('a notice while they load', loading);
  const arrived = await until(async () => (await page.evaluate(() => playground.getState().config.data)) === 'digits', 15000);
  const cfg = await page.evaluate(() => playground.getState().config);
  check('the digits arrive and their teaching default starts', arrived && cfg.n_train === 150 && cfg.n_val === 500 &&
    JSON.stringify(cfg.sizes) === '[64,128,128,10]' && cfg.epochs === 40, JSON.stringify(cfg));
  check('digits.bin fetched once', fetched.length === 1, fetched.join(' '));

  // 3. Trained to its end: the views agree with the run.
  await page.evaluate(() => playground.runTo(40));
  await until(async () => (await page.evaluate(() => playground.status())).done, 120000);
  const st = await page.evaluate(() => ({ s: playground.getState(), v: playground.images() }));
  const last = st.s.curves.val_acc[st.s.curves.val_acc.length - 1];
  const wrong = Math.round((1 - last) * 500);
  console.log(`digits, epoch ${st.s.epoch}: val acc ${last.toFixed(4)}, val loss ${st.s.curves.val_loss[39].toFixed(4)}; ` +
    `gallery: ${st.v.wrong} wrong of ${st.v.n_val}; batch ${JSON.stringify(st.v.batch)}`);
  check('the gallery\'s mistakes are the run\'s validation accuracy', st.v.wrong === wrong, `${st.v.wrong} vs ${wrong}`);
  const total = st.v.confusion.flat().reduce((a, b) => a + b, 0);
  const diag = st.v.confusion.reduce((a, row, i) => a + row[i], 0);
  check('the confusion matrix counts every image once, the right ones on its diagonal',
    total === 500 && diag === 500 - st.v.wrong, `${total}, ${diag}`);
  check('the minibatch drops about p of its pixels', st.v.batch.input_p === 0.2 &&
    Math.abs(st.v.batch.pixels_dropped / (st.v.batch.images * 64) - 0.2) < 0.08, JSON.stringify(st.v.batch));

  for (const tab of ['gallery', 'confusion', 'batch', 'features']) {
    await clickWidget(page, `data.tab_${tab}`);
    await sleep(300);
    await page.mouse.move(1279, 799);
    const id = { gallery: 'data.gallery', confusion: 'data.confusion', batch: 'data.batch', features: 'data.features' }[tab];
    check(`the ${tab} tab shows`, await until(async () => !!(await page.evaluate(() => playground.getState().widgets))[id], 3000));
    await sleep(300);
    await page.screenshot({ path: path.join(outDir, `digits_${tab}.png`) });
  }

  // 4. A sweep in the workers: its p = 0.5 run is this run (the same config and seed).
  const sw = await page.evaluate(() => playground.sweep({ p: [0.2, 0.5], seeds: 1 }));
  const mine = st.s.curves.val_loss[39];
  const at = sw.runs.find((r) => r.dropout === 0.5);
  console.log(`sweep: ${sw.runs.map((r) => `p ${r.dropout}: final val loss ${r.final_val_loss.toFixed(4)}`).join(', ')}`);
  check('the sweep\'s run at the run\'s p has the run\'s final val loss', at && Math.abs(at.final_val_loss - mine) <= 1e-6 * mine,
    `${at && at.final_val_loss} vs ${mine}`);
  check('no console errors', errors.length === 0, errors.join(' | '));
});
