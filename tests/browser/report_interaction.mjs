// Drives talign's HTML review report in Debian's headless chromium (playwright-core, no browser
// download) and checks that the corrections work: merge, split, moving sentences between beads,
// undo, the filters, the path plot, and the TMX / beads downloads.
//
// Usage: node report_interaction.mjs --report R.html --jsonl ALIGNMENT.jsonl --tmx REF.tmx
//          --tmx-keep REF_KEEP.tmx --beads ALIGNMENT.beads --src-lang en --tgt-lang ar
//          --talign TALIGN --src SRC.txt --tgt TGT.txt --workdir DIR [--dtd tmx14.dtd]
// ALIGNMENT.* and REF*.tmx are what `talign align` itself wrote for the same documents
// (--format jsonl / beads / tmx, tmx also with --keep-unmatched). Exits 0 when every check passes,
// 1 with the failed check otherwise (console errors and network requests of the page fail too).
// CHROMIUM (environment) overrides /usr/bin/chromium.
//
//        node report_interaction.mjs --tmx-review R.html --tmx-input IN.tmx --workdir DIR
// checks a page made by `talign report --tmx IN.tmx` (issue 15, point 8): its TMX download keeps
// every unit's attributes, <prop>s and <note>s, unedited and after a merge, a check and an edit.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  if (!process.argv[i].startsWith('--') || i + 1 >= process.argv.length) {
    console.error(`usage: see the head of ${path.basename(process.argv[1])}`);
    process.exit(2);
  }
  args[process.argv[i].slice(2)] = process.argv[i + 1];
}
if ('tmx-review' in args) process.exit(await tmxReview());
for (const required of ['report', 'jsonl', 'tmx', 'tmx-keep', 'beads', 'src-lang', 'tgt-lang',
                        'talign', 'src', 'tgt', 'workdir']) {
  if (!(required in args)) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}

const label = path.basename(args.report);
const passed = [];
class CheckFailed extends Error {}
function check(condition, what, detail = '') {
  if (!condition) throw new CheckFailed(`${what}${detail ? `: ${detail}` : ''}`);
}
function equal(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) {
    throw new CheckFailed(`${what}\n  expected: ${e.slice(0, 600)}\n  actual:   ${a.slice(0, 600)}`);
  }
}
function step(name) {
  passed.push(name);
  console.log(`  ok  ${name}`);
}

// --- What talign itself wrote ---------------------------------------------------------------
const NO_SPACE = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my', 'yue']);
const joiner = (lang) => (NO_SPACE.has(lang.split(/[-_]/)[0].toLowerCase()) ? '' : ' ');
const srcJoin = joiner(args['src-lang']), tgtJoin = joiner(args['tgt-lang']);
const original = fs.readFileSync(args.jsonl, 'utf8').split('\n').filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const n = original.length;
const beadsFileLines = fs.readFileSync(args.beads, 'utf8').split('\n').filter((l) => l.trim());
check(beadsFileLines.length === n, 'talign wrote as many beads as jsonl records',
      `${beadsFileLines.length} vs ${n}`);
// Scores as talign prints them in the beads format (3 decimals).
const printedScore = beadsFileLines.map((l) => {
  const m = /:(\d(?:\.\d+)?)\s*$/.exec(l.replace(/\[[^\]]*\]/g, ''));
  return m ? m[1] : null;
});

// The model the page should hold: beads as source / target id lists plus the score text.
const initialModel = original.map((b, k) => ({
  src: b.src_ids, tgt: b.tgt_ids, score: printedScore[k], edited: false,
}));
const cloneModel = (m) => m.map((b) => ({ src: [...b.src], tgt: [...b.tgt], score: b.score,
                                          edited: b.edited }));

