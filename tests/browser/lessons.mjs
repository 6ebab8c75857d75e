// A scripted student takes every guided lesson, in English and in French, through the
// page: it opens the first one from the Controls' button and the list, does each step
// (clicking widgets by the rectangles the app reports, typing into the PyTorch panel's
// seed, and otherwise the API), checks that the step's check has not fired before the
// step's work is done and fires once it is, answers each closing question wrong and
// then right, and moves on with "Next lesson". Also: ?lesson=N&step=K links and bad
// ones, the completion marks kept for the next visit, the lesson-progress messages an
// embedding course page gets, the live region, and French screenshots (the lesson
// panel, the phone layout, a notice): lesson_fr.png, lesson_fr_phone.png,
// lesson_fr_notice.png, lesson_en.png.
//   node tests/browser/lessons.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';

import { along, check, clickWidget, outDir, run, sleep, until, waitReady, watchErrors, widget } from './harness.mjs';

const lessonOf = (page) => page.evaluate(() => playground.getState().lesson);

// Polls the lesson and the run together until step k (0-based) is done, and pauses the
// run then. holds(state) is what the step's check claims: the sample in which the step is
// first seen done must satisfy it. Returns {done, early, state} (early: why not).
async function waitStep(page, k, holds, ms = 60000) {
  const t0 = Date.now();
  let early = null, st = null;
  while (Date.now() - t0 < ms) {
    st = await page.evaluate((step) => {
      let s = playground.getState();
      // The student stops to read the explanation (the run would go on at max speed).
      if (s.lesson.done[step] && s.running) { playground.pause(); s = playground.getState(); }
      return { lesson: s.lesson, epoch: s.epoch, step: s.step, config: s.config, curves: s.curves, masks: s.masks };
    }, k);
    const done = st.lesson.done[k];
    if (done && holds && !holds(st)) early = early || `done while the condition did not hold (epoch ${st.epoch})`;
    if (done) return { done: true, early, state: st };
    await sleep(60);
  }
  return { done: false, early, state: st };
}

// Types into a text field of the app: a click on its left part, select all, the text, Enter.
async function typeInto(page, id, text) {
  const r = await widget(page, id);
  const [x, y] = along(r, 0.08);
  await page.mouse.click(x, y);
  await sleep(250);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 30 });
  await page.keyboard.press('Enter');
  await sleep(300);
  await page.mouse.move(5, 795);
}

async function click(page, id) {
  await clickWidget(page, id);
  await sleep(300);
  await page.mouse.move(5, 795);
  await sleep(100);
}

const notDone = async (page, k, name) => {
  const l = await lessonOf(page);
  return check(`${name}: not done before the work`, l.done[k] === false, JSON.stringify(l.done));
};

// A step whose work is one click: not done before it.
const thenClick = (k, id) => async (page, name) => { await notDone(page, k, name); await click(page, id); };

// The twin's epochs since its best validation loss.
const sinceBest = (st) => {
  const v = st.curves.baseline.val_loss;
  let best = 0;
  for (let i = 1; i < v.length; ++i) if (v[i] < v[best]) best = i;
  return v.length - 1 - best;
};
const lastRatio = (st, key) => {
  const a = st.curves[key], b = st.curves.baseline[key];
  return a[a.length - 1] / b[b.length - 1];
};
// The check fired at some epoch from `from` on (the sample may be a few epochs later): the
// ratio to the twin passed `pred` at one of them.
const ratioSince = (st, key, from, pred) => {
  const a = st.curves[key], b = st.curves.baseline[key];
  for (let i = from - 1; i < a.length; ++i) if (i >= 0 && pred(a[i] / b[i])) return true;
  return false;
};

