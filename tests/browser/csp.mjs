// The strict page (Content-Security-Policy) in a real browser, for index.html, embed.html
// and the offline single file (its policy carries hashes computed at build time):
//  - used normally (ready, play, pause, step, clicks in the canvas, the exports and a
//    download, Share, a bad link parameter's banner, host-page messages from a course
//    page of another origin that embeds index.html), no securitypolicyviolation event
//    fires in the page or its frames and the console shows no policy error;
//  - then, in each page, an outside script (a <script src> from a second local server,
//    another origin), an inline script, an inline handler, eval, a fetch and a stylesheet
//    from outside and an inline style are each blocked: the violation is reported and
//    the code had no effect (the outside server saw no request);
//  - afterwards the page still trains.
//   node tests/browser/csp.mjs [--site build/web/site] [--single build/web/playground-single.html]
//                              [--engine chromium|firefox]
// Prints one line per check and a final "N passed, N failed"; exits 1 on any failure.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, check, clickWidget, engine, run, site, sleep, until, waitReady, watchErrors } from './harness.mjs';

const single = arg('--single', path.join(path.dirname(site), 'playground-single.html'));
const PROTOCOL = 'dropout-playground';

// The other origin: a second server that counts every request it gets. It serves the
// outside script, data and stylesheet an attacker would inject, and a course page that
// embeds the playground (set once the site's origin is known).
const outside = { requests: [], host: '' };
const outsideServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/course.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(outside.host);
    return;
  }
  outside.requests.push(url.pathname + url.search);
  const types = { '/outside.js': 'text/javascript', '/outside.css': 'text/css', '/data.json': 'application/json' };
  const bodies = { '/outside.js': 'window.outsideRan = true;', '/outside.css': 'body { outline: 7px solid red; }',
    '/data.json': '{"outside": true}' };
  res.writeHead(types[url.pathname] ? 200 : 404, { 'Content-Type': types[url.pathname] || 'text/plain',
    'Access-Control-Allow-Origin': '*' }).end(bodies[url.pathname] || 'not found');
});
await new Promise((resolve) => outsideServer.listen(0, '127.0.0.1', resolve));
const OUT = `http://127.0.0.1:${outsideServer.address().port}`;

// In every document before its own scripts: the violations it reports.
function recordViolations() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.cspViolations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
      sample: (e.sample || '').slice(0, 60), disposition: e.disposition });
  }, true);
}
const violationsOf = (frame) => frame.evaluate(() => window.cspViolations || null);
const describe = (list) => JSON.stringify(list && list.map((v) => `${v.directive} ${v.blocked}`)).slice(0, 400);

// Console lines about the policy, whatever the engine calls them.
const isPolicyText = (t) => /content.security.policy|Refused to|violates the following/i.test(t);
async function watchPolicyConsole(page, into) {
  page.on('console', (m) => { if (isPolicyText(m.text())) into.push(`${m.type()}: ${m.text()}`); });
  if (engine === 'chromium') {
    // Chromium reports violations in its log (CDP Log domain), not only as console calls.
    const cdp = await page.context().newCDPSession(page);
    cdp.on('Log.entryAdded', ({ entry }) => { if (isPolicyText(entry.text)) into.push(`log ${entry.level}: ${entry.text}`); });
    await cdp.send('Log.enable');
  }
}

// Opens url in a new page that records violations and policy console lines.
async function openPage(browser, url, errors, label) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(recordViolations);
  const policyConsole = [];
  await watchPolicyConsole(page, policyConsole);
  watchErrors(page, label, errors);
  await page.goto(url, { waitUntil: 'load' });
  return { page, policyConsole };
}

