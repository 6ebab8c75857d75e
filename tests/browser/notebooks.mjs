// The take-home notebooks from the page, executed by Jupyter (Debian's nbconvert) in
// Debian's Chromium (tests/browser/harness.mjs):
//  - a run whose p and learning rate were changed mid-run: the notebook replays the
//    changes, and its closing check matches the page's recorded losses; the Export
//    section's button (clicked where the app reports it) downloads the same notebook;
//  - the Sweep panel's sweep, and the Uncertainty view's MC dropout: each notebook
//    executes, draws its plots and matches;
//  - the French interface writes the notebook's prose in French, and its check says
//    « correspond au playground »; without a sweep, exportNotebook('sweep') is an error.
//   node tests/browser/notebooks.mjs [--site build/web/site] [--python /usr/bin/python3] [--out DIR]
// Prints one line per check and a final "N passed, N failed"; exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMALL_RUN, arg, check, clickWidget, outDir, run, runWithMidRunChanges, waitReady } from './harness.mjs';

const python = arg('--python', '/usr/bin/python3');

const RUN = SMALL_RUN;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-notebooks-'));

// Executes a notebook as `jupyter nbconvert --to notebook --execute` does: the executed
// notebook, or null (with the error as a failed check).
function execute(text, name) {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  const out = name.replace('.ipynb', '_executed.ipynb');
  try {
    execFileSync(python, ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=600',
      '--output-dir', work, '--output', out, file], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 });
    return JSON.parse(fs.readFileSync(path.join(work, out), 'utf8'));
  } catch (e) {
    check(`${name} executes`, false, String(e.stderr || e.message).slice(-800));
    return null;
  }
}

const outputs = (nb) => nb.cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.outputs || []);
const pngs = (nb) => outputs(nb).filter((o) => o.data && o.data['image/png']).length;
const errors = (nb) => outputs(nb).filter((o) => o.output_type === 'error').map((o) => o.ename + ': ' + o.evalue);
function lastText(nb) {
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  return (code[code.length - 1].outputs || []).map((o) => [].concat(o.text || []).join('')).join('').trim();
}
const source = (nb) => nb.cells.map((c) => [].concat(c.source).join('')).join('\n');

// One exported notebook, executed and checked: no error, at least `minPng` plots, and
// the check cell's line starting with `match`.
function executeAndCheck(label, text, name, minPng, match) {
  const nb = execute(text, name);
  if (!nb) return null;
  const errs = errors(nb);
  check(`${label}: executes without an error`, errs.length === 0, errs.join('; '));
  check(`${label}: its plots are PNG outputs (${pngs(nb)})`, pngs(nb) >= minPng);
  const line = lastText(nb);
  check(`${label}: the check cell reports a match`, line.startsWith(match) && line.includes('1e-4'), line);
  return nb;
}

