// The exports, end to end in Debian's Chromium (tests/browser/harness.mjs):
//  - export parity, the take-home promise: the page's exportTorchScript(), run with the
//    real PyTorch, prints a trace whose per-epoch losses equal the page's curves
//    (1e-4 relative, as tests/parity/traces.py), for a plain run, for one whose p
//    and learning rate were changed mid-run (the script replays the schedule), and
//    for the default run exported a tenth of the way through;
//  - exportCSV: header and one row per epoch, equal to the curves;
//  - exportConfig -> importConfig gives the same config; bad imports change nothing;
//  - downloads (Blob + a[download]) and exportPNG(); a refused clipboard is a notice.
//   node tests/browser/exports.mjs [--site build/web/site] [--python /usr/bin/python3]
// Prints one line per check and a final "N passed, N failed"; exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMALL_RUN, arg, check, clickWidget, run, runWithMidRunChanges, sleep, waitReady, widget } from './harness.mjs';

const python = arg('--python', '/usr/bin/python3');
const REL = 1e-4;  // per-epoch losses, relative (the project's parity tolerance)

// The page's curves against a trace's epochs: losses within REL relative, accuracies
// within one sample (a point on the decision boundary may flip).
// prefix: the page has trained only the first epochs of the script's run.
function compareCurves(curves, trace, nTrain, nVal, prefix = false) {
  const bad = [];
  let worst = 0;
  if (prefix ? trace.epochs.length < curves.epoch.length : trace.epochs.length !== curves.epoch.length) {
    bad.push(`${trace.epochs.length} epochs in the trace, ${curves.epoch.length} on the page`);
  }
  for (let i = 0; i < Math.min(trace.epochs.length, curves.epoch.length); i++) {
    const e = trace.epochs[i];
    for (const k of ['train_loss', 'train_loss_eval', 'val_loss']) {
      const got = curves[k][i], want = e[k];
      const err = Math.abs(got - want);
      if (!(err <= REL * Math.abs(want))) bad.push(`epoch ${e.epoch} ${k}: page ${got}, torch ${want}`);
      if (want) worst = Math.max(worst, err / Math.abs(want));
    }
    for (const [k, n] of [['train_acc', nTrain], ['val_acc', nVal]]) {
      if (!(k in e)) continue;
      if (!(Math.abs(curves[k][i] - e[k]) <= 1 / n + 1e-9)) bad.push(`epoch ${e.epoch} ${k}: page ${curves[k][i]}, torch ${e[k]}`);
    }
  }
  return { bad, worst };
}

// JSON with sorted keys (getState() and exportConfig() order keys differently).
function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  return JSON.stringify(v);
}

