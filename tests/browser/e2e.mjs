// End-to-end test of the playground page in a real browser (Debian's Chromium, the
// built site served from 127.0.0.1; tests/browser/harness.mjs):
//   node tests/browser/e2e.mjs [--site build/web/site] [--cli build/native/playground-cli]
//                              [--out build/artifacts]
// Checks that the page becomes ready without console errors, draws a non-uniform canvas,
// plays and pauses, accepts and rejects setConfig, reports its masks, takes mouse input
// (a click on the Step button the app reports), writes a screenshot artifact, and that
// the first 20 epochs of the page's curves equal the native CLI's trace for the same
// config, bit for bit in float32 (one engine, one RNG, in WASM and natively).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePng } from './png.mjs';
import { arg, check, clickWidget, outDir, repo, run, sleep, waitReady } from './harness.mjs';

const cli = arg('--cli', path.join(repo, 'build/native/playground-cli'));
const COMPARE_EPOCHS = 20;

function sameFloat32(a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return a == b;  // NaN -> null
  return Math.fround(a) === Math.fround(b);
}

run(async ({ browser, origin }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors = [], outside = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('page error: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) outside.push(r.url()); });

  {
    // 1. The page becomes ready (first frame drawn).
    await page.goto(origin + '/', { waitUntil: 'load' });
    const ready = await waitReady(page);
    if (!check('page becomes ready', ready === true, ready === true ? '' : String(ready))) return;
    const errBox = await page.evaluate(() => document.getElementById('error').hidden ? '' : document.getElementById('error').textContent);
    check('no error shown on the page', errBox === '', errBox);

    // 2. The first epochs equal the CLI's trace for the same config (one engine, one RNG).
    await page.evaluate(() => { playground.pause(); playground.restart(); });
    const st0 = await page.evaluate(() => playground.getState());
    check('restart gives epoch 0, step 0, paused', st0.epoch === 0 && st0.step === 0 && st0.running === false,
      `epoch ${st0.epoch} step ${st0.step} running ${st0.running}`);
    const cfg = st0.config;
    check('default config is spiral 2-96-96-3, p 0.5, adam 0.01, batch 8, seed 1',
      cfg.data === 'spiral' && JSON.stringify(cfg.sizes) === '[2,96,96,3]' && cfg.dropout === 0.5 &&
      cfg.optimizer.name === 'adam' && cfg.optimizer.lr === 0.01 && cfg.batch === 8 && cfg.seed === 1 &&
      cfg.n_train === 90 && cfg.n_val === 400, JSON.stringify(cfg));
    const steps = COMPARE_EPOCHS * st0.batches_per_epoch;
    const stepped = await page.evaluate((n) => playground.step(n), steps);
    const st20 = await page.evaluate(() => playground.getState());
    check(`step(${steps}) completes ${COMPARE_EPOCHS} epochs`, stepped.ok && st20.epoch === COMPARE_EPOCHS,
      JSON.stringify(stepped));
    if (fs.existsSync(cli)) {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-e2e-'));
      const cfgFile = path.join(tmp, 'config.json'), traceFile = path.join(tmp, 'trace.json');
      fs.writeFileSync(cfgFile, JSON.stringify({ ...cfg, epochs: COMPARE_EPOCHS }));
      let trace = null;
      try {
        execFileSync(cli, ['train', '--config', cfgFile, '--trace', traceFile, '--quiet'], { stdio: 'pipe' });
        trace = JSON.parse(fs.readFileSync(traceFile, 'utf8'));
      } catch (e) {
        check('CLI trains the page config', false, String(e.stderr || e.message));
      }
      if (trace) {
        const c = st20.curves, mismatches = [];
        const keys = ['train_loss', 'train_loss_eval', 'val_loss', 'train_acc', 'val_acc'];
        for (let i = 0; i < COMPARE_EPOCHS; i++) {
          const e = trace.epochs[i];
          if (!e || e.epoch !== c.epoch[i]) { mismatches.push(`epoch index ${i}`); continue; }
          for (const k of keys) {
            if (!(k in e)) { mismatches.push(`trace lacks ${k}`); continue; }
            if (!sameFloat32(c[k][i], e[k])) mismatches.push(`epoch ${e.epoch} ${k}: page ${c[k][i]} cli ${e[k]}`);
          }
        }
        check(`first ${COMPARE_EPOCHS} epochs equal the CLI trace (5 curves, float32-exact)`,
          mismatches.length === 0, mismatches.slice(0, 5).join('; '));
      }
    } else {
      check('CLI trace comparison', false, `${cli} not found: build the native preset first`);
    }

    // 3. Epochs advance while playing and stop on pause.
    await page.evaluate(() => playground.play());
    const a = await page.evaluate(() => playground.getState());
    await sleep(4000);
    const b = await page.evaluate(() => playground.getState());
    check('training advances while playing', b.running && b.step > a.step && b.epoch > a.epoch,
      `epoch ${a.epoch} -> ${b.epoch}, step ${a.step} -> ${b.step}`);
    await page.evaluate(() => playground.pause());
    const c1 = await page.evaluate(() => playground.getState());
    await sleep(1500);
    const c2 = await page.evaluate(() => playground.getState());
    check('training stops on pause', !c2.running && c2.step === c1.step && c2.epoch === c1.epoch,
      `step ${c1.step} -> ${c2.step}`);

    // 4. The masks of the current minibatch are reported, one grid per dropout layer.
    const m = c2.masks;
    check('masks: one (batch x units) grid per dropout layer', Array.isArray(m) && m.length === 2 &&
      m[0].cols === 96 && m[0].rows >= 1 && m[0].kept.length === m[0].rows && m[0].kept[0].length === 96,
      JSON.stringify(m && m.map((x) => [x.rows, x.cols])));

    // 5. setConfig({dropout: 0.7}) is reflected, without a restart.
    const r7 = await page.evaluate(() => playground.setConfig({ dropout: 0.7 }));
    const s7 = await page.evaluate(() => playground.getState());
    check('setConfig({dropout: 0.7}) is reflected in getState()',
      r7.ok === true && s7.config.dropout === 0.7 && s7.step === c2.step, JSON.stringify(r7));
    await page.evaluate(() => playground.step(1));
    const s8 = await page.evaluate(() => playground.getState());
    check('the next batch uses p = 0.7', s8.masks.length > 0 && s8.masks[0].p === 0.7 &&
      s8.p_changes.length === 1, JSON.stringify(s8.p_changes));

    // 6. Bad values are rejected with the field named, and nothing changes.
    for (const bad of [{ dropout: 1.5 }, { batch: 0 }, { data: 'nope' }, { sizes: [2, 0, 3] }]) {
      const before = await page.evaluate(() => playground.getState());
      const r = await page.evaluate((x) => playground.setConfig(x), bad);
      const after = await page.evaluate(() => playground.getState());
      const field = Object.keys(bad)[0];
      check(`setConfig(${JSON.stringify(bad)}) is rejected, naming ${field}, changing nothing`,
        r.ok === false && typeof r.error === 'string' && r.error.includes(field) &&
        JSON.stringify(after.config) === JSON.stringify(before.config) && after.step === before.step,
        JSON.stringify(r));
    }
    const notObject = await page.evaluate(() => playground.setConfig('dropout=0.5'));
    check('setConfig of a non-object is rejected', notObject.ok === false, JSON.stringify(notObject));

    // 6b. Mouse input reaches the UI: clicking the Controls' Step button (where the app
    // reports it) performs exactly one optimizer step.
    const beforeClick = await page.evaluate(() => playground.getState());
    await clickWidget(page, 'run.step');
    await sleep(400);
    const afterClick = await page.evaluate(() => playground.getState());
    check('clicking Step in the canvas does one step', afterClick.step === beforeClick.step + 1 &&
      !afterClick.running, `step ${beforeClick.step} -> ${afterClick.step}`);

    // 7. reseed(seed): new seed, restart.
    const rs = await page.evaluate(() => playground.reseed(5));
    const s9 = await page.evaluate(() => playground.getState());
    check('reseed(5) sets the seed and restarts', rs.ok && s9.config.seed === 5 && s9.step === 0,
      JSON.stringify(rs));

    // 8. The canvas shows a non-uniform image; the screenshot is the test artifact.
    // The artifact shows the whole default run (200 epochs), as a student sees it after ~20 s.
    await page.mouse.move(700, 790);  // away from buttons (no tooltip in the picture)
    await page.evaluate(() => { playground.setConfig({ dropout: 0.2 }); playground.reseed(1); playground.play(); });
    await sleep(3000);
    const done = await page.evaluate(() => { playground.step(1000000); return playground.getState(); });
    check('the default run completes its 200 epochs', done.epoch === 200 && done.done === true,
      `epoch ${done.epoch}`);
    await sleep(800);
    const png = await page.screenshot({ path: path.join(outDir, 'browser.png') });
    const img = decodePng(png);
    const colors = new Set();
    let minL = 255, maxL = 0;
    for (let i = 0; i < img.width * img.height; i += 7) {
      const r = img.rgba[i * 4], g = img.rgba[i * 4 + 1], bl = img.rgba[i * 4 + 2];
      colors.add((r << 16) | (g << 8) | bl);
      const l = (r + g + bl) / 3;
      minL = Math.min(minL, l); maxL = Math.max(maxL, l);
    }
    check('the canvas shows a non-uniform image', colors.size > 200 && maxL - minL > 100,
      `${colors.size} colours, luminance ${minL.toFixed(0)}..${maxL.toFixed(0)}; ${path.join(outDir, 'browser.png')}`);
    const st = await page.evaluate(() => playground.getState());
    fs.writeFileSync(path.join(outDir, 'browser-state.json'), JSON.stringify(st, null, 1));

    // 9. Small window on a high-density screen: 800x600 CSS pixels at devicePixelRatio 2.
    const small = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
    small.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push('800x600: ' + msg.text()); });
    small.on('pageerror', (e) => consoleErrors.push('800x600 page error: ' + e.message));
    await small.goto(origin + '/?paused=1&dataset=moons&hidden=32,32&dropout=0.3&batch=0', { waitUntil: 'load' });
    await small.evaluate(() => playground.ready);
    await small.evaluate(() => playground.step(12 * 30));
    await sleep(1500);
    const dims = await small.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
    });
    check('800x600 at devicePixelRatio 2: canvas backing store 1600x1200',
      dims.w === 1600 && dims.h === 1200 && dims.cw === 800 && dims.ch === 600, JSON.stringify(dims));
    await small.screenshot({ path: path.join(outDir, 'browser-800x600-dpr2.png') });
    const urlState = await small.evaluate(() => playground.getState());
    check('URL parameter paused=1 starts paused', urlState.running === false);
    check('URL parameters set the config; a bad one is skipped and named',
      urlState.config.data === 'moons' && JSON.stringify(urlState.config.sizes.slice(1, -1)) === '[32,32]' &&
      urlState.config.dropout === 0.3 && urlState.config.batch === 8 &&
      urlState.notices.some((n) => n.includes('batch')), JSON.stringify(urlState.notices));
    await small.close();

    check('no console errors', consoleErrors.length === 0, consoleErrors.slice(0, 5).join(' | '));
    check('no request leaves the site', outside.length === 0, outside.slice(0, 5).join(' '));
  }
});