run(async ({ browser, origin }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(origin + '/?paused=1', { waitUntil: 'load' });
  if (!check('page becomes ready', (await waitReady(page)) === true)) return;

  // ---- 1. A run with p and lr changed mid-run ----
  const set = await page.evaluate((c) => { playground.pause(); return playground.setConfig(c); }, RUN);
  check('setConfig(the small moons run)', set.ok, JSON.stringify(set));
  const { ch1, ch2, state: st } = await runWithMidRunChanges(page);
  check('the changes applied mid-run, the run finished', ch1.ok && ch2.ok && st.done && st.p_changes.length === 2,
    JSON.stringify(st.p_changes));
  const nb = await page.evaluate(() => playground.exportNotebook());
  check('exportNotebook() gives the run\'s notebook', nb.ok && nb.name === 'dropout_playground_run.ipynb', nb.error || '');
  if (nb.ok) {
    const j = JSON.parse(nb.text);
    const src = source(j);
    const sched = (src.match(/^SCHEDULE = (.*)$/m) || [])[1] || '';
    check('the notebook replays the changes at their steps (30 and 62, a p per nn.Dropout)',
      sched.includes('30: ([0.6, 0.6], 0.1)') && sched.includes('62: ([0.1, 0.4], 0.05)'), sched);
    check('the notebook starts from the run\'s config, with nn.Dropout(config.dropout) and a link back',
      src.includes('dropout=0.3,') && src.includes('nn.Dropout(config.dropout)') &&
      src.includes(origin + '/') && src.includes('dataset=moons'), src.slice(0, 300));
    executeAndCheck('the changed run\'s notebook', nb.text, 'changed.ipynb', 3, 'matches the playground:');
  }
  // The Export section's button saves the same notebook.
  const waiting = page.waitForEvent('download', { timeout: 15000 }).catch(() => null);
  await clickWidget(page, 'export.notebook');
  const dl = await waiting;
  let same = false;
  if (dl) {
    const p = await dl.path();
    same = p && nb.ok && fs.readFileSync(p, 'utf8') === nb.text;
  }
  check('the Export section\'s "Jupyter notebook" button downloads dropout_playground_run.ipynb, the same text',
    dl && dl.suggestedFilename() === 'dropout_playground_run.ipynb' && same, dl ? dl.suggestedFilename() : 'no download');

  // ---- 2. No sweep yet, a bad kind ----
  const none = await page.evaluate(() => playground.exportNotebook('sweep'));
  check('exportNotebook(\'sweep\') before any sweep is an error naming the Sweep panel',
    none.ok === false && /Sweep panel/.test(none.error), JSON.stringify(none));
  const bad = await page.evaluate(() => playground.exportNotebook('movie'));
  check('exportNotebook(\'movie\') is an error naming the kinds', bad.ok === false && /'run', 'sweep' or 'mc'/.test(bad.error),
    JSON.stringify(bad));

  // ---- 3. The sweep ----
  await page.evaluate((c) => playground.importConfig(c), RUN);
  const sweep = await page.evaluate(() => playground.sweep({ p: [0, 0.3, 0.6], seeds: 1 }).then((r) => r.runs.length, (e) => String(e)));
  check('the page\'s sweep of 3 p values ran', sweep === 3, String(sweep));
  const snb = await page.evaluate(() => playground.exportNotebook('sweep'));
  check('exportNotebook(\'sweep\') gives the sweep\'s notebook', snb.ok && snb.name === 'dropout_playground_sweep.ipynb' &&
    snb.text.includes('P_VALUES = [0.0, 0.3, 0.6]'), snb.error || '');
  if (snb.ok) executeAndCheck('the sweep\'s notebook', snb.text, 'sweep.ipynb', 1, 'matches the playground:');

  // ---- 4. MC dropout, as the Uncertainty view shows it ----
  await page.evaluate(() => { playground.setConfig({ mc_samples: 20, mc_seed: 3 }); playground.step(4 * 10); });
  const mnb = await page.evaluate(() => playground.exportNotebook('mc'));
  check('exportNotebook(\'mc\') gives the MC notebook (T = 20, after 40 steps)', mnb.ok &&
    mnb.name === 'dropout_playground_mc.ipynb' && mnb.text.includes('mc_samples=20') && mnb.text.includes('STOP_AFTER = 40'),
    mnb.error || '');
  if (mnb.ok) {
    const executed = executeAndCheck('the MC notebook', mnb.text, 'mc.ipynb', 2, 'matches the playground:');
    if (executed) {
      check('the MC notebook compares the 10 epochs and the loss of the average of t = 1..20 passes',
        /: 50 numbers compared/.test(lastText(executed)), lastText(executed));
    }
  }

  // ---- 5. In French ----
  const fr = await context.newPage();
  await fr.goto(origin + '/?paused=1&lang=fr&dataset=moons&epochs=10', { waitUntil: 'load' });
  if (check('the French page becomes ready', (await waitReady(fr)) === true)) {
    await fr.evaluate(() => playground.step(1000000));
    const fnb = await fr.evaluate(() => playground.exportNotebook());
    check('the French page\'s notebook is in French (« Ce notebook reconstruit », « Les courbes »)',
      fnb.ok && fnb.text.includes('Ce notebook reconstruit') && fnb.text.includes('Les courbes') &&
      fnb.text.includes('lang=fr'), fnb.error || '');
    if (fnb.ok) {
      fs.mkdirSync(outDir, { recursive: true });
      const executed = executeAndCheck('the French notebook', fnb.text, 'fr.ipynb', 3, 'correspond au playground\u00a0:');
      if (executed) fs.writeFileSync(path.join(outDir, 'notebook_fr_executed.ipynb'), JSON.stringify(executed));
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
});