// The page used as a student would: play, pause, step, the Step button, every export, a
// download, Share. true when all of it worked (each part is also checked).
async function usePlayground(page, label) {
  const a = await page.evaluate(() => { playground.play(); return playground.getState().step; });
  const played = await until(() => page.evaluate((s) => playground.getState().step > s, a), 8000);
  const p1 = await page.evaluate(() => { playground.pause(); return playground.getState().step; });
  await sleep(500);
  const p2 = await page.evaluate(() => playground.getState().step);
  const stepped = await page.evaluate(() => playground.step(12));
  check(`${label}: plays, pauses and steps`, played && p1 === p2 && stepped.ok && stepped.step > p2,
    `played ${!!played}, paused ${p1} -> ${p2}, step ${JSON.stringify(stepped)}`);
  const r = await page.evaluate(() => playground.getState().widgets['run.step']);
  const before = await page.evaluate(() => playground.getState().step);
  if (r) await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  const clicked = await until(() => page.evaluate((s) => playground.getState().step === s + 1, before), 3000);
  check(`${label}: a click on the canvas' Step button does one step`, r && clicked, JSON.stringify(r));
  await clickWidget(page, 'seed.share');
  const shared = await until(() => page.evaluate(() => playground.getState().notices.find((n) => n.includes('the link'))), 3000);
  check(`${label}: the Share button copies the link (a notice says how it went)`, shared, String(shared));
  const ex = await page.evaluate(async () => {
    const png = await playground.exportPNG();
    const cfg = playground.exportConfig();
    return { csv: playground.exportCSV().startsWith('epoch,'), torch: playground.exportTorchScript().includes('import torch'),
      config: playground.importConfig(cfg).ok, png: png.type === 'image/png' && png.size > 1000,
      download: playground.download('csv').ok, share: playground.shareUrl().includes('dropout='),
      copy: (await playground.copyTorchScript()).ok !== undefined };
  });
  check(`${label}: the exports, a download, Share and the clipboard work`, Object.values(ex).every(Boolean), JSON.stringify(ex));
  return played && clicked && Object.values(ex).every(Boolean);
}

// Injects what the policy must block into frame (a document of the site); returns what
// was reported and what ran. tag names this page in the outside server's log.
async function inject(frame, tag) {
  return frame.evaluate(async ({ out, tag }) => {
    const n0 = window.cspViolations.length;
    const s = document.createElement('script');
    s.src = `${out}/outside.js?from=${tag}`;
    document.head.appendChild(s);
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true;';
    document.body.appendChild(inline);
    const handler = document.createElement('div');
    handler.setAttribute('onclick', 'window.handlerRan = true;');
    document.body.appendChild(handler);
    handler.click();
    // eval and new Function from a timer: the page's own realm, not the test's evaluate
    // (which browsers let past the policy).
    const evals = await new Promise((resolve) => setTimeout(() => {
      const r = { evalRan: false, evalError: '', fnRan: false, fnError: '' };
      try { r.evalRan = eval('true'); } catch (e) { r.evalError = e.name; }
      try { r.fnRan = new Function('return true')(); } catch (e) { r.fnError = e.name; }
      resolve(r);
    }, 0));
    let fetched = '';
    try { fetched = await (await fetch(`${out}/data.json?from=${tag}`)).text(); } catch (e) { fetched = ''; }
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `${out}/outside.css?from=${tag}`;
    document.head.appendChild(link);
    const style = document.createElement('style');
    style.textContent = 'body { outline: 9px solid lime; }';
    document.head.appendChild(style);
    await new Promise((r) => setTimeout(r, 1000));
    return { violations: window.cspViolations.slice(n0), outsideRan: !!window.outsideRan, inlineRan: !!window.inlineRan,
      handlerRan: !!window.handlerRan, ...evals, fetched, outline: getComputedStyle(document.body).outlineStyle };
  }, { out: OUT, tag });
}

// Checks that each injected thing was blocked and reported, in the page labelled label.
function checkBlocked(label, got, tag, policyConsole, consoleBefore) {
  const v = got.violations;
  const has = (dir, blocked) => v.some((x) => x.directive.startsWith(dir) && blocked(String(x.blocked)) &&
    x.disposition === 'enforce');
  const heard = outside.requests.filter((u) => u.includes(`from=${tag}`));
  check(`${label}: an outside <script src> is blocked (reported, never requested, never ran)`,
    has('script-src-elem', (b) => b.startsWith(`${OUT}/outside.js`)) && !got.outsideRan &&
    !heard.some((u) => u.startsWith('/outside.js')), `${describe(v)}; outside saw ${heard.join(' ')}`);
  check(`${label}: an inline <script> is blocked (reported as inline, never ran)`,
    has('script-src-elem', (b) => b === 'inline') && !got.inlineRan, describe(v));
  check(`${label}: an inline onclick handler is blocked`, has('script-src-attr', (b) => b === 'inline') && !got.handlerRan,
    describe(v));
  check(`${label}: eval and new Function are blocked ('unsafe-eval' is absent)`,
    has('script-src', (b) => b === 'eval') && !got.evalRan && got.evalError === 'EvalError' && !got.fnRan &&
    got.fnError === 'EvalError', `eval ${got.evalRan} (${got.evalError}), new Function ${got.fnRan} (${got.fnError})`);
  check(`${label}: a fetch of another origin is blocked`, has('connect-src', (b) => b.startsWith(`${OUT}/data.json`)) &&
    got.fetched === '' && !heard.some((u) => u.startsWith('/data.json')), `fetched ${JSON.stringify(got.fetched)}`);
  check(`${label}: an outside stylesheet and an inline <style> are blocked`,
    has('style-src', (b) => b.startsWith(`${OUT}/outside.css`)) && has('style-src', (b) => b === 'inline') &&
    got.outline === 'none' && !heard.some((u) => u.startsWith('/outside.css')), `outline ${got.outline}`);
  // Chromium writes each violation to its log; Firefox keeps them from WebDriver BiDi's
  // log (it carries console calls and script errors only), so there the event is the report.
  if (engine === 'chromium') {
    const lines = policyConsole.slice(consoleBefore);
    check(`${label}: the console reports the blocked script`, lines.some((l) => l.includes(`${OUT}/outside.js`)),
      lines.slice(0, 2).join(' | '));
  }
}