// --- Browser ----------------------------------------------------------------------------------
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];  // console errors, page errors, network requests
let exitCode = 0;
try {
  const context = await browser.newContext({ acceptDownloads: true,
                                             viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!/^(file|data|blob|about):/.test(req.url())) problems.push(`network request: ${req.url()}`);
  });
  const reportUrl = pathToFileURL(path.resolve(args.report)).href;
  await page.goto(reportUrl);
  await page.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 10000 });

  // The rows as the page shows them. Only the rows on screen are in the DOM (windowed
  // rendering): the page is scrolled through from the top and every row seen is collected.
  const readRowsOf = (pg) => pg.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const describe = (tr) => {
      const sents = (cell) => (cell ? [...cell.querySelectorAll('span.sent')].map((s) => ({
        id: Number(s.dataset.id), text: s.textContent })) : null);
      const src = tr.querySelector('td.src'), tgt = tr.querySelector('td.tgt');
      return {
        index: tr.dataset.index,
        classes: [...tr.classList].filter((c) => c !== 'bead').sort(),
        src: sents(src), tgt: sents(tgt),
        srcDir: src && src.getAttribute('dir'), tgtDir: tgt && tgt.getAttribute('dir'),
        score: (tr.querySelector('td.score') || {}).textContent?.trim() ?? null,
        type: (tr.querySelector('td.type') || {}).textContent?.trim() ?? null,
        buttons: [...tr.querySelectorAll('td.actions button')]
          .map((b) => [...b.classList].find((c) => /^(merge|split|(src|tgt)-(up|down))$/.test(c)))
          .filter(Boolean).sort(),
        visible: !tr.hidden && getComputedStyle(tr).display !== 'none',
      };
    };
    const seen = new Map();
    const saved = window.scrollY;
    window.scrollTo(0, 0);
    await frame();
    for (let guard = 0; guard < 100000; guard++) {
      for (const tr of document.querySelectorAll('table#beads tbody tr.bead')) {
        seen.set(Number(tr.dataset.index), describe(tr));
      }
      const before = window.scrollY;
      window.scrollBy(0, Math.floor(window.innerHeight / 2));
      await frame();
      if (window.scrollY === before) break;
    }
    window.scrollTo(0, saved);
    await frame();
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  });
  const readRows = () => readRowsOf(page);
  // The model as the rows show it (ids, score text, edited flag).
  const rowsModel = (rows) => rows.map((r) => ({
    src: r.src.map((s) => s.id), tgt: r.tgt.map((s) => s.id),
    score: r.score === '–' || r.score === '' || r.score === 'unmatched' ? null : r.score,
    edited: r.classes.includes('edited'),
  }));
  const checkRows = (rows, model, what) => {
    equal(rows.length, model.length, `${what}: number of tr.bead rows`);
    equal(rows.map((r) => r.index), model.map((_, k) => String(k)),
          `${what}: data-index renumbered 0..${model.length - 1}`);
    equal(rowsModel(rows).map((b) => [b.src, b.tgt]), model.map((b) => [b.src, b.tgt]),
          `${what}: sentence ids per row (span.sent[data-id])`);
    rows.forEach((r, k) => {
      const b = model[k];
      equal(r.type, `${b.src.length}-${b.tgt.length}`, `${what}: td.type of row ${k}`);
      if (b.edited) {
        check(r.classes.includes('edited'), `${what}: row ${k} has class edited`, r.classes.join(' '));
        equal(r.score, b.src.length && b.tgt.length ? '–' : 'unmatched',
              `${what}: td.score of edited row ${k}`);
      } else {
        check(!r.classes.includes('edited'), `${what}: row ${k} has no class edited`);
        if (b.score !== null) {
          // An unmatched bead shows no score (issue 15, point 7: it showed 1.000 in bold).
          equal(r.score, b.src.length && b.tgt.length ? b.score : 'unmatched',
                `${what}: td.score of row ${k}`);
        }
      }
      const unmatched = b.src.length === 0 || b.tgt.length === 0;
      equal(r.classes.includes('unmatched'), unmatched, `${what}: class unmatched on row ${k}`);
      if (!b.edited && b.score !== null && !unmatched) {
        const s = Number(b.score);
        equal(r.classes.includes('low'), s < 0.5, `${what}: class low on row ${k} (score ${b.score})`);
        equal(r.classes.includes('medium'), s >= 0.5 && s < 0.9,
              `${what}: class medium on row ${k} (score ${b.score})`);
      }
      equal(r.buttons.includes('merge'), k + 1 < model.length,
            `${what}: button.merge on row ${k} (absent only on the last row)`);
      equal(r.buttons.includes('split'), b.src.length > 1 || b.tgt.length > 1,
            `${what}: button.split on row ${k} (${b.src.length}-${b.tgt.length})`);
    });
  };

  // --- 1. The page shows talign's alignment --------------------------------------------------
  const rows0 = await readRows();
  checkRows(rows0, initialModel, 'initial page');
  rows0.forEach((r, k) => {
    equal([r.srcDir, r.tgtDir], ['auto', 'auto'], `td.src / td.tgt dir of row ${k}`);
    equal(r.src.map((s) => s.text).join(srcJoin), original[k].src, `source text of row ${k}`);
    equal(r.tgt.map((s) => s.text).join(tgtJoin), original[k].tgt, `target text of row ${k}`);
  });
  const srcText = new Map(), tgtText = new Map();
  for (const r of rows0) {
    for (const s of r.src) srcText.set(s.id, s.text);
    for (const s of r.tgt) tgtText.set(s.id, s.text);
  }
  step(`${n} rows, ids, texts, types, scores and classes as talign aligned them`);

  // --- Helpers: downloads, TMX ---------------------------------------------------------------
  let downloads = 0;
  const download = async (button, ext) => {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
                                    page.click(button)]);
    const name = dl.suggestedFilename();
    check(name.endsWith(ext), `${button} downloads a file named *${ext}`, name);
    const file = path.join(args.workdir, `${label}.${++downloads}${ext}`);
    await dl.saveAs(file);
    return file;
  };
  const dtd = args.dtd && fs.existsSync(args.dtd) ? args.dtd : null;
  const xmllint = (file) => {
    const r = spawnSync('xmllint', ['--noout', ...(dtd ? ['--dtdvalid', dtd] : []), file],
                        { encoding: 'utf8' });
    if (r.error) throw new CheckFailed(`cannot run xmllint: ${r.error.message}`);
    check(r.status === 0, `${path.basename(file)} is ${dtd ? 'valid TMX 1.4b' : 'well-formed XML'}`,
          r.stderr.slice(0, 600));
  };
  // Units of a TMX as [source seg | null, target seg | null], parsed by the browser's XML parser.
  const tmxUnits = (file) => page.evaluate(([xml, srcLang, tgtLang]) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
    const header = doc.querySelector('header');
    const units = [...doc.querySelectorAll('body > tu')].map((tu) => {
      const unit = [null, null];
      const tuvs = [...tu.querySelectorAll('tuv')];
      for (const tuv of tuvs) {
        const lang = tuv.getAttribute('xml:lang');
        const seg = tuv.querySelector('seg').textContent;
        if (lang === srcLang) unit[0] = seg;
        else if (lang === tgtLang) unit[1] = seg;
        else unit.push(`unexpected xml:lang ${lang}`);
      }
      if (tuvs.length && tuvs[0].getAttribute('xml:lang') !== srcLang) unit.push('source tuv not first');
      return unit;
    });
    return { srclang: header && header.getAttribute('srclang'), units };
  }, [fs.readFileSync(file, 'utf8'), args['src-lang'], args['tgt-lang']]);
  const expectedUnits = (model, keepUnmatched) => model
    .filter((b) => keepUnmatched || (b.src.length && b.tgt.length))
    .map((b) => [b.src.length ? b.src.map((i) => srcText.get(i)).join(srcJoin) : null,
                 b.tgt.length ? b.tgt.map((i) => tgtText.get(i)).join(tgtJoin) : null]);
  const checkTmx = async (file, expected, what) => {
    xmllint(file);
    const tmx = await tmxUnits(file);
    check(!tmx.error, `${what}: the browser parses the TMX`, tmx.error);
    equal(tmx.srclang, args['src-lang'], `${what}: header srclang`);
    equal(tmx.units, expected, `${what}: <tu> units (source seg, target seg)`);
    return tmx.units;
  };

  // --- 2. Downloads before any edit equal talign's own TMX -----------------------------------
  const refUnits = (await tmxUnits(args.tmx)).units;
  const refKeepUnits = (await tmxUnits(args['tmx-keep'])).units;
  equal(expectedUnits(initialModel, false), refUnits,
        "talign's --format tmx units vs the page's sentences (test set-up)");
  // The page writes TMX as talign does (the report and the reference share --date): same bytes.
  const sameBytes = (file, reference, what) =>
    check(fs.readFileSync(file).equals(fs.readFileSync(reference)),
          `${what}: byte-identical to ${path.basename(reference)}`);
  const unedited = await download('#download-tmx', '.tmx');
  await checkTmx(unedited, refUnits, 'unedited TMX download');
  sameBytes(unedited, args.tmx, 'unedited TMX download');
  step(`unedited TMX download: ${refUnits.length} <tu>, ${dtd ? 'valid' : 'well-formed'}, byte-identical to talign --format tmx`);
  await page.check('#keep-unmatched');
  const keep = await download('#download-tmx', '.tmx');
  await checkTmx(keep, refKeepUnits, 'TMX with keep-unmatched');
  sameBytes(keep, args['tmx-keep'], 'TMX with keep-unmatched');
  sameBytes(await download('#download-beads', '.beads'), args.beads, 'unedited beads download');
  await page.uncheck('#keep-unmatched');
  step(`input#keep-unmatched: ${refKeepUnits.length} <tu>, as talign --format tmx --keep-unmatched`);

  // --- 3. Merge, split ---------------------------------------------------------------------------
  let model = cloneModel(initialModel);
  let edits = 0;
  // Scroll the button into view and let the scroll's re-render settle before and after the
  // click: on a loaded machine a window re-rendered between Playwright's hit test and its click
  // otherwise lets a click land on a row being replaced (seen once in a fresh-clone run).
  const settle = () => page.evaluate(() => new Promise(
    (r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const click = async (k, button) => {
    const selector = `table#beads tbody tr.bead[data-index="${k}"] td.actions button.${button}`;
    await page.locator(selector).scrollIntoViewIfNeeded();
    await settle();
    await page.click(selector);
    await settle();
    edits++;
  };
  const pair = (b) => b.src.length > 0 && b.tgt.length > 0;
  let m = 0;
  while (m + 1 < n && !(pair(model[m]) && pair(model[m + 1]))) m++;
  check(m + 1 < n, 'the alignment has two consecutive beads with both sides non-empty');
  await click(m, 'merge');
  const merged = { src: [...model[m].src, ...model[m + 1].src],
                   tgt: [...model[m].tgt, ...model[m + 1].tgt], score: null, edited: true };
  model.splice(m, 2, merged);
  checkRows(await readRows(), model, `after merging bead ${m} with bead ${m + 1}`);
  const mergedUnits = await checkTmx(await download('#download-tmx', '.tmx'),
                                     expectedUnits(model, false), 'TMX after the merge');
  equal(mergedUnits.length, refUnits.length - 1, 'TMX after the merge: one <tu> fewer than talign\'s');
  const mergedSeg = mergedUnits[refUnits.findIndex((u) => u[0] === original[m].src)];
  check(mergedSeg && mergedSeg[0].includes(original[m].src) && mergedSeg[0].includes(original[m + 1].src),
        'the merged <tu> source seg holds both source sentences', JSON.stringify(mergedSeg));
  equal(mergedUnits.filter((u) => !refUnits.some((r) => r[0] === u[0] && r[1] === u[1])).length, 1,
        'TMX after the merge differs from talign\'s in that one <tu> only');
  step(`merge of beads ${m} and ${m + 1}: ${n - 1} rows; TMX has ${mergedUnits.length} <tu> (talign: ${refUnits.length}), the merged source seg holds both sentences`);

  await click(m, 'split');
  model.splice(m, 1, { src: [merged.src[0]], tgt: [merged.tgt[0]], score: null, edited: true },
               { src: merged.src.slice(1), tgt: merged.tgt.slice(1), score: null, edited: true });
  checkRows(await readRows(), model, `after splitting bead ${m} again`);
  await checkTmx(await download('#download-tmx', '.tmx'), refUnits, 'TMX after merge + split');
  step(`split of bead ${m}: ${n} rows, TMX pairs equal talign's again`);

  // --- 4. Moving sentences between beads -------------------------------------------------------
  const move = (k, side, dir) => {
    if (dir === 'down') model[k + 1][side].unshift(model[k][side].pop());
    else model[k][side].push(model[k + 1][side].shift());
    model[k].edited = model[k + 1].edited = true;
    model[k].score = model[k + 1].score = null;
    model = model.filter((b) => b.src.length || b.tgt.length);
  };
  let k = 0;
  while (k + 2 < model.length && !(pair(model[k]) && model[k].src.length && model[k + 1].src.length)) k++;
  const before = cloneModel(model).map((b) => [b.src, b.tgt]);
  for (const side of ['src', 'tgt']) {
    await click(k, `${side}-down`);
    move(k, side, 'down');
    checkRows(await readRows(), model, `after ${side}-down on bead ${k}`);
    await click(k, `${side}-up`);
    move(k, side, 'up');
    checkRows(await readRows(), model, `after ${side}-up on bead ${k}`);
  }
  equal(model.map((b) => [b.src, b.tgt]), before, 'down + up restores the sentence ids');
  step(`src-down, src-up, tgt-down, tgt-up on bead ${k}: sentences moved and back`);

  // A bead emptied by moves disappears.
  let u = model.findIndex((b, i) => i + 1 < model.length && !pair(b) && !b.edited);
  if (u < 0) u = model.length - 3;
  const rowsBeforeEmptying = model.length;
  const emptied = model[u];
  for (const side of ['src', 'tgt']) {
    while (model.includes(emptied) && emptied[side].length) {
      await click(model.indexOf(emptied), `${side}-down`);
      move(model.indexOf(emptied), side, 'down');
    }
  }
  check(model.length === rowsBeforeEmptying - 1, 'test set-up: bead emptied');
  checkRows(await readRows(), model, `after moving every sentence out of bead ${u}`);
  step(`bead ${u} emptied by moves disappears (${model.length} rows)`);

  // --- 5. Beads download of the edited alignment ------------------------------------------------
  const beadsFile = await download('#download-beads', '.beads');
  const beadLines = fs.readFileSync(beadsFile, 'utf8').split('\n').filter((l) => l.trim());
  const beadRe = /^\[((?:\d+(?:, \d+)*)?)\]:\[((?:\d+(?:, \d+)*)?)\](?::(\d\.\d{3}|1|0))?$/;
  const parsed = beadLines.map((l, i) => {
    const mm = beadRe.exec(l);
    check(mm, `downloaded beads line ${i + 1} has talign's form [i, j]:[k][:0.987]`, l);
    const ids = (s) => (s ? s.split(', ').map(Number) : []);
    return { src: ids(mm[1]), tgt: ids(mm[2]), score: mm[3] ?? null };
  });
  equal(parsed.map((b) => [b.src, b.tgt]), model.map((b) => [b.src, b.tgt]),
        'downloaded beads: one line per bead as the page shows them');
  parsed.forEach((b, i) => {
    if (model[i].edited) equal(b.score, null, `downloaded beads line ${i + 1} (edited) has no score`);
    else equal(b.score, model[i].score, `downloaded beads line ${i + 1} keeps talign's score`);
  });
  const evalRun = spawnSync(args.talign, ['eval', '--strict-gold', '-g', beadsFile, '-t', args.beads],
                            { encoding: 'utf8' });
  check(evalRun.status === 0 && !/warning|cover/i.test(evalRun.stderr),
        'talign eval --strict-gold accepts the downloaded beads as a complete monotone alignment',
        `exit ${evalRun.status}: ${evalRun.stderr}`);
  let readBack = 'talign eval --strict-gold (coverage) accepts it';
  const hasReport = spawnSync(args.talign, ['report', '--help'], { encoding: 'utf8' }).status === 0;
  if (hasReport) {
    const out = path.join(args.workdir, `${label}.readback.html`);
    const r = spawnSync(args.talign, ['report', '-q', '-s', args['src-lang'], '-t', args['tgt-lang'],
                                      args.src, args.tgt, beadsFile, '-o', out], { encoding: 'utf8' });
    check(r.status === 0 && fs.existsSync(out), 'talign report reads the downloaded beads back',
          `exit ${r.status}: ${r.stderr}`);
    readBack += ', and so does talign report';
  }
  step(`beads download: ${parsed.length} lines as shown, edited beads without score; ${readBack}`);

  // --- 6. Undo ----------------------------------------------------------------------------------
  for (let i = 0; i < edits; i++) await page.click('button#undo');
  checkRows(await readRows(), initialModel, `after ${edits} undos`);
  step(`${edits} clicks on button#undo restore talign's alignment, scores included`);

  // --- 7. Filters ---------------------------------------------------------------------------------
  // Rows a filter hides are not rendered at all: shown = the rows met while scrolling through.
  const visible = async () => {
    const shown = new Set((await readRows()).filter((r) => r.visible).map((r) => Number(r.index)));
    return initialModel.map((_, k) => shown.has(k));
  };
  const setMaxScore = async (value) => {
    await page.fill('input#max-score', value);
    await page.dispatchEvent('input#max-score', 'change');
  };
  await setMaxScore('0.9');
  equal(await visible(), initialModel.map((b) => b.score === null || Number(b.score) < 0.9 ||
                                                 !b.src.length || !b.tgt.length),
        'input#max-score 0.9: rows shown are those scoring below 0.9 and the unmatched ones');
  const shownLow = (await visible()).filter(Boolean).length;
  await setMaxScore('');
  equal(await visible(), initialModel.map(() => true), 'input#max-score empty: every row shown');
  await page.check('input#non-one-to-one');
  const nonOneToOne = initialModel.map((b) => !(b.src.length === 1 && b.tgt.length === 1));
  equal(await visible(), nonOneToOne, 'input#non-one-to-one: only beads that are not 1-1 shown');
  await page.uncheck('input#non-one-to-one');
  equal(await visible(), initialModel.map(() => true), 'filters off: every row shown');
  step(`filters: max-score 0.9 shows ${shownLow}/${n} rows, non-one-to-one shows ${nonOneToOne.filter(Boolean).length}/${n}`);

  // --- 8. The path plot ----------------------------------------------------------------------------
  const plot = await page.$$eval('svg#path-plot', (svgs) => svgs.map((svg) => ({
    band: svg.querySelectorAll('polygon.band').length,
    anchors: svg.querySelectorAll('circle.anchor').length,
    path: svg.querySelectorAll('polyline.path').length,
    pathPoints: (svg.querySelector('polyline.path')?.getAttribute('points') || '').trim().split(/\s+/).length,
    // One <path> of dots per colour: "M x y h0" per bead.
    points: [...svg.querySelectorAll('path.bead-points')]
      .reduce((sum, p) => sum + ((p.getAttribute('d') || '').match(/M/g) || []).length, 0),
  })));
  equal(plot.length, 1, 'one svg#path-plot');
  equal(plot[0].path, 1, 'svg#path-plot has one polyline.path');
  equal(plot[0].pathPoints, n + 1, 'polyline.path has a point per bead and the origin');
  equal(plot[0].points, n, 'one dot per bead in path.bead-points');
  check(plot[0].anchors > 0, 'svg#path-plot shows circle.anchor points');
  const focusPoint = async (target) => {
    const at = await page.evaluate((k) => window.talignReview.dotOnScreen(k), target);
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(100);
    const state = await page.$$eval('table#beads tbody tr.bead', (rows) => rows.map((tr) => {
      const r = tr.getBoundingClientRect();
      return { index: Number(tr.dataset.index), focused: tr.classList.contains('focused'),
               inView: r.bottom > 0 && r.top < window.innerHeight };
    }));
    const focused = state.filter((s) => s.focused).map((s) => s.index);
    equal(focused, [target], `click on the dot of bead ${target}: focused row(s)`);
    check(state.find((s) => s.index === target).inView, `row ${target} scrolled into view after the click`);
  };
  const far = Math.floor((2 * n) / 3);
  await focusPoint(far);
  await focusPoint(1);
  step(`path plot: ${plot[0].points} bead dots, ${plot[0].anchors} anchors, ${plot[0].band ? 'a band' : 'no band'}; clicks on the dots of beads ${far} and 1 focus and scroll to their rows`);

  // --- 9. Summary --------------------------------------------------------------------------------
  const summary = await page.$$eval('section#summary', (s) => s.map((e) => e.textContent));
  equal(summary.length, 1, 'one section#summary');
  const nSrc = srcText.size, nTgt = tgtText.size;
  check(summary[0].includes(String(nSrc)) && summary[0].includes(String(nTgt)),
        `section#summary names the sentence counts ${nSrc} and ${nTgt}`, summary[0].slice(0, 300));
  step('section#summary shows the sentence counts');

  await page.waitForTimeout(200);
  check(problems.length === 0, 'no console errors, page errors or network requests', problems.join('; '));
  step('no console errors, page errors or network requests');
  await context.close();

  // --- 10. Issue 15, points 5-7, on a fresh page at 1366x768 -------------------------------------
  // A new context: empty localStorage, the laptop screen the issue names.
  const ctx2 = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
  const p2 = await ctx2.newPage();
  p2.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  p2.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  const open2 = async () => {
    await p2.goto(reportUrl);
    await p2.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 10000 });
  };
  await open2();
  const rowSel = (k) => `table#beads tbody tr.bead[data-index="${k}"]`;
  // Only rows on screen are in the DOM: jump to a bead (as a click on its dot does) to draw it.
  const jump2 = async (k) => {
    await p2.evaluate((i) => window.talignReview.jumpTo(i), k);
    await p2.waitForSelector(rowSel(k), { state: 'attached', timeout: 5000 });
  };
  const rowState = (k) => p2.evaluate((sel) => {
    const tr = document.querySelector(sel);
    if (!tr) return null;
    return { classes: [...tr.classList], score: tr.querySelector('td.score').textContent.trim(),
             scoreWeight: getComputedStyle(tr.querySelector('td.score')).fontWeight,
             src: [...tr.querySelectorAll('td.src span.sent')].map((s) => s.textContent),
             srcEdited: [...tr.querySelectorAll('td.src span.sent')].map((s) => s.classList.contains('text-edited')),
             editing: tr.querySelectorAll('textarea.sent-edit').length };
  }, rowSel(k));
  const focusedRows = () => p2.$$eval('table#beads tbody tr.bead.focused', (rs) => rs.map((r) => Number(r.dataset.index)));
  const download2 = async (button, ext) => {
    const [dl] = await Promise.all([p2.waitForEvent('download', { timeout: 10000 }), p2.click(button)]);
    const file = path.join(args.workdir, `${label}.${++downloads}${ext}`);
    await dl.saveAs(file);
    return file;
  };
  // The units of a downloaded TMX: source seg, target seg and the <prop>s by type.
  const units2 = (file) => p2.evaluate(([xml, srcLang]) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    return [...doc.querySelectorAll('body > tu')].map((tu) => {
      const seg = (lang) => [...tu.querySelectorAll('tuv')].filter((t) => (t.getAttribute('xml:lang') === lang) === (lang === srcLang))
        .map((t) => t.querySelector('seg').textContent)[0] ?? null;
      return { src: seg(srcLang), props: Object.fromEntries([...tu.querySelectorAll('prop')].map((p) => [p.getAttribute('type'), p.textContent])) };
    });
  }, [fs.readFileSync(file, 'utf8'), args['src-lang']]);

  // Point 6: more than four pairs wholly on the first screen at 1366x768.
  const onScreen = await p2.$$eval('table#beads tbody tr.bead', (rs) => rs.filter((r) => {
    const b = r.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= window.innerHeight;
  }).length);
  check(onScreen > 4, 'more than four bead rows wholly on the first screen at 1366x768', `${onScreen}`);
  step(`1366x768: ${onScreen} rows wholly on the first screen`);

  // Point 7: unmatched beads say "unmatched", never a score, and not in bold.
  const unmatchedK = initialModel.findIndex((b) => !b.src.length || !b.tgt.length);
  if (unmatchedK >= 0) {
    await jump2(unmatchedK);
    const st = await rowState(unmatchedK);
    equal(st.score, 'unmatched', `td.score of unmatched bead ${unmatchedK}`);
    check(!/\d/.test(st.score) && Number(st.scoreWeight) < 600, `unmatched bead ${unmatchedK}: no number, not bold`,
          `${st.score} weight ${st.scoreWeight}`);
    step(`unmatched bead ${unmatchedK} shows "unmatched", no score, weight ${st.scoreWeight}`);
  }
  await p2.evaluate(() => window.scrollTo(0, 0));

  // Point 6: keyboard. A click on a row's text focuses it; j/k and the arrows move the focus.
  const firstPair = initialModel.findIndex((b, i) => pair(b) && i + 1 < n && pair(initialModel[i + 1]));
  await p2.click(`${rowSel(0)} td.num`);
  equal(await focusedRows(), [0], 'a click on row 0 focuses it');
  await p2.keyboard.press('j');
  await p2.keyboard.press('j');
  equal(await focusedRows(), [2], 'j j moves the focus to row 2');
  await p2.keyboard.press('k');
  equal(await focusedRows(), [1], 'k moves it back to row 1');
  await p2.keyboard.press('ArrowDown');
  equal(await focusedRows(), [2], 'ArrowDown moves it to row 2');
  await p2.keyboard.press('ArrowUp');
  equal(await focusedRows(), [1], 'ArrowUp moves it to row 1');
  // Move to the first bead that is a pair followed by a pair, then m merges it with the next.
  for (let i = 1; i < firstPair; i++) await p2.keyboard.press('j');
  for (let i = 1; i > firstPair; i--) await p2.keyboard.press('k');
  equal(await focusedRows(), [firstPair], `focus on bead ${firstPair}`);
  const rowCount = () => p2.evaluate(() => window.talignReview.beadCount());
  await p2.keyboard.press('m');
  equal(await rowCount(), n - 1, 'm merges the focused bead with the next');
  equal((await rowState(firstPair)).src.length, initialModel[firstPair].src.length + initialModel[firstPair + 1].src.length,
        'm: the merged row holds both beads\' source sentences');
  await p2.keyboard.press('s');
  equal(await rowCount(), n, 's splits it again');
  await p2.keyboard.press('d');
  check((await rowState(firstPair)).classes.includes('dropped'), 'd marks the focused row dropped');
  await p2.keyboard.press('d');
  check(!(await rowState(firstPair)).classes.includes('dropped'), 'd again puts it back');
  await p2.keyboard.press('e');
  check((await rowState(firstPair)).editing > 0, 'e opens textarea.sent-edit in the focused row');
  await p2.keyboard.press('Escape');
  equal((await rowState(firstPair)).editing, 0, 'Escape closes it without a change');
  step(`keys: j j k ArrowDown ArrowUp move the focus; m merges, s splits, d drops and keeps, e edits, Escape cancels (bead ${firstPair})`);

  // Point 6: edit a sentence's text (typo in the source file), drop a pair, mark one checked.
  const editK = firstPair;
  const oldText = (await rowState(editK)).src[0];
  const newText = `${oldText} [corrected]`;
  await p2.click(`${rowSel(editK)} td.actions button.edit`);
  const area = p2.locator(`${rowSel(editK)} textarea.sent-edit[data-side="src"]`).first();
  await area.fill(newText);
  await area.press('Enter');
  const afterEdit = await rowState(editK);
  equal(afterEdit.src[0], newText, 'the edited sentence shows the new text');
  check(afterEdit.srcEdited[0] && afterEdit.classes.includes('edited'), 'span.sent.text-edited in a row with class edited');
  const dropK = initialModel.findIndex((b, i) => i > editK + 1 && pair(b));
  await jump2(dropK);
  await p2.click(`${rowSel(dropK)} td.actions button.drop`);
  check((await rowState(dropK)).classes.includes('dropped'), `button.drop marks row ${dropK} dropped`);
  const checkK = initialModel.findIndex((b, i) => i > dropK && pair(b));
  await jump2(checkK);
  await p2.click(`${rowSel(checkK)} td.actions button.check`);
  check((await rowState(checkK)).classes.includes('checked'), `button.check marks row ${checkK} checked`);
  const srcOf = (k) => initialModel[k].src.map((i) => srcText.get(i)).join(srcJoin);
  const edited2 = await units2(await download2('#download-tmx', '.tmx'));
  equal(edited2.length, refUnits.length - 1, 'TMX after edit, drop, check: one <tu> fewer (the dropped pair)');
  check(!edited2.some((u) => u.src === srcOf(dropK)), 'the dropped pair is not in the TMX');
  check(edited2.some((u) => u.src !== null && u.src.startsWith(newText)), 'the TMX has the edited text', newText);
  check(!edited2.some((u) => u.src === srcOf(editK)), 'the TMX lacks the text before the edit');
  const checkedUnit = edited2.find((u) => u.src === srcOf(checkK));
  check(checkedUnit && checkedUnit.props['x-talign-checked'] === 'yes',
        'the checked pair\'s <tu> has <prop type="x-talign-checked">yes', JSON.stringify(checkedUnit));
  await p2.evaluate(() => window.scrollTo(0, 0));
  await p2.check('input#unchecked');
  const shownIdx = new Set((await readRowsOf(p2)).map((r) => Number(r.index)));
  check(!shownIdx.has(checkK) && shownIdx.has(editK), 'input#unchecked hides the checked row only');
  await p2.uncheck('input#unchecked');
  step(`edit (bead ${editK}), drop (bead ${dropK}), check (bead ${checkK}): the TMX has the new text, not the dropped pair, x-talign-checked on the checked one`);

  // Point 5: beforeunload warns while corrections are not downloaded.
  const unloadBlocked = () => p2.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });
  check(!(await unloadBlocked()), 'no beforeunload warning right after a download');
  await p2.click(`${rowSel(checkK)} td.actions button.check`);  // uncheck: a new correction
  check(await unloadBlocked(), 'beforeunload warns about a correction not downloaded');
  // Point 5: a reload restores the corrections, says how many, and Discard drops them.
  await p2.click(`${rowSel(checkK)} td.actions button.check`);  // checked again
  const stored = await p2.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('talign-review:')));
  equal(stored.length, 1, 'one localStorage entry for the page');
  // Keys m, s, d, d; then edit, drop, check, uncheck, check: every operation is kept, in order.
  const correctionsMade = 9;
  await p2.reload();
  await p2.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 10000 });
  const notice = await p2.$eval('#restored', (e) => ({ hidden: e.hidden, text: e.textContent }));
  check(!notice.hidden && notice.text.includes(`${correctionsMade} corrections restored`),
        `#restored shows "${correctionsMade} corrections restored"`, JSON.stringify(notice));
  equal((await rowState(editK)).src[0], newText, 'after the reload the edited text is back');
  await jump2(dropK);
  check((await rowState(dropK)).classes.includes('dropped'), 'after the reload the dropped row is dropped');
  await jump2(checkK);
  check((await rowState(checkK)).classes.includes('checked'), 'after the reload the checked row is checked');
  check(await unloadBlocked(), 'restored corrections not downloaded since: beforeunload warns');
  await p2.click('button#discard');
  check(await p2.$eval('#restored', (e) => e.hidden), 'Discard hides #restored');
  await p2.evaluate(() => window.scrollTo(0, 0));
  equal((await rowState(editK)).src[0], oldText, 'Discard restores the original text');
  checkRows(await readRowsOf(p2), initialModel, 'after Discard');
  equal(await p2.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('talign-review:')).length), 0,
        'Discard clears the localStorage entry');
  check(!(await unloadBlocked()), 'after Discard: no beforeunload warning');
  await p2.reload();
  await p2.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 10000 });
  check(await p2.$eval('#restored', (e) => e.hidden), 'a reload after Discard restores nothing');
  step(`localStorage: ${correctionsMade} corrections restored after a reload with notice; beforeunload warns until downloaded; Discard drops them`);
  await ctx2.close();
  check(problems.length === 0, 'no console errors or page errors on the second page', problems.join('; '));
} catch (err) {
  exitCode = 1;
  console.log(`  FAIL ${err instanceof CheckFailed ? err.message : err.stack}`);
  if (problems.length) console.log(`  page problems: ${problems.join('; ')}`);
} finally {
  await browser.close();
}
console.log(`${label}: ${passed.length} steps passed${exitCode ? ', 1 failed' : ''}`);
process.exit(exitCode);

