// The page benchmark (not a test; scripts/bench.sh runs it beside the engine table):
// figures of the built site in Debian's Chromium, medians of several runs, each run in a
// fresh browser context (a cold cache):
//  - time to the first frame: navigation start to playground.ready;
//  - the site's sizes, raw and gzipped (level 9): playground.wasm, playground.js, and the
//    page's own files (index.html and its other scripts);
//  - frame time while training the default config (requestAnimationFrame intervals in
//    the page, p50 and p95, 1280x800);
//  - frames drawn per second while paused and idle (getState().frames over a few seconds,
//    no input);
//  - optimizer steps per second of a whole default run with its p = 0 twin: in the page
//    with playground.step(n), and in the native CLI (playground-cli train --baseline, the
//    same config and work), run by turns; their ratio. Both are timed in CPU time (the
//    page's main thread, from Chromium's Performance metrics; the CLI's user + system
//    time, from bash's `times`), so the load of a shared machine does not decide it; the
//    wall-clock rates are in the log.
//   node tests/browser/page_bench.mjs [--site build/web/site] [--cli build/native/playground-cli]
//        [--repeat 7] [--table out.md]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { arg, check, frameIntervals, option, quantile, repo, run, site, sleep, waitReady, watchErrors } from './harness.mjs';

const cli = arg('--cli', path.join(repo, 'build/native/playground-cli'));
const repeat = Number(option('--repeat', '7'));
const tableFile = arg('--table', null);
const IDLE_MS = 3000;
const TRAIN_MS = 4000;

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${Math.round(n / 1024).toLocaleString('en-US')} KB`;

function sizes() {
  const files = fs.readdirSync(site);
  const size = (names) => {
    let raw = 0, gz = 0;
    for (const n of names) {
      const data = fs.readFileSync(path.join(site, n));
      raw += data.length;
      gz += zlib.gzipSync(data, { level: 9 }).length;
    }
    return { raw, gz };
  };
  const own = files.filter((n) => (n.endsWith('.js') && n !== 'playground.js') || n === 'index.html');
  return { wasm: size(['playground.wasm']), js: size(['playground.js']), own: size(own), ownNames: own };
}

// One whole default run with its twin in the native CLI: optimizer steps per second of
// CPU time (bash's `times`: the child's user and system time) and of wall-clock time.
function nativeStepsPerSecond(cfgFile, steps) {
  const t0 = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', '"$0" train --config "$1" --baseline --quiet && times', cli, cfgFile],
    { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // times: the shell's user and system time, then its children's: "0m1.569s 0m0.003s".
  const child = out.trim().split('\n').pop().match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  const cpu = Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4]);
  return { cpu: steps / cpu, wall: steps / wall };
}

const framesOf = (page) => page.evaluate(() => (playground.status ? playground.status() : playground.getState()).frames);

run(async ({ browser, origin }) => {
  const errors = [];
  const runs = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-page-bench-'));
  const cfgFile = path.join(tmp, 'default.json');
  let allReady = true;
  for (let r = 0; r < repeat; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The moment window.playground.ready resolves, on the page's clock (0 = navigation start).
    await context.addInitScript(() => {
      let api;
      Object.defineProperty(window, 'playground', {
        configurable: true,
        get: () => api,
        set: (v) => { api = v; v.ready.then(() => { window.benchFirstFrame = performance.now(); }); },
      });
    });
    const page = await context.newPage();
    watchErrors(page, `run ${r + 1}`, errors);
    await page.goto(origin + '/', { waitUntil: 'load' });
    const ready = await waitReady(page);
    allReady = allReady && ready === true;
    if (ready !== true) { await context.close(); continue; }
    const firstFrame = await page.evaluate(() => window.benchFirstFrame);
    await page.mouse.move(640, 795);

    // Training the default config (it plays from the start): frame intervals.
    const st = await page.evaluate(() => { playground.restart(); playground.play(); return playground.getState(); });
    if (r === 0) fs.writeFileSync(cfgFile, JSON.stringify(st.config));
    await sleep(500);
    const { intervals } = await frameIntervals(page, TRAIN_MS);

    // Paused and idle: frames drawn per second (after a second to settle).
    await page.evaluate(() => playground.pause());
    await sleep(1000);
    const f0 = await framesOf(page);
    const t0 = Date.now();
    await sleep(IDLE_MS);
    const idleFps = ((await framesOf(page)) - f0) / ((Date.now() - t0) / 1000);

    // A whole default run with its twin by playground.step(n), then the same in the CLI.
    // The page's CPU time: its main thread's, over the call (the page is paused and idle).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadTime = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ThreadTime').value;
    await page.evaluate(() => playground.restart());
    const cpu0 = await threadTime();
    const stepped = await page.evaluate(() => {
      const s = playground.getState();
      const n = s.config.epochs * s.batches_per_epoch;
      const t = performance.now();
      const res = playground.step(n);
      return { ms: performance.now() - t, n, res };
    });
    const pageCpu = (await threadTime()) - cpu0;
    const pageRate = stepped.n / pageCpu, pageWall = stepped.n / (stepped.ms / 1000);
    const native = fs.existsSync(cli) ? nativeStepsPerSecond(cfgFile, stepped.n) : { cpu: NaN, wall: NaN };
    runs.push({ firstFrame, p50: quantile(intervals, 0.5), p95: quantile(intervals, 0.95), frames: intervals.length,
      idleFps, pageRate, nativeRate: native.cpu, stepOk: stepped.res.ok && stepped.res.epoch === st.config.epochs });
    console.log(`run ${r + 1}: first frame ${firstFrame.toFixed(0)} ms; frame p50 ${quantile(intervals, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(intervals, 0.95).toFixed(1)} ms (${intervals.length} frames); idle ${idleFps.toFixed(1)} frames/s; ` +
      `steps/s (CPU) page ${pageRate.toFixed(0)}, native ${native.cpu.toFixed(0)}; ` +
      `(wall) page ${pageWall.toFixed(0)}, native ${native.wall.toFixed(0)}`);
    await context.close();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  check(`the page became ready in all ${repeat} runs`, allReady && runs.length === repeat);
  check('every step(n) ran the whole default run', runs.every((x) => x.stepOk));
  check('the native CLI ran', fs.existsSync(cli) && runs.every((x) => Number.isFinite(x.nativeRate)), cli);
  check('no console errors', errors.length === 0, errors.slice(0, 3).join(' | '));
  if (!runs.length) return;

  const m = (k) => median(runs.map((x) => x[k]));
  const s = sizes();
  const version = await browser.version();
  const rows = [
    '| page figure | value |',
    '|---|---:|',
    `| time to first frame (cold load from 127.0.0.1) | ${m('firstFrame').toFixed(0)} ms |`,
    `| playground.wasm | ${kb(s.wasm.raw)} (${kb(s.wasm.gz)} gzipped) |`,
    `| playground.js | ${kb(s.js.raw)} (${kb(s.js.gz)} gzipped) |`,
    `| the page's own files (${s.ownNames.length}: index.html and its scripts) | ${kb(s.own.raw)} (${kb(s.own.gz)} gzipped) |`,
    `| frame time while training the default config, p50 / p95 | ${m('p50').toFixed(1)} / ${m('p95').toFixed(1)} ms |`,
    `| frames drawn per second, paused and idle | ${m('idleFps').toFixed(1)} |`,
    `| optimizer steps per CPU second, default run + twin: page, playground.step(n) | ${Math.round(m('pageRate')).toLocaleString('en-US')} |`,
    `| optimizer steps per CPU second, default run + twin: native CLI (train --baseline) | ${Math.round(m('nativeRate')).toLocaleString('en-US')} |`,
    `| native / page (median of the per-run ratios) | ${median(runs.map((x) => x.nativeRate / x.pageRate)).toFixed(2)}x |`,
  ];
  const note = `(Chromium ${version}, headless, SwiftShader WebGL2, 1280x800; medians of ${runs.length} runs; ` +
    `${os.cpus().length} cores; ${new Date().toISOString().slice(0, 10)})`;
  console.log(rows.join('\n') + '\n' + note);
  if (tableFile) fs.writeFileSync(tableFile, rows.join('\n') + '\n' + note + '\n');
});
