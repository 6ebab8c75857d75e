// The course-page browser tests' runner (url_state, embed, host_messages,
// diverge_hidden), on top of the shared helpers in site.mjs: the built site served from
// 127.0.0.1 (plus host pages made up by a test), Debian's Chromium through
// playwright-core, console errors collected, and site.mjs's PASS/FAIL lines and final
// "N passed, N failed" line (exit code 1 on any failure).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { arg, CHROMIUM_ARGS, check, finish, repo, serveSite, sleep, waitReady } from './site.mjs';

export { check, sleep, waitReady };
export const site = arg('--site', path.join(repo, 'build/web/site'));
export const outDir = arg('--out', path.join(repo, 'build/artifacts'));

// Console errors and uncaught exceptions of a page (and its frames), under a label.
export function watchErrors(page, label, into) {
  page.on('console', (m) => { if (m.type() === 'error') into.push(`${label}: ${m.text()}`); });
  page.on('pageerror', (e) => into.push(
    `${label} page error: ${e.message} ${(e.stack || '').split('\n').slice(0, 4).join(' <- ')}`));
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
