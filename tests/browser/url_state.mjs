// URL state in a real browser:
//  - Share round trip: the link the Share button copies, opened in a new page, gives an
//    identical getState().config and identical first 10 epochs (every curve, exactly).
//  - Each bad parameter (dropout=abc, dropout=1.7, hidden=0, an unknown dataset, absurd
//    sizes, ...): the page becomes ready, a visible notice names the parameter, that
//    field keeps its default, the rest of the link applies, no console error.
//   node tests/browser/url_state.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';
import { check, clickWidget, outDir, run, sleep, waitReady, watchErrors } from './harness.mjs';

const EPOCHS = 10;
const CURVE_KEYS = ['epoch', 'train_loss', 'train_loss_eval', 'val_loss', 'train_acc', 'val_acc', 'dropout'];

// The first n epochs of every curve (run and p = 0 twin), as comparable JSON.
function firstEpochs(state, n) {
  const c = state.curves, out = {};
  for (const k of CURVE_KEYS) out[k] = c[k].slice(0, n);
  for (const k of Object.keys(c.baseline)) out['baseline.' + k] = c.baseline[k].slice(0, n);
  return out;
}

async function trainFirstEpochs(page, n) {
  return page.evaluate((epochs) => {
    playground.pause();
    playground.restart();
    const bpe = playground.getState().batches_per_epoch;
    playground.step(epochs * bpe);
    return playground.getState();
  }, n);
}

// [query, parameter, what the field must be (from the defaults), describe]
const BAD = [
  ['dropout=abc', 'dropout', (c, d) => c.dropout === d.dropout],
  ['dropout=1.7', 'dropout', (c, d) => c.dropout === d.dropout],
  ['dropout=-0.1', 'dropout', (c, d) => c.dropout === d.dropout],
  ['hidden=0', 'hidden', (c, d) => JSON.stringify(c.sizes) === JSON.stringify(d.sizes)],
  ['hidden=100000', 'hidden', (c, d) => JSON.stringify(c.sizes) === JSON.stringify(d.sizes)],
  ['hidden=8,8,8,8,8,8,8,8,8', 'hidden', (c, d) => JSON.stringify(c.sizes) === JSON.stringify(d.sizes)],
  ['dataset=imagenet', 'dataset', (c, d) => c.data === d.data && c.loss === d.loss],
  ['n_train=99999999', 'n_train', (c, d) => c.n_train === d.n_train],
  ['n_val=0', 'n_val', (c, d) => c.n_val === d.n_val],
  ['epochs=1e12', 'epochs', (c, d) => c.epochs === d.epochs],
  ['batch=0', 'batch', (c, d) => c.batch === d.batch],
  ['lr=-1', 'lr', (c, d) => c.optimizer.lr === d.optimizer.lr],
  ['noise=NaN', 'noise', (c, d) => c.noise === d.noise],
  ['optimizer=lbfgs', 'optimizer', (c, d) => c.optimizer.name === d.optimizer.name],
  ['optimizer=sgd&alpha=0.5', 'alpha', (c, d) => c.optimizer.alpha === d.optimizer.alpha],
  ['wat=1', 'wat', () => true],
  ['hidden=', 'hidden', (c, d) => JSON.stringify(c.sizes) === JSON.stringify(d.sizes)],
  ['dropout=%ZZ', 'dropout', (c, d) => c.dropout === d.dropout],
  ['data_seed=12345678901234567890', 'data_seed', (c, d) => c.data_seed === d.data_seed],
  ['data_seed=-1', 'data_seed', (c, d) => c.data_seed === d.data_seed],
];

