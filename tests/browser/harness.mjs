// The one harness of the browser tests: arguments, the built site served from 127.0.0.1
// (plus host pages a test makes up), Debian's Chromium through playwright-core, console
// errors collected, widgets found by the rectangles the app reports
// (getState().widgets), PASS/FAIL lines and a final "N passed, N failed" line (exit code
// 1 on any failure, or when nothing was checked).
//   import { run, check, ... } from './harness.mjs';
//   run(async ({ browser, origin }) => { ... });
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');

export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}
export const site = arg('--site', path.join(repo, 'build/web/site'));
export const outDir = arg('--out', path.join(repo, 'build/artifacts'));

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

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

// Runs body({browser, origin}) with the site served and Chromium started, then prints
// the summary line and exits. extra: host pages, {'/host.html': [type, body]}.
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
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      await body({ browser, origin });
    } finally {
      if (browser) await browser.close().catch(() => {});
      server.close();
    }
  });
}
