// The page on real devices, in Debian's Chromium (tests/browser/harness.mjs):
//  - a high-density laptop: 1280x800 at devicePixelRatio 2, backing store 2560x1600,
//    and the backing store follows the window when it is resized, and an iframe too;
//  - a phone: 390x844 at devicePixelRatio 3 with touch (isMobile, hasTouch): the phone
//    layout, a tap on Step does one step, a finger drag on the p slider changes p;
//  - WebGL context loss (WEBGL_lose_context): a message with a Reload button, the
//    simulator keeps answering, and after restoreContext the page draws again;
//  - the offline single file: opened from a file:// URL it becomes ready, fetching nothing.
//  - phone: a tap on the exact-p field opens the keyboard (a hidden input); typing sets p.
// Screenshots go to build/artifacts/ (devices-dpr2.png, devices-phone.png, ...).
//   node tests/browser/devices.mjs [--site build/web/site] [--single build/web/playground-single.html]
//                                  [--out build/artifacts]
// Prints one line per check and a final "N passed, N failed"; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodePng } from './png.mjs';
import { along, arg, center, check, outDir, run, site, sleep, until, waitReady, watchErrors as watch, widget } from './harness.mjs';

const single = arg('--single', path.join(path.dirname(site), 'playground-single.html'));

// Colours and luminance range of a screenshot: a drawn page, not a blank canvas.
function variety(png) {
  const img = decodePng(png);
  const colors = new Set();
  let minL = 255, maxL = 0;
  for (let i = 0; i < img.width * img.height; i += 7) {
    const r = img.rgba[i * 4], g = img.rgba[i * 4 + 1], b = img.rgba[i * 4 + 2];
    colors.add((r << 16) | (g << 8) | b);
    const l = (r + g + b) / 3;
    minL = Math.min(minL, l); maxL = Math.max(maxL, l);
  }
  return { ok: colors.size > 200 && maxL - minL > 100, detail: `${colors.size} colours, ${img.width}x${img.height}` };
}

const canvasSize = (page) => page.evaluate(() => {
  const c = document.getElementById('canvas');
  return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
});

async function untilCanvas(page, w, h) {
  for (let i = 0; i < 40; i++) {
    const d = await canvasSize(page);
    if (d.w === w && d.h === h) return d;
    await sleep(100);
  }
  return canvasSize(page);
}