run(async ({ browser, origin }) => {
  const errors = [];

  // ---- Share round trip ----
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const a = await context.newPage();
  watchErrors(a, 'share page', errors);
  await a.goto(origin + '/', { waitUntil: 'load' });
  if (!check('page becomes ready', (await waitReady(a)) === true)) return;
  const defaults = (await a.evaluate(() => playground.getState())).config;

  const set = await a.evaluate(() => {
    playground.pause();
    const r = playground.setConfig({
      data: 'moons', noise: 0.27, data_seed: 5, n_train: 80, n_val: 150, sizes: [2, 24, 24, 1],
      loss: 'bce_with_logits', activation: 'tanh', dropout: 0.3, batch: 16, epochs: 120, seed: 42,
      optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 } });
    playground.restart();  // clears the "Restarted" notice: the Controls' layout is the default one
    return r;
  });
  check('a non-default config is set', set.ok === true, JSON.stringify(set));
  const stA = await a.evaluate(() => playground.getState());
  // The Share button (the Controls' Seed section), where the app reports it.
  await clickWidget(a, 'seed.share');
  let clip = '';
  for (let i = 0; i < 40 && !clip; i++) {  // the click lands on the next frame; the copy is async
    await sleep(100);
    clip = await a.evaluate(() => navigator.clipboard.readText().catch((e) => 'clipboard: ' + e.message));
  }
  const shareUrl = await a.evaluate(() => playground.shareUrl());
  check('Share copies the link (clipboard = playground.shareUrl() = getState().share_url)',
    clip === shareUrl && shareUrl === stA.share_url && shareUrl.startsWith(origin + '/?'),
    `clipboard ${clip.slice(0, 120)}; shareUrl ${shareUrl.slice(0, 120)}`);
  const query = new URL(shareUrl).searchParams;
  check('the link carries every config field as a query parameter',
    ['dataset', 'noise', 'data_seed', 'n_train', 'n_val', 'loss', 'hidden', 'activation', 'dropout',
      'optimizer', 'lr', 'momentum', 'nesterov', 'weight_decay', 'betas', 'alpha', 'eps', 'centered', 'batch',
      'epochs', 'seed']
      .every((k) => query.has(k)), shareUrl);

  const b = await context.newPage();
  watchErrors(b, 'shared link', errors);
  await b.goto(shareUrl, { waitUntil: 'load' });
  check('the shared link becomes ready', (await waitReady(b)) === true);
  const stB = await b.evaluate(() => playground.getState());
  check('the shared link gives an identical getState().config',
    JSON.stringify(stB.config) === JSON.stringify(stA.config),
    `${JSON.stringify(stA.config)} vs ${JSON.stringify(stB.config)}`);
  check('the shared link has no notices', stB.notices.length === 0, JSON.stringify(stB.notices));
  const runA = await trainFirstEpochs(a, EPOCHS), runB = await trainFirstEpochs(b, EPOCHS);
  const ea = firstEpochs(runA, EPOCHS), eb = firstEpochs(runB, EPOCHS);
  check(`identical first ${EPOCHS} epochs (run and twin, every curve, exactly)`,
    runA.epoch === EPOCHS && runB.epoch === EPOCHS && JSON.stringify(ea) === JSON.stringify(eb),
    `val_loss ${ea.val_loss.slice(0, 3)} vs ${eb.val_loss.slice(0, 3)}`);
  await context.close();

  // ---- Bad parameters ----
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  watchErrors(page, 'bad parameters', errors);
  for (const [bad, param, keepsDefault] of BAD) {
    const before = errors.length;
    await page.goto(`${origin}/?${bad}&seed=7&paused=1`, { waitUntil: 'load' });
    const ready = await waitReady(page);
    if (!check(`?${bad}: page becomes ready`, ready === true, String(ready))) continue;
    const st = await page.evaluate(() => playground.getState());
    const notice = st.notices.find((n) => n.startsWith('Link: ') && n.includes(param));
    const banner = await page.evaluate(() => {
      const box = document.getElementById('link-notices');
      if (!box) return '';
      const r = box.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(box).visibility !== 'hidden' ? box.textContent : '';
    });
    const errBox = await page.evaluate(() => (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent));
    check(`?${bad}: getState().notices names ${param}; a visible banner says it; default kept; seed=7 applied; no console error`,
      notice !== undefined && banner.includes(param) && keepsDefault(st.config, defaults) && st.config.seed === 7 &&
      errors.length === before && errBox === '',
      `notice ${JSON.stringify(notice)}; banner ${JSON.stringify(banner.slice(0, 100))}; errors ${errors.slice(before).join(' | ')}`);
  }
  // A link far too long: ignored as a whole, with a notice; the page works.
  await page.goto(`${origin}/?dropout=${'9'.repeat(9000)}&paused=1`, { waitUntil: 'load' });
  check('a 9000-character link: ready', (await waitReady(page)) === true);
  const long = await page.evaluate(() => playground.getState());
  check('a 9000-character link: ignored with a notice, defaults used',
    long.notices.some((n) => n.includes('longer than')) && JSON.stringify(long.config) === JSON.stringify(defaults),
    JSON.stringify(long.notices));

  // All of them at once, with good parameters among them.
  await page.goto(`${origin}/?dropout=1.7&hidden=0&dataset=nope&lr=0.05&seed=9&batch=0&activation=tanh&paused=1`,
    { waitUntil: 'load' });
  check('several bad parameters at once: ready', (await waitReady(page)) === true);
  const many = await page.evaluate(() => playground.getState());
  check('several bad parameters at once: each named, the good ones applied',
    ['dropout', 'hidden', 'dataset', 'batch'].every((p) => many.notices.some((n) => n.includes(p))) &&
    many.config.optimizer.lr === 0.05 && many.config.seed === 9 && many.config.activation === 'tanh' &&
    many.config.dropout === defaults.dropout, JSON.stringify(many.notices));
  await page.screenshot({ path: path.join(outDir, 'url-bad-parameters.png') });

  check('no console errors', errors.length === 0, errors.slice(0, 5).join(' | '));
});