// The student's work, step by step, per lesson: [do(page), holds(state)] pairs.
const WORK = {
  pytorch: [
    async (page, name) => {
      await notDone(page, 0, name);
      await typeInto(page, 'pytorch.seed', '42');
    },
    async (page, name) => {
      await notDone(page, 1, name);  // seed 42 drops nothing
      await typeInto(page, 'pytorch.seed', '4');
    },
    async (page, name) => {
      await notDone(page, 2, name);
      await click(page, 'pytorch.eval');
    },
  ],
  masks: [
    async (page, name) => {
      await click(page, 'run.step');
      await click(page, 'run.step');
      await sleep(300);
      await notDone(page, 0, `${name} after 2 of 3 steps`);
      await click(page, 'run.step');
    },
    async (page, name) => {
      await notDone(page, 1, name);
      await click(page, 'seed.reseed');
      await notDone(page, 1, `${name} after Reseed, before Step`);
      await click(page, 'run.step');
    },
    async (page, name) => {
      await page.evaluate(() => playground.setConfig({ dropout: 0.8 }));
      await sleep(300);
      await notDone(page, 2, `${name} at p = 0.8 before Step`);
      await click(page, 'run.step');
    },
    async (page, name) => {
      await page.evaluate(() => playground.setConfig({ dropout: 0.5 }));
      await notDone(page, 3, name);
      await click(page, 'run.play');
    },
  ],
  overfit: [
    thenClick(0, 'run.play'),
    async (page, name) => {
      await notDone(page, 1, name);
      await click(page, 'data.model_twin');
    },
    async (page, name) => { await notDone(page, 2, name); await page.evaluate(() => playground.play()); },
  ],
  underfit: [
    async (page, name) => {
      await notDone(page, 0, name);
      await page.evaluate(() => playground.setConfig({ dropout: 0.9 }));
    },
    thenClick(1, 'run.play'),
    async (page, name) => {
      await notDone(page, 2, name);
      await page.evaluate(() => playground.setConfig({ dropout: 0.3 }));
      await sleep(400);
      await notDone(page, 2, `${name} (p = 0.3 without Restart: the run used 0.9)`);
      await click(page, 'seed.restart');
      await page.evaluate(() => playground.play());
    },
  ],
  sweep: [
    async (page, name) => {
      await notDone(page, 0, name);
      await click(page, 'tab.sweep');
      await click(page, 'sweep.run');
    },
    async (page, name) => {
      await notDone(page, 1, name);
      // The sweep's best p: the lowest mean final val loss over the seeds.
      const best = await page.evaluate(() => {
        const runs = JSON.parse(playgroundPage.call('dp_js_sweep_results', [], [], true)).runs;
        const by = {};
        runs.forEach((r) => { (by[r.dropout] = by[r.dropout] || []).push(r.epochs[r.epochs.length - 1].val_loss); });
        let bp = null, bv = Infinity;
        Object.keys(by).forEach((p) => {
          const m = by[p].reduce((a, b) => a + b, 0) / by[p].length;
          if (m < bv) bv = m, bp = Number(p);
        });
        return bp;
      });
      check(`${name}: the sweep's best p is not the lesson's start (0.1)`, best !== null && Math.abs(best - 0.1) > 0.05, String(best));
      await page.evaluate((p) => playground.setConfig({ dropout: p }), best);
    },
    async (page, name) => {
      await notDone(page, 2, name);
      await click(page, 'seed.restart');
      await click(page, 'run.play');
    },
  ],
  where: [
    async (page, name) => {
      await notDone(page, 0, name);
      await page.evaluate(() => playground.setConfig({ input_dropout: 0.2 }));
    },
    async (page, name) => {
      await notDone(page, 1, name);
      await click(page, 'dropout.per_layer');
      await sleep(300);
      await notDone(page, 1, `${name} (per layer ticked, both layers still 0.5)`);
      await page.evaluate(() => playground.setConfig({ dropout: [0.2, 0.5] }));
    },
    thenClick(2, 'run.step'),
  ],
  crowd: [
    thenClick(0, 'run.play'),
    async (page, name) => {
      await notDone(page, 1, name);
      await click(page, 'data.mode_uncertainty');
    },
    async (page, name) => {
      await notDone(page, 2, name);
      // The tabs come with the mode's first refresh of the passes (slower on a loaded machine).
      await until(() => page.evaluate(() => playground.status().uncertainty.refreshes >= 1), 30000);
      await click(page, 'data.tab_ensemble');
    },
    async (page, name) => {
      await notDone(page, 3, name);
      await page.evaluate(() => playground.setConfig({ mc_samples: 60 }));
      await sleep(300);
      await notDone(page, 3, `${name} at T = 60`);
      await page.evaluate(() => playground.setConfig({ mc_samples: 120 }));
    },
  ],
  digits: [
    async (page, name) => {
      await until(() => page.evaluate(() => playground.getState().config.data === 'digits'), 20000);
      await notDone(page, 0, name);
      await click(page, 'run.play');
    },
    async (page, name) => {
      await notDone(page, 1, name);
      await click(page, 'data.wrong_only');
    },
    thenClick(2, 'data.tab_features'),
    async (page, name) => { await notDone(page, 3, name); await page.evaluate(() => playground.play()); },
  ],
};

