// Shared pieces of the browser tests: the built site served from 127.0.0.1, Debian's
// Chromium through playwright-core, one PASS/FAIL line per check and the final
// "N passed, N failed" line (exit code 1 on any failure).
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
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
  return ok;
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };

// Serves root on 127.0.0.1 (a free port); extra maps a path to [content type, body]
// (host pages made up by a test).
export function serve(root, extra = {}) {
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
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Console errors and page errors of a page (and its frames), collected under a label.
export function watchErrors(page, label, into) {
  page.on('console', (m) => { if (m.type() === 'error') into.push(`${label}: ${m.text()}`); });
  page.on('pageerror', (e) => into.push(`${label} page error: ${e.message} ${(e.stack || '').split('\n').slice(0, 4).join(' <- ')}`));
}

// Waits for window.playground.ready in a page or frame; true or the reason it failed.
export async function waitReady(target, ms = 90000) {
  try {
    return await target.evaluate((t) => Promise.race([
      window.playground.ready.then(() => true),
      new Promise((_, rej) => setTimeout(() => rej(new Error(`not ready after ${t / 1000} s`)), t))]), ms);
  } catch (e) {
    return String(e.message || e);
  }
}

// Runs body({browser, origin, server}) with a served site and a browser, then prints
// the summary line and exits.
export async function run(body, { extra = {} } = {}) {
  let browser = null, server = null;
  try {
    if (!fs.existsSync(path.join(site, 'index.html'))) {
      check('site exists', false, `${site}/index.html missing: build the web preset first`);
    } else {
      fs.mkdirSync(outDir, { recursive: true });
      server = await serve(site, extra);
      const origin = `http://127.0.0.1:${server.address().port}`;
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      await body({ browser, origin, server });
    }
  } catch (e) {
    check('test run', false, e && e.stack || String(e));
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
