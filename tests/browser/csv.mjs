// Your own data in Chromium: a CSV dropped on the page becomes the run's data (the 2-D
// view draws it, the notice and the data view say what was read, and the PyTorch script
// exported from the page carries it); the Your data button's file picker loads another
// (five features: the table of predictions); five kinds of bad file, each dropped, give a
// notice naming the line and the problem and change nothing. Screenshots: csv_ring.png,
// csv_table.png, csv_bad.png.
//   node tests/browser/csv.mjs [--site build/web/site] [--out build/artifacts]
import path from 'node:path';

import { check, clickWidget, outDir, run, sleep, until, waitReady, watchErrors } from './harness.mjs';

function ring() {
  let s = 'x1,x2,inside\n', seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < 160; i++) {
    const a = rnd() * 2 * Math.PI, r = rnd() * 2;
    s += `${(r * Math.cos(a) * 40 + 100).toFixed(3)},${(r * Math.sin(a) * 40 - 20).toFixed(3)},${r < 1 ? 1 : 0}\n`;
  }
  return s;
}

function five() {
  let s = 'a,b,c,d,e,split,species\n';
  for (let i = 0; i < 120; i++) {
    const k = i % 3;
    s += [0, 1, 2, 3, 4].map((j) => (k * 1.5 + Math.sin(i * 7 + j * 3)).toFixed(3)).join(',') +
      `,${i % 5 === 0 ? 'val' : 'train'},${k}\n`;
  }
  return s;
}

const BAD = [
  ['ragged row', 'a,b,y\n1,2,0\n3,4\n5,6,1\n', 'line 3: 2 values, but the header has 3 columns'],
  ['not a number', 'a,b,y\n1,2,0\n3,four,1\n5,6,1\n', "line 3: column 'b': 'four' is not a number"],
  ['too many rows', 'a,y\n' + Array.from({ length: 12300 }, (_, i) => `${i},${i % 2}\n`).join(''), 'line 12290: more than 12288 data rows'],
  ['one class only', 'a,b,y\n1,2,1\n3,4,1\n5,6,1\n', 'has one class only'],
  ['bad split', 'a,split,y\n1,train,0\n2,test,1\n', "line 3: split must be train or val, got 'test'"],
];

async function drop(page, name, text) {
  await page.evaluate(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'text/csv' }));
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
}

run(async ({ browser, origin }) => {
  const errors = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchErrors(page, 'index.html', errors);
  await page.goto(`${origin}/?paused=1`, { waitUntil: 'load' });
  if (!check('page ready', (await waitReady(page)) === true)) return;
  const state = () => page.evaluate(() => playground.getState());

  // 1. A drop.
  await drop(page, 'ring.csv', ring());
  const loaded = await until(async () => (await state()).config.n_train === 112, 5000);
  let st = await state();
  check('a dropped CSV becomes the run\'s data', loaded && st.config.n_val === 48 && st.config.loss === 'bce_with_logits' &&
    JSON.stringify(st.config.sizes.slice(0, 1)) === '[2]', JSON.stringify({ n_train: st.config.n_train, n_val: st.config.n_val, loss: st.config.loss }));
  check('its notice says what was read', st.notices.some((n) => /Loaded ring\.csv: 112 training and 48 validation rows, 2 features/.test(n)),
    JSON.stringify(st.notices));
  check('the data view draws it on the plane, with its note', await until(async () => {
    const w = (await state()).widgets;
    return !!w['data.plane'] && !!w['data.csv_note'];
  }, 5000));
  const script = await page.evaluate(() => new Promise((resolve) => {
    const orig = URL.createObjectURL;
    URL.createObjectURL = (blob) => { blob.text().then(resolve); return orig.call(URL, blob); };
    playground.download('torch');
  }));
  check('the exported PyTorch script carries the rows', /The data given in the config/.test(script) && (script.match(/\n {4}\[/g) || []).length === 160,
    `${(script.match(/\n {4}\[/g) || []).length} rows`);
  await page.evaluate(() => playground.step(12 * 30));
  await sleep(800);
  await page.mouse.move(1279, 799);
  await page.screenshot({ path: path.join(outDir, 'csv_ring.png') });

  // 2. The file picker of Your data.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'data.load_csv')]);
  await chooser.setFiles({ name: 'five.csv', mimeType: 'text/csv', buffer: Buffer.from(five()) });
  const five_ok = await until(async () => (await state()).config.sizes[0] === 5, 5000);
  st = await state();
  check('the picker loads a five-feature file: cross_entropy, the split column\'s rows', five_ok &&
    st.config.loss === 'cross_entropy' && st.config.n_train === 96 && st.config.n_val === 24, JSON.stringify(st.config.sizes));
  await page.evaluate(() => playground.step(6 * 40));
  check('five features: the table of predictions', await until(async () => !!(await state()).widgets['data.table'], 3000));
  await sleep(500);
  await page.screenshot({ path: path.join(outDir, 'csv_table.png') });

  // 3. Bad files: a notice each, nothing changes.
  const before = JSON.stringify((await state()).config);
  for (const [label, text, words] of BAD) {
    await drop(page, 'bad.csv', text);
    const said = await until(async () => (await state()).notices.some((n) => n.startsWith('bad.csv not loaded:') && n.includes(words)), 5000);
    const now = await state();
    check(`bad file, ${label}: a notice, nothing changed`, said && JSON.stringify(now.config) === before,
      now.notices[now.notices.length - 1]);
  }
  await sleep(500);
  await page.screenshot({ path: path.join(outDir, 'csv_bad.png') });
  check('the page keeps running', (await page.evaluate(() => { playground.step(1); return playground.status().step; })) > 0);
  check('no console errors', errors.length === 0, errors.join(' | '));
});