// What each step's check claims, tested on the state sampled when it fired.
const HOLDS = {
  masks: [(st) => st.step >= 3, null, (st) => st.masks.some((m) => m.layer >= 1 && m.p >= 0.75),
    (st) => st.epoch >= 40],
  overfit: [(st) => sinceBest(st) >= 30, null, (st) => st.epoch >= 200 && lastRatio(st, 'val_loss') < 0.6],
  underfit: [null, (st) => st.epoch >= 60 && ratioSince(st, 'train_loss_eval', 60, (r) => r > 3),
    (st) => st.epoch >= 80 && ratioSince(st, 'val_loss', 80, (r) => r < 0.9)],
  sweep: [null, null, (st) => st.epoch >= 200],
  where: [null, null, (st) => st.masks.length >= 3],
  crowd: [(st) => st.epoch >= 100, null, null, (st) => st.config.mc_samples >= 100],
  digits: [(st) => st.epoch >= 40, null, null, (st) => st.epoch >= 120 && lastRatio(st, 'val_loss') < 0.9],
};

async function takeLesson(page, lang, n, shots) {
  const l0 = await lessonOf(page);
  const id = l0.id;
  const name = `${lang} lesson ${n} (${id})`;
  check(`${name}: open at step 1`, l0.open && l0.number === n && l0.step === 1 && l0.done.every((d) => !d), JSON.stringify(l0));
  const work = WORK[id];
  for (let k = 0; k < work.length; ++k) {
    await work[k](page, `${name} step ${k + 1}`);
    const holds = (HOLDS[id] || [])[k] || null;
    const r = await waitStep(page, k, holds, 90000);
    check(`${name} step ${k + 1}: the check fires`, r.done, JSON.stringify(r.state && r.state.lesson));
    if (holds) check(`${name} step ${k + 1}: not before its condition held`, !r.early && holds(r.state), r.early || '');
    if (shots && k === 1 && shots.mid) {
      await click(page, 'lesson.next');
      await click(page, 'lesson.hint');
      await page.screenshot({ path: path.join(outDir, shots.mid) });
      continue;
    }
    await click(page, 'lesson.next');
  }
  await page.evaluate(() => playground.pause());
  let l = await lessonOf(page);
  check(`${name}: Next after the last step leads to the question`, l.step === work.length + 1, JSON.stringify(l));
  // A wrong answer first: feedback, not complete; then the right one.
  const wrong = id === 'pytorch' ? 1 : 2, right = id === 'pytorch' ? 2 : 1;
  await click(page, `lesson.answer.${wrong}`);
  l = await lessonOf(page);
  const fb = await page.evaluate(() => !!playground.getState().widgets['lesson.feedback']);
  check(`${name}: a wrong answer gets feedback and does not complete`, !l.complete && l.answer === wrong - 1 && fb, JSON.stringify(l));
  await click(page, `lesson.answer.${right}`);
  l = await lessonOf(page);
  check(`${name}: the right answer completes the lesson`, l.complete && l.completed.includes(id), JSON.stringify(l));
  return id;
}

