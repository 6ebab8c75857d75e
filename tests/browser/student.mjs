// A scripted student in Chromium: a first visit (the start card over the Curves, the
// run waiting), Play from the card, a trained run with both best-epoch marks and the
// early-stopping line, a hover readout, a return visit without the card; then the same
// on a touch phone (press-and-hold readout, "(?)" taps, finger-sized buttons). Widgets
// and markers are found where the app reports them (getState().widgets). At every step
// it takes screenshots at 800x600, 1280x800 and 1920x1080 (and on the phone) into the
// artifacts folder: build/artifacts/student-<step>-<size>.png.
//   node tests/browser/student.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';
import {
  run, check, widget, center, sleep, until, waitReady, watchErrors, outDir, INTRO_STORAGE_KEY,
} from './harness.mjs';

const SIZES = [[800, 600], [1280, 800], [1920, 1080]];
const state = (page) => page.evaluate(() => playground.getState());
const widgetsOf = async (page) => (await state(page)).widgets || {};
const rect = (a) => ({ x: a[0], y: a[1], w: a[2], h: a[3] });
const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 &&
  a.y + a.h <= b.y + b.h + 0.5;
// Frames drawn after a change: the app reports the rectangles of the last frame.
const settle = (page) => page.evaluate(() => new Promise((resolve) => {
  let n = 0;
  (function tick() { if (++n > 3) resolve(); else requestAnimationFrame(tick); })();
}));

// The epoch of the lowest finite validation loss of a curve (getState()'s columns; the
// twin's share the run's epoch column).
function bestEpoch(curve, epochs) {
  let best = -1;
  curve.val_loss.forEach((v, i) => {
    if (Number.isFinite(v) && (best < 0 || v < curve.val_loss[best])) best = i;
  });
  return best < 0 ? null : epochs[best];
}

