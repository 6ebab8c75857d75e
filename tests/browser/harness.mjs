// The one harness of the browser tests: arguments, the built site served from 127.0.0.1
// (plus host pages a test makes up), the browser, console errors collected, widgets found
// by the rectangles the app reports (getState().widgets), PASS/FAIL lines and a final
// "N passed, N failed" line (exit code 1 on any failure, or when nothing was checked).
//   import { run, check, engine, ... } from './harness.mjs';
//   run(async ({ browser, origin }) => { ... });
// Two engines, chosen by --engine (default chromium):
//   chromium  Debian's Chromium through playwright-core;
//   firefox   Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, in a private
//             Xvfb the harness starts (headless Firefox gets no WebGL2 here). `browser`
//             is then a thin adapter with the part of Playwright's API the tests use
//             (newContext, newPage({viewport, deviceScaleFactor}), goto, evaluate, mouse,
//             keyboard, screenshot, frames, console/pageerror/request events, downloads,
//             file choosers, permissions), so one test file runs on both engines.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');

// The value after a command-line option, as given.
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
// A path option, resolved.
export function arg(name, fallback) {
  const v = option(name, null);
  return v ? path.resolve(v) : fallback;
}
export const site = arg('--site', path.join(repo, 'build/web/site'));
export const outDir = arg('--out', path.join(repo, 'build/artifacts'));
export const ENGINES = ['chromium', 'firefox'];
// The browser engine of this run: 'chromium' or 'firefox' (--engine).
export const engine = option('--engine', 'chromium');
export const FIREFOX = '/usr/bin/firefox-esr';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
// Firefox preferences for a test profile: the async clipboard without a paste prompt (as
// Chromium's granted clipboard-read permission), no first-run or update traffic.
export const FIREFOX_PREFS = { 'dom.events.testing.asyncClipboard': true, 'app.update.disabledForTesting': true,
  'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false };

let passed = 0, failed = 0;
export function check(name, ok, detail = '') {
  ok = !!ok;
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
  return ok;
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns something truthy (or ms pass): effects that take frames.
export async function until(fn, ms = 4000) {
  const t0 = Date.now();
  let v = await fn();
  while (!v && Date.now() - t0 < ms) { await sleep(100); v = await fn(); }
  return v;
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };

// Serves the site directory on 127.0.0.1 (a free port); extra maps a path to
// [content type, body] (host pages made up by a test). Resolves {server, origin}.
export async function serveSite(root, extra = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (extra[url.pathname]) {
      const [type, body] = extra[url.pathname];
      res.writeHead(200, { 'Content-Type': type }).end(body);
      return;
    }
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
        'Content-Length': data.length });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// Waits for window.playground.ready (the first frame drawn). true, or the reason.
export async function waitReady(page, ms = 90000) {
  try {
    return await page.evaluate((t) => Promise.race([
      window.playground.ready.then(() => true),
      new Promise((_, rej) => setTimeout(() => rej(new Error(`not ready after ${t / 1000} s`)), t))]), ms);
  } catch (e) {
    return String(e.message || e);
  }
}

// Hides or shows the page as the browser does when its tab goes to the background or
// comes back (headless browsers never hide a page): document.hidden, visibilityState,
// and a visibilitychange event.
export async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

// The value at fraction q (0.5: the median) of values, sorted.
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

// Frames as the page gets them, over ms milliseconds (and at least `min` of them): the
// interval (ms) between consecutive animation frames, the app's own work in each
// (status().max_frame_work_ms), and how many frames the app drew meanwhile. `during`
// runs while they are counted.
export async function frameIntervals(page, ms, { min = 0, during = null } = {}) {
  const drawnSoFar = () => page.evaluate(() => playground.status().frames);
  const f0 = await drawnSoFar();
  const counted = page.evaluate(([dur, least]) => new Promise((resolve) => {
    const intervals = [], work = [];
    let last = null;
    const t0 = performance.now();
    playground.status();  // starts the work figure afresh
    function tick(t) {
      if (last !== null) {
        intervals.push(t - last);
        work.push(playground.status().max_frame_work_ms);
      }
      last = t;
      if (t - t0 < dur || intervals.length < least) requestAnimationFrame(tick);
      else resolve({ intervals, work });
    }
    requestAnimationFrame(tick);
  }), [ms, min]);
  if (during) await during();
  const r = await counted;
  r.drawn = (await drawnSoFar()) - f0;
  return r;
}

// Console errors and uncaught exceptions of a page (and its frames), under a label.
export function watchErrors(page, label, into) {
  page.on('console', (m) => { if (m.type() === 'error') into.push(`${label}: ${m.text()}`); });
  page.on('pageerror', (e) => into.push(
    `${label} page error: ${e.message} ${(e.stack || '').split('\n').slice(0, 4).join(' <- ')}`));
}

// The rectangle {x, y, w, h} (CSS pixels of the page, or of its frame) of a widget the
// app reports under id ("run.step", "export.csv", "field.dropout"...), as drawn in the
// last frame; waits a few frames for it. Throws when the app never reports it.
export async function widget(page, id, ms = 5000) {
  // The rectangles are those of the last frame drawn, and a change just made (a notice
  // cleared, a restart) moves widgets: let two more frames be drawn first (at most 1 s:
  // an idle page draws none, and then its last frame is current).
  await page.evaluate(() => new Promise((resolve) => {
    const frames = () => {
      try { return typeof playground.status === 'function' ? playground.status().frames : null; } catch (e) { return null; }
    };
    const f0 = frames(), t0 = performance.now();
    if (f0 === null) { requestAnimationFrame(() => requestAnimationFrame(resolve)); return; }
    (function poll() {
      if (frames() >= f0 + 2 || performance.now() - t0 > 1000) resolve(); else requestAnimationFrame(poll);
    })();
  }));
  const r = await until(() => page.evaluate((k) => (playground.getState().widgets || {})[k] || null, id), ms);
  if (!r) throw new Error(`the app reports no widget '${id}'`);
  return { x: r[0], y: r[1], w: r[2], h: r[3] };
}
export function center(r) { return [r.x + r.w / 2, r.y + r.h / 2]; }
// A point of a slider at fraction f of its track (0 = left end).
export function along(r, f) { return [r.x + 6 + (r.w - 12) * f, r.y + r.h / 2]; }
// Clicks the widget's centre (mouse), after waiting for it; offset by the frame's position
// in the page when the playground is in an iframe (frameBox: the iframe's bounding box).
export async function clickWidget(page, id, { mouse = page.mouse, frameBox = null } = {}) {
  const r = await widget(page, id);
  const [x, y] = center(r);
  await mouse.click(x + (frameBox ? frameBox.x : 0), y + (frameBox ? frameBox.y : 0));
  return r;
}

export function finish(main) {
  main()
    .catch((e) => check('test run', false, (e && e.stack) || String(e)))
    .finally(() => {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    });
}

// ---- Firefox: Xvfb, puppeteer-core, and the Playwright-shaped adapter ----

// Starts Xvfb on a free display (-displayfd: the server picks it and tells us).
// Resolves {display, stop}.
export async function startXvfb() {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  x.stderr.on('data', (d) => { err += d; });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(':' + out.trim());
    });
    x.on('error', (e) => reject(new Error(`Xvfb: ${e.message} (Debian package xvfb)`)));
    x.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.trim().slice(-300)}`)));
    setTimeout(() => reject(new Error('Xvfb gave no display in 20 s')), 20000);
  });
  const stop = () => { if (x.exitCode === null) x.kill('SIGTERM'); };
  process.on('exit', stop);
  return { display, stop };
}

// Playwright's waitUntil values in Puppeteer's words.
const WAIT_UNTIL = { load: 'load', domcontentloaded: 'domcontentloaded', networkidle: 'networkidle0', commit: 'load' };

// A download the browser saved into dir: resolves {suggestedFilename(), path()} for the next
// complete file there (moved into a folder of its own, so the next one keeps its name).
// Firefox first makes an empty file of the final name beside NAME.part, so a file counts
// as complete when no .part is beside it and its size has held for a while.
let downloadCount = 0;
async function nextDownload(dir, timeout) {
  const t0 = Date.now();
  const seen = new Map();  // name -> [size, since]
  while (Date.now() - t0 < timeout) {
    const names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile());
    for (const n of names) {
      if (n.endsWith('.part') || names.includes(n + '.part')) { seen.delete(n); continue; }
      const size = fs.statSync(path.join(dir, n)).size;
      const [was, since] = seen.get(n) || [-1, Date.now()];
      if (was !== size) { seen.set(n, [size, Date.now()]); continue; }
      if (Date.now() - since < (size > 0 ? 300 : 2000)) continue;
      const own = path.join(dir, `got-${++downloadCount}`);
      fs.mkdirSync(own);
      fs.renameSync(path.join(dir, n), path.join(own, n));
      return { suggestedFilename: () => n, path: async () => path.join(own, n) };
    }
    await sleep(100);
  }
  throw new Error(`no download within ${timeout} ms`);
}

// Playwright's setFiles arguments (paths, or {name, mimeType, buffer}) as paths for Puppeteer.
function filePaths(files, dir) {
  return [].concat(files).map((f) => {
    if (typeof f === 'string') return path.resolve(f);
    const own = fs.mkdtempSync(path.join(dir, 'upload-'));
    fs.writeFileSync(path.join(own, f.name), f.buffer);
    return path.join(own, f.name);
  });
}

// A Puppeteer page with Playwright's shape where the two differ.
function adaptPage(p, context, viewport) {
  let current = { ...viewport };
  const mouse = {
    move: (x, y, o) => p.mouse.move(x, y, o),
    down: (o) => p.mouse.down(o),
    up: (o) => p.mouse.up(o),
    click: (x, y, o = {}) => p.mouse.click(x, y, { ...o, count: o.clickCount }),
    dblclick: (x, y, o = {}) => p.mouse.click(x, y, { ...o, count: 2 }),
    wheel: (deltaX, deltaY) => p.mouse.wheel({ deltaX, deltaY }),
  };
  const own = {
    mouse,
    context: () => context,
    goto: (url, o = {}) => p.goto(url, { ...o, waitUntil: WAIT_UNTIL[o.waitUntil] || 'load' }),
    screenshot: async (o = {}) => Buffer.from(await p.screenshot(o)),
    setViewportSize: async ({ width, height }) => {
      current = { ...current, width, height };
      await p.setViewport(current);
    },
    viewportSize: () => ({ width: current.width, height: current.height }),
    locator: (selector) => ({
      focus: () => p.focus(selector),
      click: () => p.click(selector),
      boundingBox: async () => { const h = await p.$(selector); return h ? h.boundingBox() : null; },
    }),
    addInitScript: (script, a) => (typeof script === 'function'
      ? p.evaluateOnNewDocument(script, a) : p.evaluateOnNewDocument(script.content || script)),
    waitForEvent: async (name, o = {}) => {
      const timeout = typeof o === 'number' ? o : (o.timeout ?? 30000);
      if (name === 'download') return nextDownload(context.downloadDir, timeout);
      if (name === 'filechooser') {
        const chooser = await p.waitForFileChooser({ timeout });
        return { setFiles: (files) => chooser.accept(filePaths(files, context.downloadDir)) };
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeout} ms`)), timeout);
        p.once(name, (v) => { clearTimeout(timer); resolve(v); });
      });
    },
    close: async () => { await p.close(); if (context.ownedByPage) await context.close(); },
  };
  return new Proxy(p, {
    get(target, key) {
      if (Object.hasOwn(own, key)) return own[key];
      const v = target[key];
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

// A Puppeteer browser context as a Playwright one: newPage, grantPermissions, close.
async function adaptContext(pb, options = {}, ownedByPage = false) {
  const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-firefox-downloads-'));
  const c = await pb.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloadDir } });
  const viewport = { width: 1280, height: 720, ...(options.viewport || {}),
    deviceScaleFactor: options.deviceScaleFactor || 1 };
  const context = {
    downloadDir, ownedByPage,
    newPage: async () => {
      const p = await c.newPage();
      await p.setViewport(viewport);
      if (!options.firstVisit) await p.evaluateOnNewDocument(rememberIntroSeen, INTRO_STORAGE_KEY);
      return adaptPage(p, context, viewport);
    },
    // Firefox's clipboard needs no permission under FIREFOX_PREFS (and BiDi has none
    // for it); other permissions go to the browser.
    grantPermissions: async (permissions, { origin } = {}) => {
      const rest = permissions.filter((x) => !x.startsWith('clipboard-'));
      if (rest.length) await c.overridePermissions(origin, rest);
    },
    close: async () => {
      if (context.closed) return;
      context.closed = true;
      await c.close().catch(() => {});
      fs.rmSync(downloadDir, { recursive: true, force: true });
    },
  };
  return context;
}