// --- talign report --tmx: the downloaded TMX keeps each unit's properties -----------------------
async function tmxReview() {
  const name = path.basename(args['tmx-review']);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                          headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const steps = [];
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(pathToFileURL(path.resolve(args['tmx-review'])).href);
    await page.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 10000 });
    let count = 0;
    const download = async () => {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }),
                                      page.click('#download-tmx')]);
      const file = path.join(args.workdir, `${name}.${++count}.tmx`);
      await dl.saveAs(file);
      return fs.readFileSync(file, 'utf8');
    };
    // Each <tu> as its attributes, its <prop>s and <note>s (in order) and its segs by language.
    const units = (xml) => page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return [...doc.querySelectorAll('body > tu')].map((tu) => ({
        attributes: Object.fromEntries([...tu.attributes].map((a) => [a.name, a.value])),
        props: [...tu.children].filter((c) => c.tagName === 'prop').map((p) => [p.getAttribute('type'), p.textContent]),
        notes: [...tu.children].filter((c) => c.tagName === 'note').map((p) => p.textContent),
        segs: Object.fromEntries([...tu.querySelectorAll('tuv')].map((t) => [t.getAttribute('xml:lang'), t.querySelector('seg').textContent])),
      }));
    }, xml);
    const input = await units(fs.readFileSync(args['tmx-input'], 'utf8'));
    check(input.length >= 4, 'test set-up: the input TMX has four units or more');
    equal(await units(await download()), input, 'unedited download: every <tu> as in the input');
    steps.push(`unedited: ${input.length} units with their attributes, props and notes`);

    const row = (k) => `table#beads tbody tr.bead[data-index="${k}"]`;
    await page.click(`${row(0)} td.actions button.merge`);  // units 0 and 1 become one
    await page.click(`${row(1)} td.actions button.check`);  // input unit 2
    await page.click(`${row(2)} td.actions button.edit`);   // input unit 3
    const area = page.locator(`${row(2)} textarea.sent-edit`).first();
    await area.fill('Edited in the review.');
    await area.press('Enter');
    const out = await units(await download());
    equal(out.length, input.length - 1, 'after a merge: one unit fewer');
    const propsOf = (u) => u.props.filter(([t]) => !/^x-talign-/.test(t));
    equal(out[0].attributes, input[0].attributes, 'merged unit keeps the first unit\'s attributes');
    const union = [...input[0].props, ...input[1].props].filter((p, i, all) =>
      all.findIndex((q) => q[0] === p[0] && q[1] === p[1]) === i);
    equal(propsOf(out[0]), union.filter(([t]) => !/^x-talign-/.test(t)), 'merged unit keeps the props of both units');
    equal(out[0].notes, [...input[0].notes, ...input[1].notes].filter((n, i, all) => all.indexOf(n) === i),
          'merged unit keeps the notes of both units');
    check(out[0].props.some(([t, v]) => t === 'x-talign-corrected' && v === 'yes'), 'merged unit is marked corrected');
    equal(out[1].attributes, input[2].attributes, 'checked unit keeps its attributes');
    equal(propsOf(out[1]), propsOf(input[2]), 'checked unit keeps its props');
    equal(out[1].notes, input[2].notes, 'checked unit keeps its notes');
    check(out[1].props.some(([t, v]) => t === 'x-talign-checked' && v === 'yes'), 'checked unit has x-talign-checked');
    equal(out[2].attributes, input[3].attributes, 'edited unit keeps its attributes');
    equal(propsOf(out[2]), propsOf(input[3]), 'edited unit keeps its props');
    equal(out[2].notes, input[3].notes, 'edited unit keeps its notes');
    check(Object.values(out[2].segs).includes('Edited in the review.'), 'edited unit has the new text', JSON.stringify(out[2].segs));
    equal(out.slice(3), input.slice(4), 'units after the edits: as in the input');
    steps.push('merged, checked and edited units keep attributes, props and notes');
    check(errors.length === 0, 'no page errors', errors.join('; '));
    for (const s of steps) console.log(`  ok  ${s}`);
    console.log(`${name}: ${steps.length} steps passed`);
    return 0;
  } catch (err) {
    for (const s of steps) console.log(`  ok  ${s}`);
    console.log(`  FAIL ${err instanceof CheckFailed ? err.message : err.stack}`);
    return 1;
  } finally {
    await browser.close();
  }
}
