// The interface language in Chromium: a French browser gets French; ?lang=fr and ?lang=en
// choose (getState().lang, <html lang>, the canvas' accessible name, Share keeps it); a bad
// view= is a notice in the page's language (the core's messages about config values stay
// English for now); the Controls' switch changes it and the
// next visit keeps the choice; the live region announces the epoch and the val loss in
// French. Screenshots: lang_fr.png, lang_fr_notice.png.
//   node tests/browser/lang.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';

import { check, clickWidget, outDir, run, sleep, until, waitReady, watchErrors } from './harness.mjs';

run(async ({ browser, origin }) => {
  const errors = [];
  const look = (page) => page.evaluate(() => ({ lang: playground.getState().lang, html: document.documentElement.lang,
    label: document.getElementById('canvas').getAttribute('aria-label'), share: playground.getState().share_url,
    notices: playground.getState().notices }));

  const fr = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  let page = await fr.newPage();
  watchErrors(page, 'fr', errors);
  await page.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  await waitReady(page);
  let st = await look(page);
  check('a French browser gets French', st.lang === 'fr' && st.html === 'fr', JSON.stringify(st));
  check('Share keeps the language', /[?&]lang=fr/.test(st.share), st.share);
  await page.goto(`${origin}/?paused=1&lang=en`, { waitUntil: 'load' });
  await waitReady(page);
  st = await look(page);
  check('lang=en wins over the browser', st.lang === 'en' && st.html === 'en' && !/lang=/.test(st.share), JSON.stringify(st));
  await page.close();

  const en = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page = await en.newPage();
  watchErrors(page, 'en', errors);
  await page.goto(`${origin}/?paused=1&lang=fr&view=heatmap`, { waitUntil: 'load' });
  await waitReady(page);
  await sleep(800);
  st = await look(page);
  const english = await en.newPage();
  await english.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  await waitReady(english);
  const label = (await look(english)).label;
  check('lang=fr: French texts on the page and in the app', st.lang === 'fr' && st.html === 'fr' && st.label !== label,
    `${st.label} / ${label}`);
  check('a bad view= in the link is a French notice', st.notices.some((n) => /ignoré/.test(n)), JSON.stringify(st.notices));
  await page.screenshot({ path: path.join(outDir, 'lang_fr_notice.png') });
  await page.evaluate(() => playground.setConfig({ dropout: 0.5 }));
  await page.evaluate(() => playground.step(12 * 40));
  await sleep(800);
  await page.mouse.move(1279, 799);
  await page.screenshot({ path: path.join(outDir, 'lang_fr.png') });
  // The screen reader's view: the canvas' description and the live announcer, in French.
  const a11y = await page.evaluate(() => {
    playgroundPage.announce();
    const c = document.getElementById('canvas');
    return { said: document.getElementById('announcer').textContent, live: document.getElementById('announcer').getAttribute('aria-live'),
      desc: document.getElementById(c.getAttribute('aria-describedby')).textContent, val: playground.getState().curves.val_loss[39] };
  });
  check('the live region announces the epoch and the val loss in French',
    a11y.live === 'polite' && a11y.said === `Époque 40 sur 200, perte de validation ${a11y.val.toFixed(3)}.`, JSON.stringify(a11y));
  check('the canvas has a French description', /réseau de neurones/.test(a11y.desc), a11y.desc);
  const bad = await english.goto(`${origin}/?paused=1&lang=de`, { waitUntil: 'load' }).then(() => waitReady(english))
    .then(() => look(english));
  check('lang=de: a notice, English stays', bad.lang === 'en' && bad.notices.some((n) => /lang=de ignored/.test(n)),
    JSON.stringify(bad.notices));

  // The switch (by the rectangle the app reports), and the next visit.
  await clickWidget(english, 'lang.fr');
  await until(async () => (await look(english)).lang === 'fr', 3000);
  st = await look(english);
  check('the Controls switch turns the page French', st.lang === 'fr' && st.html === 'fr', JSON.stringify(st));
  await english.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  await waitReady(english);
  check('the next visit keeps the choice', (await look(english)).lang === 'fr');
  check('no console errors', errors.length === 0, errors.join(' | '));
});