// Debian's Firefox ESR under a private Xvfb, as a Playwright-shaped browser.
async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const xvfb = await startXvfb();
  let pb;
  try {
    pb = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, protocol: 'webDriverBiDi',
      headless: false, env: { ...process.env, DISPLAY: xvfb.display }, extraPrefsFirefox: FIREFOX_PREFS,
      args: ['--width=1920', '--height=1200'] });
  } catch (e) {
    xvfb.stop();
    throw e;
  }
  const contexts = new Set();
  const newContext = async (options, ownedByPage = false) => {
    const c = await adaptContext(pb, options, ownedByPage);
    contexts.add(c);
    return c;
  };
  return {
    engine: 'firefox',
    version: () => pb.version(),
    newContext: (options) => newContext(options),
    newPage: async (options) => (await newContext(options, true)).newPage(),
    close: async () => {
      try {
        for (const c of contexts) await c.close();
        await pb.close();
      } finally {
        xvfb.stop();
      }
    },
  };
}

// A first visit shows the start card and opens paused. The tests are returning
// visitors unless they ask for a first visit (newContext/newPage({ firstVisit: true })):
// every page of their contexts starts with the card's "seen" already remembered.
export const INTRO_STORAGE_KEY = 'dropout-playground.intro';
function rememberIntroSeen(key) {
  try { localStorage.setItem(key, 'seen'); } catch (e) { /* storage refused: a first visit */ }
}
function returningVisitor(browser, addScript) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const { firstVisit, ...rest } = options;
    const c = await newContext(rest);
    if (!firstVisit) await addScript(c);
    return c;
  };
  browser.newPage = async (options = {}) => {
    const c = await browser.newContext(options);
    const p = await c.newPage();
    p.on('close', () => c.close().catch(() => {}));
    return p;
  };
  return browser;
}