run(async ({ browser, origin }) => {
  const errors = [];
  for (const lang of ['en', 'fr']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
    const page = await ctx.newPage();
    watchErrors(page, lang, errors);
    await page.goto(`${origin}/?lang=${lang}`, { waitUntil: 'load' });
    await waitReady(page);
    await page.evaluate(() => { try { localStorage.removeItem('dropout-playground.lessons'); } catch (e) { /* none */ } });
    // The Controls' button, the list, lesson 1.
    await click(page, 'lessons.open');
    let l = await lessonOf(page);
    check(`${lang}: the Controls' button opens the list`, l.open && l.id === null, JSON.stringify(l));
    await click(page, 'lesson.open.1');
    await click(page, 'run.max_speed');  // the student is in a hurry (the epochs are the same)
    const ids = [];
    for (let n = 1; n <= 8; ++n) {
      ids.push(await takeLesson(page, lang, n, lang === 'fr' && n === 3 ? { mid: 'lesson_fr.png' } : null));
      if (lang === 'en' && n === 2) {
        await page.screenshot({ path: path.join(outDir, 'lesson_en.png') });
      }
      if (n < 8) {
        await click(page, 'lesson.next_lesson');
        l = await lessonOf(page);
        check(`${lang}: Next lesson opens lesson ${n + 1}`, l.number === n + 1 && l.step === 1, JSON.stringify(l));
      }
    }
    const said = await page.evaluate(() => document.getElementById('announcer').textContent);
    check(`${lang}: the live region says the lesson's end`,
      lang === 'fr' ? /^Leçon terminée/.test(said) : /^Lesson complete/.test(said), said);
    // The marks stay for the next visit.
    await page.goto(`${origin}/?lang=${lang}&lesson=overfit&step=2`, { waitUntil: 'load' });
    await waitReady(page);
    l = await lessonOf(page);
    check(`${lang}: the next visit keeps the 8 completion marks`, l.completed.length === 8, JSON.stringify(l.completed));
    check(`${lang}: lesson=overfit&step=2 opens that step`, l.id === 'overfit' && l.step === 2, JSON.stringify(l));
    const share = await page.evaluate(() => playground.getState().share_url);
    check(`${lang}: Share keeps the lesson and step`, /[?&]lesson=overfit&step=2/.test(share), share);
    await ctx.close();
  }

  // Bad links: a notice that names the problem, in French too, and the page runs on.
  const fr = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  const page = await fr.newPage();
  watchErrors(page, 'fr links', errors);
  await page.goto(`${origin}/?lang=fr&lesson=99&paused=1`, { waitUntil: 'load' });
  await waitReady(page);
  let st = await page.evaluate(() => playground.getState());
  check('lesson=99: a French notice naming the lessons, no lesson open',
    !st.lesson.open && st.notices.some((n) => /lesson=99.*leçon inconnue.*pytorch/.test(n)), JSON.stringify(st.notices));
  await page.screenshot({ path: path.join(outDir, 'lesson_fr_notice.png') });
  await page.goto(`${origin}/?lang=en&lesson=2&step=9`, { waitUntil: 'load' });
  await waitReady(page);
  st = await page.evaluate(() => playground.getState());
  check('step=9 of a 4-step lesson: a notice, the lesson opens at step 1',
    st.lesson.id === 'masks' && st.lesson.step === 1 && st.notices.some((n) => /step=9/.test(n)), JSON.stringify(st.notices));
  const api = await page.evaluate(() => [playground.openLesson('nope'), playground.openLesson(3, 2), playground.getState().lesson]);
  check('openLesson: an error for an unknown lesson, a step for a known one',
    api[0].ok === false && /nope/.test(api[0].error) && api[1].ok && api[2].id === 'overfit' && api[2].step === 2, JSON.stringify(api));
  await page.close();

  // The phone layout in French: the lesson is the first tab.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true,
    hasTouch: true, locale: 'fr-FR' });
  const pp = await phone.newPage();
  watchErrors(pp, 'phone', errors);
  await pp.goto(`${origin}/?lesson=pytorch`, { waitUntil: 'load' });
  await waitReady(pp);
  await sleep(600);
  const ph = await pp.evaluate(() => ({ lesson: playground.getState().lesson, lang: playground.getState().lang,
    w: playground.getState().widgets }));
  check('phone: the lesson opens in its tab, in French',
    ph.lang === 'fr' && ph.lesson.open && !!ph.w['lesson.instruction'] && !!ph.w['tab.lesson'], Object.keys(ph.w).filter((k) => /lesson/.test(k)).join(','));
  await pp.screenshot({ path: path.join(outDir, 'lesson_fr_phone.png') });
  await phone.close();

  // An embedding course page hears of each step and of the lesson's end (lesson-progress).
  const course = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
  const host = await course.newPage();
  watchErrors(host, 'course', errors);
  await host.goto(`${origin}/course.html`, { waitUntil: 'load' });
  const frame = await until(async () => {
    const f = host.frames().find((x) => x !== host.mainFrame());
    return f && (await f.evaluate(() => !!window.playground).catch(() => false)) ? f : null;
  }, 20000);
  await waitReady(frame);
  const box = await (await host.$('iframe')).boundingBox();
  const inFrame = async (id) => {
    await clickWidget(frame, id, { mouse: host.mouse, frameBox: box });
    await sleep(300);
    await host.mouse.move(2, 2);
  };
  const got = () => host.evaluate(() => window.progress.slice());
  const embedded = await frame.evaluate(() => playground.getState());
  check('course page: embed=1&lesson=where shows the lesson and its panels',
    embedded.lesson.id === 'where' && embedded.embed.embed && embedded.embed.panels.join() === 'controls,masks,network' &&
    !!embedded.widgets['lesson.instruction'], JSON.stringify([embedded.embed, Object.keys(embedded.widgets).filter((k) => /^lesson/.test(k))]));
  check('course page: no progress message before any step is done', (await got()).length === 0, JSON.stringify(await got()));
  await frame.evaluate(() => playground.setConfig({ input_dropout: 0.2 }));
  let msgs = await until(async () => ((await got()).length >= 1 ? got() : null), 5000);
  check('course page: a lesson-progress message when step 1 is done',
    msgs && msgs[0].event === 'step-done' && msgs[0].lesson.id === 'where' && msgs[0].lesson.done.join() === 'true,false,false',
    JSON.stringify(msgs));
  await inFrame('lesson.next');
  await frame.evaluate(() => playground.setConfig({ dropout: [0.2, 0.5] }));
  await until(async () => (await got()).length >= 2, 5000);
  await inFrame('lesson.next');
  await frame.evaluate(() => playground.step(1));
  await until(async () => (await got()).length >= 3, 5000);
  await inFrame('lesson.next');
  await inFrame('lesson.answer.1');
  msgs = await until(async () => ((await got()).length >= 4 ? got() : null), 5000);
  const last = msgs && msgs[msgs.length - 1];
  check('course page: a lesson-done message carries the completion',
    msgs && msgs.slice(0, 3).every((m) => m.event === 'step-done') && last.event === 'lesson-done' && last.lesson.complete &&
    last.lesson.completed.includes('where'), JSON.stringify(msgs && msgs.map((m) => [m.event, m.lesson.done, m.lesson.complete])));
  await course.close();
  check('no console errors', errors.length === 0, errors.join(' | '));
}, { extra: { '/course.html': ['text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,">
<p>A course page.</p><iframe src="/?lesson=where&embed=1&lang=en" width="1000" height="640"></iframe>
<script>window.progress = [];
window.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'dropout-playground' && e.data.action === 'lesson-progress') window.progress.push(e.data);
});</script>`] } });