run(async ({ browser, origin }) => {
  const errors = [];
  {
    // ---- 1. High-density laptop ----
    const hi = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    watch(hi, 'dpr2', errors);
    await hi.goto(origin + '/?paused=1', { waitUntil: 'load' });
    if (!check('DPR 2: page becomes ready', (await waitReady(hi)) === true)) return;
    const d2 = await untilCanvas(hi, 2560, 1600);
    check('DPR 2: canvas backing store 2560x1600 for 1280x800 CSS pixels', d2.w === 2560 && d2.h === 1600,
      JSON.stringify(d2));
    await hi.evaluate(() => playground.step(60 * playground.getState().batches_per_epoch));
    await hi.mouse.move(700, 790);
    await sleep(800);
    const shot = await hi.screenshot({ path: path.join(outDir, 'devices-dpr2.png') });
    const v = variety(shot);
    check('DPR 2: screenshot written and drawn', v.ok, `${v.detail}; ${path.join(outDir, 'devices-dpr2.png')}`);
    await hi.setViewportSize({ width: 1000, height: 700 });
    const d3 = await untilCanvas(hi, 2000, 1400);
    check('the backing store follows a resize (1000x700 -> 2000x1400)', d3.w === 2000 && d3.h === 1400,
      JSON.stringify(d3));

    // In an iframe the backing store follows the frame's size.
    const host = await browser.newPage({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 2 });
    watch(host, 'iframe', errors);
    await host.setContent(`<iframe id="f" src="${origin}/?paused=1" style="width:600px;height:400px;border:0"></iframe>`);
    let frame = null;
    for (let i = 0; i < 50 && !frame; i++) {
      frame = host.frames().find((f) => f.url().startsWith(origin));
      if (!frame) await sleep(100);
    }
    if (check('iframe: the playground becomes ready in a frame', frame && (await waitReady(frame)) === true)) {
      const f1 = await untilCanvas(frame, 1200, 800);
      await host.evaluate(() => { const f = document.getElementById('f'); f.style.width = '450px'; f.style.height = '300px'; });
      const f2 = await untilCanvas(frame, 900, 600);
      check('iframe: the backing store follows the frame (600x400 -> 450x300 at DPR 2)',
        f1.w === 1200 && f1.h === 800 && f2.w === 900 && f2.h === 600, `${JSON.stringify(f1)} -> ${JSON.stringify(f2)}`);
    }
    await host.close();

    // ---- 2. WebGL context loss ----
    const lost = await hi.evaluate(async () => {
      const ext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
      if (!ext) return { ext: false };
      window.__lose = ext;
      ext.loseContext();
      await new Promise((r) => setTimeout(r, 600));
      const card = document.getElementById('context-lost');
      return { ext: true, shown: !!card && !card.hidden && getComputedStyle(card).display !== 'none',
        text: card ? card.textContent : '', button: !!(card && card.querySelector('button')),
        step: playground.step(3), state: playground.getState().step };
    });
    check('context lost: a message with a Reload button is shown', lost.ext && lost.shown && lost.button &&
      /context was lost/.test(lost.text), JSON.stringify({ ext: lost.ext, shown: lost.shown, text: lost.text }));
    check('context lost: the simulator still answers', lost.step && lost.step.ok, JSON.stringify(lost.step));
    await hi.screenshot({ path: path.join(outDir, 'devices-context-lost.png') });
    const back = await hi.evaluate(async () => {
      // Paused, the page goes idle a second after the restore woke it: count from the restore.
      const before = playground.status().frames;
      window.__lose.restoreContext();
      await new Promise((r) => setTimeout(r, 1500));
      const card = document.getElementById('context-lost');
      return { hidden: !card || card.hidden, framesBefore: before, framesAfter: playground.getState().frames,
        notices: playground.getState().notices };
    });
    check('context restored: the message goes away and frames are drawn again',
      back.hidden && back.framesAfter > back.framesBefore &&
      back.notices.some((n) => n.includes('restored')), JSON.stringify(back));
    await sleep(500);
    const after = variety(await hi.screenshot({ path: path.join(outDir, 'devices-context-restored.png') }));
    check('context restored: the page renders (screenshot)', after.ok, after.detail);
    const png = await hi.evaluate(async () => (await playground.exportPNG()).size);
    check('context restored: exportPNG() draws', png > 10000, `${png} bytes`);
    await hi.close();

    // ---- 3. Phone: 390x844, DPR 3, touch ----
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
      isMobile: true, hasTouch: true });
    const phone = await phoneCtx.newPage();
    watch(phone, 'phone', errors);
    await phone.goto(origin + '/?paused=1', { waitUntil: 'load' });
    if (!check('phone: page becomes ready', (await waitReady(phone)) === true)) return;
    const dp = await untilCanvas(phone, 1170, 2532);
    check('phone: canvas fills the 390x844 screen at DPR 3 (1170x2532)', dp.w === 1170 && dp.h === 2532 &&
      dp.cw === 390 && dp.ch === 844, JSON.stringify(dp));
    await phone.evaluate(() => playground.step(40 * playground.getState().batches_per_epoch));
    await sleep(600);
    const s0 = await phone.evaluate(() => playground.getState());
    // The Controls tab's Step button, where the app reports it.
    await phone.touchscreen.tap(...center(await widget(phone, 'run.step')));
    await sleep(700);
    const s1 = await phone.evaluate(() => playground.getState());
    check('phone: a tap on Step does one step', s1.step === s0.step + 1 && !s1.running,
      `step ${s0.step} -> ${s1.step}`);
    // A finger drag along the p slider (CDP touch events, as a phone sends them).
    const cdp = await phoneCtx.newCDPSession(phone);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent',
      { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const p0 = s1.config.dropout;
    const slider = await widget(phone, 'field.dropout');
    const [x0, py] = along(slider, 0.85), [x1] = along(slider, 0.2);
    await touch('touchStart', x0, py);
    await sleep(150);
    for (let x = x0; x >= x1; x -= 10) { await touch('touchMove', x, py); await sleep(40); }
    await touch('touchEnd');
    await sleep(700);
    const s2 = await phone.evaluate(() => playground.getState());
    check('phone: dragging the p slider with a finger lowers p', s2.config.dropout < p0 - 0.1,
      `p ${p0} -> ${s2.config.dropout}`);
    const ps = variety(await phone.screenshot({ path: path.join(outDir, 'devices-phone.png') }));
    // A finger drag on the panel's empty space scrolls it (no wheel on a phone), and
    // changes nothing else.
    // A point of the tab panel that no widget the app reports covers (a label, text,
    // the space beside them): empty space, as a finger would find it.
    const tabs = await widget(phone, 'panel.tabs');
    const tabArea = { x: tabs.x, y: tabs.y + 60, width: tabs.w, height: tabs.h - 60 };
    const covering = Object.entries((await phone.evaluate(() => playground.getState())).widgets)
      .filter(([id]) => !id.startsWith('panel.')).map(([, r]) => r);
    const free = (x, y) => !covering.some(([rx, ry, rw, rh]) => x >= rx - 8 && x <= rx + rw + 8 &&
      y >= ry - 8 && y <= ry + rh + 8);
    let sx = null, sy = null;
    for (let fy = 0.3; fy <= 0.7 && sx === null; fy += 0.02) {
      for (let fx = 0.95; fx >= 0.5 && sx === null; fx -= 0.05) {
        const x = tabs.x + tabs.w * fx, y = tabs.y + tabs.h * fy;
        if (free(x, y)) { sx = x; sy = y; }
      }
    }
    check('phone: the Controls tab has empty space to drag', sx !== null);
    const before = await phone.screenshot({ clip: tabArea });
    await touch('touchStart', sx, sy);
    await sleep(100);
    for (let y = sy; y >= sy - 250; y -= 10) { await touch('touchMove', sx, y); await sleep(30); }
    await touch('touchEnd');
    await sleep(700);
    const afterScroll = await phone.screenshot({ clip: tabArea });
    const s3 = await phone.evaluate(() => playground.getState());
    check('phone: a finger drag on empty space scrolls the Controls and changes nothing',
      !before.equals(afterScroll) && s3.step === s2.step && s3.config.dropout === s2.config.dropout,
      `step ${s2.step} -> ${s3.step}`);
    await phone.screenshot({ path: path.join(outDir, 'devices-phone-scrolled.png') });
    // (The Controls are scrolled now: the exact-p field is on screen.)
    // Typing an exact p: a tap on the field opens the keyboard (the hidden input takes the
    // focus inside the tap), then keys, Backspace, text as an IME commits it, and Enter.
    await phone.touchscreen.tap(...center(await widget(phone, 'dropout.exact')));
    await sleep(500);
    const focused = await phone.evaluate(() => document.activeElement && document.activeElement.className);
    check('phone: a tap on the exact-p field focuses the text input (the keyboard opens)', focused === 'text-proxy',
      String(focused));
    await phone.keyboard.type('0.27');
    await sleep(150);
    await phone.keyboard.press('Backspace');
    await sleep(150);
    await phone.keyboard.insertText('5');
    await sleep(150);
    await phone.keyboard.press('Enter');
    await sleep(700);
    const typed = await phone.evaluate(() => ({ p: playground.getState().config.dropout,
      focus: document.activeElement && document.activeElement.className }));
    check('phone: typing 0.27, Backspace, 5, Enter sets p = 0.25 and closes the keyboard',
      typed.p === 0.25 && typed.focus !== 'text-proxy', JSON.stringify(typed));
    // Turned sideways: 844x390, Curves on the left, the tabs on the right.
    await phone.setViewportSize({ width: 844, height: 390 });
    const dl = await untilCanvas(phone, 2532, 1170);
    await sleep(500);
    const ls = variety(await phone.screenshot({ path: path.join(outDir, 'devices-phone-landscape.png') }));
    check('phone in landscape (844x390): backing store 2532x1170, drawn', dl.w === 2532 && dl.h === 1170 && ls.ok,
      `${JSON.stringify(dl)}; ${ls.detail}`);
    check('phone: screenshot written and drawn', ps.ok, `${ps.detail}; ${path.join(outDir, 'devices-phone.png')}`);
    await phoneCtx.close();

    // ---- 4. The offline single file, from a file:// URL ----
    if (!fs.existsSync(single)) {
      check('single file exists', false, `${single} missing: scripts/build_single_html.sh`);
    } else {
      const sp = await browser.newPage({ viewport: { width: 1024, height: 700 } });
      watch(sp, 'single', errors);
      const requests = [];
      sp.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(single).href;
      await sp.goto(url + '?paused=1&dropout=0.2', { waitUntil: 'load' });
      const ok = await waitReady(sp);
      check('single file: ready from a file:// URL', ok === true, String(ok));
      if (ok === true) {
        const st = await sp.evaluate(() => { playground.step(24); return playground.getState(); });
        check('single file: trains, URL parameters apply', st.step === 24 && st.config.dropout === 0.2,
          `step ${st.step}, p ${st.config.dropout}`);
        // The digits are inline too: choosing them fetches nothing.
        await sp.evaluate(() => playground.setConfig({ data: 'digits' }));
        check('single file: the digits load from the file itself',
          await until(async () => (await sp.evaluate(() => playground.getState().config.data)) === 'digits', 10000));
        await sleep(500);
        const sv = variety(await sp.screenshot({ path: path.join(outDir, 'devices-single-file.png') }));
        check('single file: the canvas is drawn', sv.ok, sv.detail);
      }
      const other = requests.filter((u) => !u.startsWith(url.split('?')[0]) && !u.startsWith('data:') && !u.startsWith('blob:'));
      check('single file: nothing else is fetched', other.length === 0, other.slice(0, 3).join(' '));
      await sp.close();
    }
    check('no console errors or uncaught exceptions', errors.length === 0, errors.slice(0, 5).join(' | '));
  }
});