// The browser of --engine: Playwright's Chromium, or the Firefox adapter.
export async function launchBrowser(name = engine) {
  if (name === 'chromium') {
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    b.engine = 'chromium';
    return returningVisitor(b, (c) => c.addInitScript(rememberIntroSeen, INTRO_STORAGE_KEY));
  }
  if (name === 'firefox') return launchFirefox();
  throw new Error(`--engine ${name}: not one of ${ENGINES.join(', ')}`);
}

// Runs body({browser, origin, engine}) with the site served and the browser of --engine
// started, then prints the summary line and exits. extra: host pages,
// {'/host.html': [type, body]}.
export function run(body, { extra = {} } = {}) {
  finish(async () => {
    if (!fs.existsSync(path.join(site, 'index.html'))) {
      check('site exists', false, `${site}/index.html missing: build the web preset first`);
      return;
    }
    fs.mkdirSync(outDir, { recursive: true });
    const { server, origin } = await serveSite(site, extra);
    let browser = null;
    try {
      const t0 = Date.now();
      browser = await launchBrowser(engine);
      console.log(`engine: ${engine} ${await browser.version()} (started in ${Date.now() - t0} ms)`);
      await body({ browser, origin, engine });
    } finally {
      if (browser) await browser.close().catch(() => {});
      server.close();
    }
  });
}

// The exports' small classification run: 30 epochs of 4 batches, seconds under PyTorch.
export const SMALL_RUN = { data: 'moons', noise: 0.25, data_seed: 1, n_train: 64, n_val: 200, sizes: [2, 32, 32, 1],
  activation: 'relu', dropout: 0.3, loss: 'bce_with_logits', optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
  batch: 16, epochs: 30, seed: 7 };

// SMALL_RUN from its start with p changed twice and the learning rate once while it runs
// (after steps 30 and 62: p 0.6, then p 0.1 and 0.4 per layer with lr 0.05), to its end.
// The two setConfig answers and the final getState().
export async function runWithMidRunChanges(page) {
  await page.evaluate(() => { playground.restart(); playground.step(4 * 7 + 2); });
  const ch1 = await page.evaluate(() => playground.setConfig({ dropout: 0.6 }));
  await page.evaluate(() => playground.step(4 * 8));
  const ch2 = await page.evaluate(() => playground.setConfig({ dropout: [0.1, 0.4], optimizer: { lr: 0.05 } }));
  await page.evaluate(() => playground.step(1000000));
  return { ch1, ch2, state: await page.evaluate(() => playground.getState()) };
}
