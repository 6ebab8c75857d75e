// Embed mode in a real browser:
//  - web/embed.html loads both iframes, each ready, p = 0 and p = 0.5 with the same seed.
//  - Neither iframe takes the keyboard on load; while a canvas is not focused the host
//    page keeps its keys (Space) and wheel scrolling; after a click the canvas has the
//    keyboard (Space toggles play) and the wheel, without scrolling the host page (the
//    iframe shows only in part); a click on the host gives them back.
//  - panels= / controls= / embed= are reflected in getState().embed; bad names are notices.
//  - Play both plays the two in lockstep (runTo): while playing they are never more than an
//    epoch apart, and Pause both stops both at the same epoch, at an epoch's end; the page
//    stays responsive. The p = 0 run's dashed twin would be itself: it shows a note instead
//    (no twin gap, no "p=0 twin" choice in the data view); the p = 0.5 one shows its twin,
//    which is the p = 0 run, number for number.
//  - Screenshots: build/artifacts/embed.png, embed-lockstep.png and embed-curves-masks.png.
//   node tests/browser/embed.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';
import { check, frameIntervals, outDir, quantile, run, sleep, until, waitReady, watchErrors, widget } from './harness.mjs';

const scrollY = (page) => page.evaluate(() => window.scrollY);
const running = (frame) => frame.evaluate(() => playground.getState().running);
// A key held for a few frames (ImGui 1.86 polls key state once per frame).
async function press(page, key) {
  await page.keyboard.down(key);
  await sleep(500);
  await page.keyboard.up(key);
}

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  watchErrors(page, 'embed.html', errors);
  await page.goto(origin + '/embed.html', { waitUntil: 'load' });
  const handles = [await page.$('#p0'), await page.$('#p5')];
  const frames = [];
  for (const h of handles) frames.push(await h.contentFrame());
  const ready = await Promise.all(frames.map((f) => waitReady(f)));
  check('embed.html: both iframes become ready', ready.every((r) => r === true), JSON.stringify(ready));
  const states = await Promise.all(frames.map((f) => f.evaluate(() => playground.getState())));
  const [s0, s5] = states;
  check('the iframes run p = 0 and p = 0.5 with the same seed and data',
    s0.config.dropout === 0 && s5.config.dropout === 0.5 && s0.config.seed === s5.config.seed &&
    s0.config.data === s5.config.data, `${s0.config.dropout}/${s5.config.dropout}, seeds ${s0.config.seed}/${s5.config.seed}`);
  check('both are in embed mode with panels curves, data and controls run, dropout, seed',
    states.every((s) => s.embed.embed === true &&
      JSON.stringify(s.embed.panels) === '["controls","curves","data"]' &&
      JSON.stringify(s.embed.controls) === '["run","dropout","seed"]'), JSON.stringify(s0.embed));
  check('no notices in either iframe', states.every((s) => s.notices.length === 0),
    JSON.stringify(states.map((s) => s.notices)));

  // Focus: nothing taken on load.
  const hostActive = await page.evaluate(() => document.activeElement.tagName);
  const frameFocus = await Promise.all(frames.map((f) => f.evaluate(() =>
    document.hasFocus() || document.activeElement === document.getElementById('canvas'))));
  check('on load neither iframe takes the focus', hostActive === 'BODY' && frameFocus.every((x) => !x),
    `host active ${hostActive}; frames ${JSON.stringify(frameFocus)}`);

  // ---- Play both: lockstep ----
  const status = (f) => f.evaluate(() => playground.status());
  const epochs = () => Promise.all(frames.map((f) => status(f).then((st) => st.epoch)));
  const widgetIds = (f) => f.evaluate(() => Object.keys(playground.getState().widgets));
  // The page plays both once they are ready.
  const started = await until(async () => (await epochs()).every((e) => e >= 2), 20000);
  check('embed.html plays both once they are ready', started, JSON.stringify(await epochs()));
  await page.click('#pause');
  const stopped = await until(() => Promise.all(frames.map((f) => status(f)))
    .then((st) => st.every((x) => !x.running)), 5000);
  const e0 = await epochs();
  check('Pause both: both paused at the same epoch', stopped && e0[0] === e0[1], JSON.stringify(e0));
  await page.click('#play');
  const gaps = [];
  const during = (async () => {
    for (let i = 0; i < 16; i++) {
      const e = await epochs();
      gaps.push(Math.abs(e[0] - e[1]));
      await sleep(250);
    }
  })();
  const { intervals, work } = await frameIntervals(frames[1], 4000);  // the page's one thread
  await during;
  const playing = await Promise.all(frames.map((f) => status(f)));
  await page.click('#pause');
  const pausedBoth = await until(() => Promise.all(frames.map((f) => status(f)))
    .then((st) => st.every((x) => !x.running)), 5000);
  const [a0, a5] = await Promise.all(frames.map((f) => f.evaluate(() => playground.getState())));
  check('Play both: both play, and are never more than one epoch apart while they do',
    playing.every((x) => x.running) && Math.max(...gaps) <= 1, `epoch gaps ${JSON.stringify(gaps)}`);
  check('Play both for 4 s, then Pause both: both paused at the same epoch, at its end',
    pausedBoth && a0.epoch === a5.epoch && a0.epoch > e0[0] + 2 &&
    a0.batch_in_epoch === 0 && a5.batch_in_epoch === 0 && a0.step === a5.step,
    `epochs ${a0.epoch}/${a5.epoch} (from ${e0[0]}), batches ${a0.batch_in_epoch}/${a5.batch_in_epoch}`);
  // No frozen tab: the playgrounds train in slices of their frames (frames.mjs: 100 ms).
  const work95 = quantile(work, 0.95), longest = Math.max(...intervals);
  check('Play both keeps the page responsive (app work per frame under 100 ms (p95), no frame over 1 s)',
    intervals.length >= 10 && work95 <= 100 && longest < 1000,
    `${intervals.length} frames, interval p50 ${quantile(intervals, 0.5).toFixed(1)} ms, longest ` +
    `${longest.toFixed(1)} ms; app work p95 ${work95.toFixed(1)} ms`);
  const samePrefix = (x, y, n) => x.length >= n && y.length >= n && x.slice(0, n).every((v, i) => v === y[i]);
  check('the p = 0.5 run\'s twin is the p = 0 run, number for number',
    a0.epoch > 0 && samePrefix(a5.curves.baseline.val_loss, a0.curves.val_loss, a0.epoch) &&
    samePrefix(a5.curves.baseline.train_loss_eval, a0.curves.train_loss_eval, a0.epoch),
    `val ${a5.curves.baseline.val_loss[a0.epoch - 1]} / ${a0.curves.val_loss[a0.epoch - 1]}`);
  const [w0, w5] = [await widgetIds(frames[0]), await widgetIds(frames[1])];
  check('the p = 0 frame draws no twin: a note in the Curves and the data view, no twin gap, no "p=0 twin" choice',
    w0.includes('curves.no_twin') && w0.includes('data.no_twin') && !w0.includes('curves.gap_twin') &&
    !w0.includes('data.model_twin') && !w0.includes('data.model_run') && w0.includes('data.plane'),
    JSON.stringify(w0.filter((id) => /twin|model/.test(id))));
  check('the p = 0.5 frame draws its twin: its gap and the "p=0 twin" choice, no note',
    w5.includes('curves.gap_twin') && w5.includes('data.model_twin') && w5.includes('data.model_run') &&
    !w5.includes('curves.no_twin') && !w5.includes('data.no_twin'),
    JSON.stringify(w5.filter((id) => /twin|model/.test(id))));
  const line = await page.$eval('#status', (e) => e.textContent);
  check('the status line names both at the same epoch',
    line.includes(`p = 0: epoch ${a0.epoch}`) && line.includes(`p = 0.5: epoch ${a0.epoch}`), line);
  await page.mouse.move(640, 5);
  await sleep(500);
  await page.screenshot({ path: path.join(outDir, 'embed-lockstep.png') });
  // The p = 0 frame's p moved above 0: its twin shows again.
  await frames[0].evaluate(() => playground.setConfig({ dropout: 0.3 }));
  await frames[0].evaluate(() => playground.step(playground.getState().batches_per_epoch));
  const twinBack = await until(async () => {
    const w = await widgetIds(frames[0]);
    return w.includes('data.model_twin') && w.includes('curves.gap_twin') && !w.includes('curves.no_twin');
  });
  check('the p = 0 frame with p moved to 0.3: its twin shows again', twinBack,
    JSON.stringify((await widgetIds(frames[0])).filter((id) => /twin|model/.test(id))));
  await frames[0].evaluate(() => { playground.setConfig({ dropout: 0 }); playground.restart(); });
  await frames[1].evaluate(() => playground.restart());
  await page.evaluate(() => document.activeElement.blur());  // Space below is the page's

  // Unfocused: the wheel over an iframe scrolls the host page; Space stays with the host.
  await Promise.all(frames.map((f) => f.evaluate(() => playground.pause())));
  const box = await handles[1].boundingBox();
  const cx = box.x + box.width * 0.6, cy = box.y + box.height * 0.5;
  await page.mouse.move(cx, cy);
  const y0 = await scrollY(page);
  await page.mouse.wheel(0, 240);
  await until(async () => (await scrollY(page)) > y0);
  const y1 = await scrollY(page);
  check('unfocused: the wheel over an iframe scrolls the host page', y1 > y0, `scrollY ${y0} -> ${y1}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(200);
  // The host page has the keyboard, as after a click on its own text (its heading).
  const heading = await page.locator('h1').boundingBox();
  await page.mouse.click(heading.x + 4, heading.y + heading.height / 2);
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });
  await sleep(200);
  await press(page, 'Space');
  await until(async () => (await scrollY(page)) > 0);
  await sleep(300);
  const y2 = await scrollY(page);
  check('unfocused: Space scrolls the host page and does not reach the playgrounds',
    y2 > 0 && !(await running(frames[0])) && !(await running(frames[1])), `scrollY 0 -> ${y2}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(200);

  // A click gives the canvas the keyboard: Space now toggles play in that iframe only.
  const box5 = await handles[1].boundingBox();
  // A quiet spot: the title bar of the Controls (the panels do not move), so the click
  // itself does nothing.
  const title = await widget(frames[1], 'panel.controls');
  const quiet = [box5.x + title.x + title.w / 2, box5.y + title.y + 8];
  const yClick = await scrollY(page);
  await page.mouse.click(...quiet);
  const focused = await until(() => frames[1].evaluate(() => document.hasFocus() && document.activeElement === document.getElementById('canvas')));
  check('a click gives the canvas the focus', focused === true);
  // The iframe shows only in part (the bottom of its canvas is below the fold): taking
  // the focus must not scroll the page, which would move it under the pointer between
  // press and release (the click would then land on another widget, e.g. a text field).
  const yFocused = await scrollY(page);
  const partly = box5.y + box5.height > page.viewportSize().height;
  check('a click in a partly shown iframe does not scroll the host page', partly && yFocused === yClick,
    `iframe ${box5.y.toFixed(0)}..${(box5.y + box5.height).toFixed(0)} in a ${page.viewportSize().height} px viewport; scrollY ${yClick} -> ${yFocused}`);
  await press(page, 'Space');
  await until(() => running(frames[1]));
  const r5 = await running(frames[1]), r0 = await running(frames[0]);
  check('focused: Space reaches that playground (plays) and not the other',
    r5 === true && r0 === false, `p=0.5 running ${r5}, p=0 running ${r0}`);
  // Tab leaves the canvas (no keyboard trap) to the host page's next focusable element.
  await page.keyboard.press('Tab');
  const tabbed = !(await until(() => frames[1].evaluate(() => !(document.activeElement === document.getElementById('canvas') && document.hasFocus()))));
  check('focused: Tab moves the focus out of the canvas (no keyboard trap)', tabbed === false);
  await page.mouse.click(...quiet);
  await until(() => frames[1].evaluate(() => document.hasFocus()));
  const y3 = await scrollY(page);
  await page.mouse.move(box5.x + box5.width * 0.6, box5.y + box5.height * 0.4);
  await page.mouse.wheel(0, 240);
  await sleep(600);
  check('focused: the wheel over the canvas stays in the playground', (await scrollY(page)) === y3,
    `scrollY ${y3} -> ${await scrollY(page)}`);

  // A click on the host page takes the keyboard back.
  await page.mouse.click(600, 20);
  await sleep(300);
  await frames[1].evaluate(() => playground.pause());
  await press(page, 'Space');
  await until(async () => (await scrollY(page)) > 0);
  await sleep(300);
  check('after a click on the host: Space is the host page\'s again',
    !(await running(frames[1])) && (await scrollY(page)) > 0);
  await page.evaluate(() => window.scrollTo(0, 0));

  // The screenshot: both complete runs (200 epochs), as an instructor's page shows them.
  await page.mouse.move(640, 5);
  for (const f of frames) {
    await f.evaluate(() => {
      playground.restart();
      playground.step(200 * playground.getState().batches_per_epoch);
    });
  }
  await page.setViewportSize({ width: 1280, height: 1100 });  // the whole page in the picture
  await sleep(1500);
  await page.screenshot({ path: path.join(outDir, 'embed.png') });
  const after = await Promise.all(frames.map((f) => f.evaluate(() => playground.getState())));
  const v0 = after[0].curves.val_loss, v5 = after[1].curves.val_loss;
  const best0 = v0.indexOf(Math.min(...v0)) + 1;
  console.log(`  val loss at epoch 200: p=0 ${v0[199].toFixed(3)} (lowest at epoch ${best0}), p=0.5 ${v5[199].toFixed(3)}`);
  check('after 200 epochs the p = 0.5 run has the lower validation loss (what the page says)',
    v5[199] < v0[199] && after[0].epoch === 200 && after[1].epoch === 200);

  // ---- panels= and controls= on their own page ----
  const solo = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  watchErrors(solo, 'panels page', errors);
  const views = [
    ['embed=1', { embed: true, panels: ['controls', 'curves', 'data'], controls: ['run', 'dropout', 'seed', 'share'] }],
    ['embed=1&panels=curves,masks', { embed: true, panels: ['curves', 'masks'], controls: ['run', 'dropout', 'seed', 'share'] }],
    ['panels=masks,curves&controls=seed,dropout', { embed: false, panels: ['controls', 'curves', 'masks'], controls: ['dropout', 'seed'] }],
    ['', { embed: false, panels: ['controls', 'curves', 'data', 'masks', 'network', 'pytorch', 'sweep'] }],
  ];
  for (const [q, want] of views) {
    await solo.goto(`${origin}/?${q}`, { waitUntil: 'load' });
    check(`?${q}: ready`, (await waitReady(solo)) === true);
    const e = (await solo.evaluate(() => playground.getState())).embed;
    check(`?${q}: getState().embed is ${JSON.stringify(want)}`,
      e.embed === want.embed && JSON.stringify(e.panels) === JSON.stringify(want.panels) &&
      (!want.controls || JSON.stringify(e.controls) === JSON.stringify(want.controls)), JSON.stringify(e));
  }
  await solo.goto(`${origin}/?embed=1&panels=curves,bogus&controls=dropout,nope`, { waitUntil: 'load' });
  check('embed with bad names: ready', (await waitReady(solo)) === true);
  const bad = await solo.evaluate(() => playground.getState());
  check('unknown panel and control names are skipped and named in the notices',
    JSON.stringify(bad.embed.panels) === '["controls","curves"]' && JSON.stringify(bad.embed.controls) === '["dropout"]' &&
    bad.notices.some((n) => n.includes('bogus')) && bad.notices.some((n) => n.includes('nope')), JSON.stringify(bad.notices));

  await solo.goto(`${origin}/?embed=1&panels=curves,masks&controls=dropout,seed&seed=3`, { waitUntil: 'load' });
  check('embed with panels=curves,masks: ready', (await waitReady(solo)) === true);
  await solo.evaluate(() => { playground.step(60 * playground.getState().batches_per_epoch); });
  await solo.mouse.move(500, 595);
  await sleep(1200);
  await solo.screenshot({ path: path.join(outDir, 'embed-curves-masks.png') });
  const sm = await solo.evaluate(() => playground.getState());
  check('embed with panels=curves,masks&controls=dropout,seed: reflected in getState()',
    sm.embed.embed === true && JSON.stringify(sm.embed.panels) === '["controls","curves","masks"]' &&
    JSON.stringify(sm.embed.controls) === '["dropout","seed"]',
    JSON.stringify(sm.embed));

  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
});