run(async ({ browser, origin }) => {
  const errors = [];

  // ---- 1. index.html, with a bad link parameter (its banner), then the attacks ----
  {
    const { page, policyConsole } = await openPage(browser, `${origin}/?paused=1&wat=1`, errors, 'index.html');
    const ready = await waitReady(page);
    if (check('index.html: ready under its policy', ready === true, String(ready))) {
      const banner = await until(() => page.evaluate(() => !!document.getElementById('link-notices')), 3000);
      check('index.html: the link banner is shown', banner);
      const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
      check('index.html: the policy allows this folder and WebAssembly, no inline code, no eval',
        /script-src 'self' 'wasm-unsafe-eval';/.test(policy) && !policy.includes('unsafe-inline') &&
        !/'unsafe-eval'/.test(policy) && /default-src 'none'/.test(policy), policy);
      await usePlayground(page, 'index.html');
      const v = await violationsOf(page);
      check('index.html: used normally, no securitypolicyviolation', Array.isArray(v) && v.length === 0,
        v === null ? 'the recorder did not run' : describe(v));
      check('index.html: used normally, no policy error in the console', policyConsole.length === 0,
        policyConsole.slice(0, 3).join(' | '));
      const n0 = policyConsole.length;
      checkBlocked('index.html', await inject(page, 'index'), 'index', policyConsole, n0);
      const after = await page.evaluate(() => playground.step(12));
      check('index.html: still trains after the attacks', after.ok, JSON.stringify(after));
    }
    await page.close();
  }

  // ---- 2. A course page of another origin embeds index.html and sends it messages ----
  outside.host = `<!doctype html><meta charset="utf-8"><title>course</title><link rel="icon" href="data:,">
<iframe id="pg" src="${origin}/index.html?embed=1&paused=1&seed=4" style="width:900px;height:560px;border:0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => { if (e.origin === '${origin}') window.received.push(e.data); });
  window.send = (msg) => new Promise((resolve) => {
    document.getElementById('pg').contentWindow.postMessage(msg, '${origin}');
    const t0 = Date.now();
    (function poll() {
      const r = window.received.find((m) => m && m.id === msg.id && m.action === 'state');
      if (r) resolve(r); else if (Date.now() - t0 > 10000) resolve(null); else setTimeout(poll, 20);
    })();
  });
</script>`;
  {
    const { page, policyConsole } = await openPage(browser, `${OUT}/course.html`, errors, 'course page');
    const frame = await until(() => page.frames().find((f) => f.url().startsWith(origin)), 10000);
    const ready = frame ? await waitReady(frame) : 'no frame of the site';
    if (check('a course page of another origin: the embedded index.html becomes ready', ready === true, String(ready))) {
      const send = (msg) => page.evaluate((m) => window.send(m), { type: PROTOCOL, ...msg });
      const set = await send({ action: 'setConfig', id: 1, config: { dropout: 0.3 } });
      const stepped = await send({ action: 'step', id: 2, n: 12 });
      const played = await send({ action: 'play', id: 3 });
      await sleep(1000);
      const paused = await send({ action: 'pause', id: 4 });
      check('host messages across origins: setConfig, step, play and pause are answered',
        set && set.ok && set.state.config.dropout === 0.3 && stepped && stepped.state.step === 12 &&
        played && played.state.running && paused && !paused.state.running && paused.state.step > 12,
        JSON.stringify([set, stepped, played, paused].map((r) => r && { ok: r.ok, step: r.state.step })));
      const v = await violationsOf(frame);
      check('the embedded index.html: no securitypolicyviolation', Array.isArray(v) && v.length === 0,
        v === null ? 'the recorder did not run' : describe(v));
      check('the course page: no policy error in the console', policyConsole.length === 0,
        policyConsole.slice(0, 3).join(' | '));
    }
    await page.close();
  }

  // ---- 3. embed.html: its buttons drive both iframes ----
  {
    const { page, policyConsole } = await openPage(browser, `${origin}/embed.html`, errors, 'embed.html');
    const frames = [];
    for (const id of ['#p0', '#p5']) frames.push(await (await page.$(id)).contentFrame());
    const ready = await Promise.all(frames.map((f) => waitReady(f)));
    if (check('embed.html: both iframes ready under their policy', ready.every((r) => r === true), JSON.stringify(ready))) {
      await page.click('#play');
      const playing = await until(() => Promise.all(frames.map((f) => f.evaluate(() => playground.getState().running)))
        .then((r) => r.every(Boolean)), 5000);
      const status = await until(() => page.evaluate(() => {
        const t = document.getElementById('status').textContent;
        return t.includes('p = 0:') && t.includes('p = 0.5:') ? t : '';
      }), 5000);
      await page.click('#pause');
      const pausedAll = await until(() => Promise.all(frames.map((f) => f.evaluate(() => !playground.getState().running)))
        .then((r) => r.every(Boolean)), 5000);
      check('embed.html: Play both, the status line, Pause both (its own script)', playing && status && pausedAll,
        `playing ${!!playing}, status ${JSON.stringify(status)}, paused ${!!pausedAll}`);
      const all = [await violationsOf(page), ...(await Promise.all(frames.map(violationsOf)))];
      check('embed.html and its iframes: no securitypolicyviolation',
        all.every((v) => Array.isArray(v) && v.length === 0), all.map(describe).join(' '));
      check('embed.html: no policy error in the console', policyConsole.length === 0, policyConsole.slice(0, 3).join(' | '));
      const n0 = policyConsole.length;
      checkBlocked('embed.html', await inject(page, 'embed'), 'embed', policyConsole, n0);
    }
    await page.close();
  }

  // ---- 4. The single file, opened from disk: hashes instead of 'self' ----
  if (!fs.existsSync(single)) {
    check('single file exists', false, `${single} missing: scripts/build_single_html.sh`);
  } else {
    const html = fs.readFileSync(single, 'utf8');
    const policy = (html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/) || [])[1] || '';
    // The elements as scripts/build_single_html.sh writes them.
    const scripts = (html.match(/<script>\n/g) || []).length, styles = (html.match(/<style>\n/g) || []).length;
    const hashes = (policy.match(/'sha256-[A-Za-z0-9+/=]+'/g) || []).length;
    check('single file: a policy with a hash per inline script and style, no \'self\', no unsafe-*',
      scripts > 0 && styles > 0 && hashes === scripts + styles && !policy.includes("'self'") &&
      !/'unsafe-(inline|eval)'/.test(policy) && policy.includes("'wasm-unsafe-eval'"), `${scripts} scripts, ${styles} styles, ${hashes} hashes`);
    const { page, policyConsole } = await openPage(browser, pathToFileURL(single).href + '?paused=1', errors, 'single file');
    const ready = await waitReady(page);
    if (check('single file: ready under its policy', ready === true, String(ready))) {
      await usePlayground(page, 'single file');
      const v = await violationsOf(page);
      check('single file: used normally, no securitypolicyviolation', Array.isArray(v) && v.length === 0,
        v === null ? 'the recorder did not run' : describe(v));
      check('single file: no policy error in the console', policyConsole.length === 0, policyConsole.slice(0, 3).join(' | '));
      const n0 = policyConsole.length;
      checkBlocked('single file', await inject(page, 'single'), 'single', policyConsole, n0);
    }
    await page.close();
  }

  check('no console errors or uncaught exceptions (blocked attacks aside)',
    errors.filter((e) => !isPolicyText(e)).length === 0, errors.filter((e) => !isPolicyText(e)).slice(0, 5).join(' | '));
  outsideServer.close();
});