function runTorch(script, label) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-export-'));
  const file = path.join(tmp, 'run.py');
  fs.writeFileSync(file, script);
  try {
    const out = execFileSync(python, [file], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20, timeout: 120000 });
    return JSON.parse(out.toString('utf8'));
  } catch (e) {
    check(`${label}: the exported script runs under ${python}`, false, String(e.stderr || e.message).slice(-600));
    return null;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const RUN = SMALL_RUN;

run(async ({ browser, origin }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  {
    await page.goto(origin + '/?paused=1', { waitUntil: 'load' });
    if (!check('page becomes ready', (await waitReady(page)) === true)) return;
    const api = await page.evaluate(() => ['exportCSV', 'exportTorchScript', 'exportConfig', 'importConfig', 'exportPNG']
      .filter((f) => typeof window.playground[f] !== 'function'));
    check('window.playground has exportCSV, exportTorchScript, exportConfig, importConfig, exportPNG',
      api.length === 0, api.join(', '));

    // ---- 1. Export parity: a plain run ----
    const set = await page.evaluate((c) => { playground.pause(); return playground.setConfig(c); }, RUN);
    check('setConfig(the small moons run)', set.ok, JSON.stringify(set));
    await page.evaluate(() => { playground.restart(); playground.step(1000000); });
    const plain = await page.evaluate(() => playground.getState());
    check('the run completes its 30 epochs', plain.done && plain.curves.epoch.length === 30, `epoch ${plain.epoch}`);
    const script = await page.evaluate(() => playground.exportTorchScript());
    check('exportTorchScript() is a PyTorch program with the run\'s seed',
      script.includes('import torch') && script.includes('torch.manual_seed(7)') && script.includes('SCHEDULE = {}'),
      script.slice(0, 80));
    let t0 = Date.now();
    const trace = runTorch(script, 'plain run');
    if (trace) {
      const { bad, worst } = compareCurves(plain.curves, trace, RUN.n_train, RUN.n_val);
      check(`export parity: PyTorch's 30 epochs equal the page's curves (losses within ${REL} relative)`,
        bad.length === 0, bad.length ? bad.slice(0, 4).join('; ') : `worst ${worst.toExponential(2)}, torch ran ${Date.now() - t0} ms`);
    }

    // ---- 2. Export parity with p and lr changed mid-run ----
    const { ch1, ch2, state: changed } = await runWithMidRunChanges(page);
    check('mid-run setConfig({dropout}) and lr change accepted without restart',
      ch1.ok && ch2.ok && changed.done && changed.p_changes.length === 2 && changed.curves.epoch.length === 30,
      JSON.stringify({ ch1, ch2, p_changes: changed.p_changes }));
    const script2 = await page.evaluate(() => playground.exportTorchScript());
    const sched = (script2.match(/^SCHEDULE = (.*)$/m) || [])[1] || '';
    check('the script carries the schedule of changes (steps 30 and 62; one p per hidden layer)',
      sched.includes('30: ([0.6, 0.6], 0.1)') && sched.includes('62: ([0.1, 0.4], 0.05)') && script2.includes('nn.Dropout(0.3)'), sched);
    t0 = Date.now();
    const trace2 = runTorch(script2, 'changed run');
    if (trace2) {
      const { bad, worst } = compareCurves(changed.curves, trace2, RUN.n_train, RUN.n_val);
      check(`export parity with mid-run p and lr changes (losses within ${REL} relative)`,
        bad.length === 0, bad.length ? bad.slice(0, 4).join('; ') : `worst ${worst.toExponential(2)}, torch ran ${Date.now() - t0} ms`);
      const differs = trace2.epochs.some((e, i) => Math.abs(e.val_loss - trace.epochs[i].val_loss) > 1e-3);
      check('the changed run differs from the plain one (the schedule matters)', differs);
    }

    // ---- 3. exportCSV ----
    const csv = await page.evaluate(() => playground.exportCSV());
    const lines = csv.trimEnd().split('\n');
    const header = 'epoch,dropout,train_loss,train_loss_eval,val_loss,train_acc,val_acc,baseline_train_loss,' +
      'baseline_train_loss_eval,baseline_val_loss,baseline_train_acc,baseline_val_acc';
    check('exportCSV(): the header names the columns', lines[0] === header, lines[0]);
    check('exportCSV(): one row per epoch', lines.length === 1 + changed.curves.epoch.length, `${lines.length - 1} rows`);
    const rowOk = lines.slice(1).every((l, i) => {
      const v = l.split(',').map(Number);
      return v.length === 12 && v[0] === i + 1 && v[1] === changed.curves.dropout[i] &&
        Math.fround(v[4]) === Math.fround(changed.curves.val_loss[i]) &&
        Math.fround(v[9]) === Math.fround(changed.curves.baseline.val_loss[i]);
    });
    check('exportCSV(): rows equal the curves (epoch, p, val loss, twin val loss)', rowOk, lines[1]);

    // ---- 4. exportConfig -> importConfig ----
    const exported = await page.evaluate(() => playground.exportConfig());
    let parsed = null;
    try { parsed = JSON.parse(exported); } catch (e) { /* checked below */ }
    check('exportConfig() is JSON equal to getState().config',
      parsed && canonical(parsed) === canonical(changed.config), exported.slice(0, 120));
    await page.evaluate(() => playground.setConfig({ data: 'circles', seed: 3, epochs: 50 }));
    const moved = await page.evaluate(() => playground.getState().config);
    const imp = await page.evaluate((j) => playground.importConfig(j), exported);
    const back = await page.evaluate(() => playground.getState());
    check('importConfig(exportConfig()) gives the same config back (and restarts)',
      moved.data === 'circles' && imp.ok === true && JSON.stringify(back.config) === JSON.stringify(changed.config) &&
      back.step === 0, JSON.stringify(imp));
    const impObj = await page.evaluate((c) => playground.importConfig(c), { ...RUN, seed: 11 });
    check('importConfig(an object) works too', impObj.ok === true &&
      (await page.evaluate(() => playground.getState().config.seed)) === 11, JSON.stringify(impObj));

    await page.evaluate(() => { playground.step(5); });
    for (const [label, bad] of [['not JSON', '{"data": "moons",'], ['a partial config', '{"dropout": 0.2}'],
      ['dropout 1.5', JSON.stringify({ ...RUN, dropout: 1.5 })], ['an unknown dataset', JSON.stringify({ ...RUN, data: 'nope' })],
      ['a number', 42], ['null', null]]) {
      const before = await page.evaluate(() => playground.getState());
      const r = await page.evaluate((x) => playground.importConfig(x), bad);
      const after = await page.evaluate(() => playground.getState());
      check(`importConfig(${label}) returns an error and changes nothing`,
        r.ok === false && typeof r.error === 'string' && r.error.length > 0 &&
        JSON.stringify(after.config) === JSON.stringify(before.config) && after.step === before.step &&
        JSON.stringify(after.notices) === JSON.stringify(before.notices), JSON.stringify(r));
    }

    // ---- 4b. The default run (spiral, 2-96-96-3, Adam), exported after 25 of its 200 epochs ----
    const def = await page.evaluate(() => {
      playground.importConfig({ data: 'spiral', noise: 0.1, data_seed: 1, n_train: 90, n_val: 400,
        sizes: [2, 96, 96, 3], activation: 'relu', dropout: 0.5, loss: 'cross_entropy',
        optimizer: { name: 'adam', lr: 0.01 }, batch: 8, epochs: 200, seed: 1 });
      playground.pause();
      playground.step(25 * 12);
      return { state: playground.getState(), script: playground.exportTorchScript() };
    });
    t0 = Date.now();
    const trace3 = runTorch(def.script, 'default run');
    if (trace3) {
      const { bad, worst } = compareCurves(def.state.curves, trace3, 90, 400, true);
      check('export parity, the default run: PyTorch\'s first 25 epochs equal the page\'s curves',
        def.state.curves.epoch.length === 25 && bad.length === 0,
        bad.length ? bad.slice(0, 4).join('; ') : `worst ${worst.toExponential(2)}, torch ran ${Date.now() - t0} ms`);
    }

    // ---- 5. Downloads, as the Export buttons make them ----
    for (const [kind, name] of [['csv', 'dropout-playground-curves.csv'], ['torch', 'dropout_playground_run.py'],
      ['config', 'dropout-playground-config.json'], ['png', 'dropout-playground.png']]) {
      const waiting = page.waitForEvent('download', { timeout: 15000 }).catch(() => null);
      const r = await page.evaluate((k) => playground.download(k), kind);
      const dl = await waiting;
      let size = 0;
      if (dl) { const p = await dl.path(); size = p ? fs.statSync(p).size : 0; }
      check(`download('${kind}') saves ${name}`, r.ok && dl && dl.suggestedFilename() === name && size > 100,
        dl ? `${dl.suggestedFilename()}, ${size} bytes` : 'no download');
    }
    const png = await page.evaluate(async () => {
      const b = await playground.exportPNG();
      const head = new Uint8Array(await b.slice(0, 8).arrayBuffer());
      return { type: b.type, size: b.size, sig: Array.from(head) };
    });
    check('exportPNG() gives a PNG of the view', png.type === 'image/png' && png.size > 10000 &&
      png.sig.join(',') === '137,80,78,71,13,10,26,10', JSON.stringify(png));

    // ---- 5b. The Export buttons in the canvas (C++ -> page), found where the app reports
    // them; restart() clears the notices, and a few frames pass before each click ----
    const clearNotices = () => page.evaluate(() => { playground.restart(); playground.step(8); });
    // A click once the button has stayed put for a moment: after restart() the layout may
    // still be settling (a loaded machine draws slowly), and a click on a moved button
    // would press its neighbour.
    const clickSettled = async (id) => {
      let last = null;
      for (let i = 0; i < 20; i++) {
        const r = await widget(page, id);
        if (last && JSON.stringify(r) === JSON.stringify(last)) break;
        last = r;
        await sleep(250);
      }
      return clickWidget(page, id);
    };
    const BUTTONS = { csv: 'export.csv', png: 'export.png', config: 'export.config', importConfig: 'export.import',
      torch: 'export.script', copy: 'export.copy' };
    for (const [kind, name, expected] of [['csv', 'dropout-playground-curves.csv', () => playground.exportCSV()],
      ['torch', 'dropout_playground_run.py', () => playground.exportTorchScript()],
      ['config', 'dropout-playground-config.json', () => playground.exportConfig()]]) {
      await clearNotices();
      await sleep(300);
      const waiting = page.waitForEvent('download', { timeout: 15000 }).catch(() => null);
      await clickSettled(BUTTONS[kind]);
      const dl = await waiting;
      const body = dl && (await dl.path()) ? fs.readFileSync(await dl.path(), 'utf8') : '';
      const want = await page.evaluate(expected);
      check(`the ${kind} Export button downloads ${name} with exactly the exported text`,
        dl && dl.suggestedFilename() === name && body === want, dl ? `${body.length} bytes` : 'no download');
    }
    {
      await clearNotices();
      await sleep(300);
      const waiting = page.waitForEvent('download', { timeout: 15000 }).catch(() => null);
      await clickSettled(BUTTONS.png);
      const dl = await waiting;
      const head = dl && (await dl.path()) ? fs.readFileSync(await dl.path()).subarray(0, 4).toString('latin1') : '';
      check('the View PNG button downloads dropout-playground.png', dl && dl.suggestedFilename() === 'dropout-playground.png' &&
        head === '\x89PNG', dl ? dl.suggestedFilename() : 'no download');
    }
    {
      await clearNotices();
      await sleep(300);
      const chooser = page.waitForEvent('filechooser', { timeout: 15000 }).catch(() => null);
      await clickWidget(page, BUTTONS.importConfig);
      const fc = await chooser;
      if (fc) {
        await fc.setFiles({ name: 'mine.json', mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ ...RUN, seed: 21, dropout: 0.25 })) });
      }
      await sleep(800);
      const st = await page.evaluate(() => playground.getState());
      check('the Import config button opens a file picker and imports the chosen file',
        fc && st.config.seed === 21 && st.config.dropout === 0.25 && st.step === 0, `seed ${st.config.seed}`);
      await clearNotices();
      await sleep(300);
      const badChooser = page.waitForEvent('filechooser', { timeout: 15000 }).catch(() => null);
      await clickWidget(page, BUTTONS.importConfig);
      const bfc = await badChooser;
      if (bfc) await bfc.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"dropout": 2') });
      await sleep(800);
      const st2 = await page.evaluate(() => playground.getState());
      check('importing a broken file is a notice naming it, and changes nothing',
        bfc && st2.config.seed === 21 && st2.step === 8 && st2.notices.some((n) => n.startsWith('Import of broken.json failed')),
        JSON.stringify(st2.notices.slice(-1)));
    }
    await page.mouse.move(700, 790);

    // ---- 6. The clipboard: granted, then refused ----
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.bringToFront();
    await page.locator('#canvas').focus();
    const copied = await page.evaluate(async () => {
      const r = await playground.copyTorchScript();
      let text = '';
      try { text = await navigator.clipboard.readText(); } catch (e) { text = 'readText: ' + e; }
      return { r, same: text === playground.exportTorchScript(), notices: playground.getState().notices };
    });
    check('copyTorchScript() puts the script on the clipboard, with a notice',
      copied.r.ok && copied.same && copied.notices.some((n) => n.startsWith('Copied the PyTorch script')),
      JSON.stringify({ r: copied.r, same: copied.same }));
    const refused = await page.evaluate(async () => {
      const err = new DOMException('Write permission denied.', 'NotAllowedError');
      Object.defineProperty(navigator, 'clipboard', { configurable: true,
        value: { writeText: () => Promise.reject(err) } });
      document.execCommand = () => false;
      const r = await playground.copyTorchScript();
      return { r, notices: playground.getState().notices, running: !!playground.getState() };
    });
    check('a refused clipboard is reported as a notice, not an error',
      refused.r.ok === false && refused.notices.some((n) => n.startsWith('Could not copy the PyTorch script') &&
        n.includes('NotAllowedError')), JSON.stringify(refused));
    check('no console errors or uncaught exceptions', errors.length === 0, errors.slice(0, 5).join(' | '));
  }
});