run(async ({ browser, origin }) => {
  const errors = [];
  const shots = [];
  // Screenshots of one step at the three desktop sizes; `again` redoes what the pointer
  // did (a hover) once the layout has followed the new size.
  async function shoot(page, step, again = null) {
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await sleep(300);
      await settle(page);
      if (again) await again();
      await settle(page);
      const file = path.join(outDir, `student-${step}-${w}x${h}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await sleep(300);
    await settle(page);
  }

  // ---- 1. A first visit: the start card, and a run that waits for Play ----
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, firstVisit: true });
  watchErrors(page, 'desktop', errors);
  await page.goto(origin + '/');
  if (!check('first visit: the page becomes ready', (await waitReady(page)) === true)) return;
  const card = await widget(page, 'panel.intro');
  const curvesPanel = await widget(page, 'panel.curves');
  check('first visit: the start card shows, over the Curves', inside(card, curvesPanel),
    `card ${JSON.stringify(card)} in curves ${JSON.stringify(curvesPanel)}`);
  await sleep(1000);
  let s = await state(page);
  check('first visit: the run waits for Play (paused, no step taken)', !s.running && s.step === 0,
    `running ${s.running}, step ${s.step}`);
  const help = await widget(page, 'help.section'), play = await widget(page, 'run.play');
  check('"What to look for" is at the top of Controls', help.y < play.y, `help y ${help.y}, Play y ${play.y}`);
  await shoot(page, '1-start');

  // ---- 2. Play, from the card ----
  const cardPlay = await widget(page, 'intro.play');
  await page.mouse.click(...center(cardPlay));
  const playing = await until(async () => (await state(page)).running, 3000);
  await settle(page);
  const w2 = await widgetsOf(page);
  check('the card\'s Play starts the run and the card goes', playing && !w2['panel.intro'],
    `running ${playing}, card ${!!w2['panel.intro']}`);
  const stored = await page.evaluate((k) => localStorage.getItem(k), INTRO_STORAGE_KEY);
  check('the dismissed card is remembered', stored === 'seen', String(stored));

  // ---- 3. A trained run: both best epochs marked, and what early stopping gives ----
  await page.evaluate(() => { playground.pause(); playground.step(100 * playground.getState().batches_per_epoch); });
  await settle(page);
  s = await state(page);
  const runBest = bestEpoch(s.curves, s.curves.epoch);
  const twinBest = bestEpoch(s.curves.baseline, s.curves.epoch);
  const w3 = await widgetsOf(page);
  const plot = w3['curves.plot'] && rect(w3['curves.plot']);
  const mRun = w3['curves.best.run'] && rect(w3['curves.best.run']);
  const mTwin = w3['curves.best.twin'] && rect(w3['curves.best.twin']);
  check('both best-epoch marks are drawn, inside the plot', plot && mRun && mTwin && inside(mRun, plot) &&
    inside(mTwin, plot), `plot ${JSON.stringify(plot)} run ${JSON.stringify(mRun)} twin ${JSON.stringify(mTwin)}`);
  if (mRun && mTwin && plot) {
    // Where each mark is along the epoch axis follows its run's best epoch.
    const dx = (mRun.x + mRun.w / 2) - (mTwin.x + mTwin.w / 2);
    check('the marks sit at each run\'s own best epoch', runBest !== twinBest ? Math.sign(dx) ===
      Math.sign(runBest - twinBest) && Math.abs(dx) > 2 : Math.abs(dx) < 2,
      `run best @${runBest}, twin best @${twinBest}; marks ${dx.toFixed(1)} px apart`);
  }
  check('a line says what early stopping would give each run', !!w3['curves.early_stop']);
  await shoot(page, '2-trained');

  // ---- 4. Hovering the curves gives the readout ----
  const hover = async () => {
    const p = await widget(page, 'curves.plot');
    await page.mouse.move(p.x + p.w * 0.4, p.y + p.h * 0.5);
  };
  await hover();
  await settle(page);
  check('hovering the plot shows the readout', !!(await widgetsOf(page))['curves.readout']);
  await shoot(page, '3-hover', hover);

  // ---- 5. A return visit: no card, the run plays at once as before ----
  await page.reload();
  await waitReady(page);
  await sleep(800);
  const w5 = await widgetsOf(page);
  s = await state(page);
  check('a return visit shows no card and plays', !w5['panel.intro'] && s.running, `running ${s.running}`);
  await page.close();

  // ---- 6. A first visit on a touch phone: 390x844, DPR 3 ----
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3,
    isMobile: true, hasTouch: true, firstVisit: true });
  const phone = await ctx.newPage();
  watchErrors(phone, 'phone', errors);
  await phone.goto(origin + '/');
  if (!check('phone: ready', (await waitReady(phone)) === true)) return;
  const pcard = await widget(phone, 'panel.intro');
  check('phone: the start card fits the screen', pcard.x >= 0 && pcard.x + pcard.w <= 390 && pcard.y >= 0 &&
    pcard.y + pcard.h <= 844, JSON.stringify(pcard));
  const phoneShot = async (step) => {
    await settle(phone);
    const file = path.join(outDir, `student-phone-${step}.png`);
    await phone.screenshot({ path: file });
    shots.push(file);
  };
  await phoneShot('1-start');
  await phone.touchscreen.tap(...center(await widget(phone, 'intro.play')));
  check('phone: a tap on the card\'s Play starts the run', await until(async () => (await state(phone)).running, 3000));
  await phone.evaluate(() => { playground.pause(); playground.step(60 * playground.getState().batches_per_epoch); });
  await settle(phone);
  const cdp = await ctx.newCDPSession(phone);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  const pp = await widget(phone, 'curves.plot');
  await touch('touchStart', pp.x + pp.w * 0.5, pp.y + pp.h * 0.5);
  await sleep(700);
  const held = !!(await widgetsOf(phone))['curves.readout'];
  await phoneShot('2-hold');
  await touch('touchEnd');
  check('phone: press-and-hold on the chart gives the readout', held);
  // "(?)" markers toggle their explanation with a tap.
  const helpId = 'curves.help';
  if (check('phone: the Curves\' "(?)" is reported', !!(await widgetsOf(phone))[helpId])) {
    await phone.touchscreen.tap(...center(await widget(phone, helpId)));
    await settle(phone);
    const open = !!(await widgetsOf(phone))[helpId + '.open'];
    await phoneShot('3-help');
    await phone.touchscreen.tap(...center(await widget(phone, helpId)));
    await settle(phone);
    const closed = !(await widgetsOf(phone))[helpId + '.open'];
    check('phone: a tap on "(?)" opens its explanation, a second tap closes it', open && closed,
      `open ${open}, closed ${closed}`);
  }
  // Every button of the Controls tab is finger-sized: 44x44 CSS px at least.
  const small = [];
  let buttons = 0;
  for (const [id, r] of Object.entries(await widgetsOf(phone))) {
    if (!/^(run\.(play|step|epoch|max_speed)|dropout\.restart\.|seed\.|tab\.|intro\.)/.test(id)) continue;
    ++buttons;
    if (r[2] < 44 || r[3] < 44) small.push(`${id} ${r[2]}x${r[3]}`);
  }
  check('phone: every button is at least 44x44 CSS px', buttons >= 8 && small.length === 0,
    `${buttons} buttons; too small: ${small.join(', ') || 'none'}`);
  await ctx.close();

  check('no console errors or uncaught exceptions', errors.length === 0, errors.slice(0, 5).join(' | '));
  console.log(`screenshots: ${shots.length} in ${outDir} (student-*.png)`);
});
