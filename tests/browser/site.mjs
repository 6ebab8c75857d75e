// Helpers of the issue-4 browser tests (exports.mjs, devices.mjs): arguments, the
// built site served from 127.0.0.1, Chromium's flags, PASS/FAIL lines and the final
// "N passed, N failed" line with the exit code.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');

export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}

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

export function finish(main) {
  main()
    .catch((e) => check('test run', false, (e && e.stack) || String(e)))
    .finally(() => {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    });
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };

// Serves the site directory on 127.0.0.1 (a free port); extra maps a path to
// [content type, body] (host pages made up by a test). Resolves {server, origin}.
export async function serveSite(root, extra = {}) {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root}/index.html missing: build the web preset first`);
  }
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
