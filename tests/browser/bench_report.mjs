// Times talign's review page in headless chromium (issue 15, point 4), for scripts/bench-report:
// load (navigation start to the first rows drawn), edit (a merge clicked in the middle of the
// document), filter (a max-score typed), jump (a click on a dot of the path plot far away). Each
// interaction is timed in the page, from dispatching the event to the updated DOM laid out
// (handler + forced layout), as the issue asks; for edits also to the end of the next frame, which
// redraws the plot and summary. The median of several runs is printed as JSON.
//
// Usage: node bench_report.mjs PAGE.html [RUNS]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page_path, runsText] = process.argv.slice(2);
const runs = Number(runsText || 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                        headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const loads = [];
  let result = {};
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.resolve(page_path)).href, { timeout: 120000 });
    await page.waitForSelector('table#beads tbody tr.bead', { state: 'attached', timeout: 120000 });
    // The page draws its rows in its start-up script; two frames later they are on screen.
    loads.push(await page.evaluate(() => new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))));
    if (run > 0) { await context.close(); continue; }
    result = await page.evaluate(async (repeats) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const timed = (fire) => {
        const t0 = performance.now();
        fire();
        void document.body.offsetHeight;  // layout of the updated DOM
        return performance.now() - t0;
      };
      const review = window.talignReview;
      const n = review.beadCount();
      const out = { beads: n, edit: [], edit_frame: [], filter: [], jump: [] };
      for (let i = 0; i < repeats; i++) {
        // Edit: merge at a bead in the middle, from its row's button.
        const k = Math.floor(n / 2) + i * 3;
        review.jumpTo(k);
        await frame();
        const button = document.querySelector(`tr.bead[data-index="${k}"] button.merge`);
        if (!button) throw new Error(`no merge button on row ${k}`);
        const t0 = performance.now();
        out.edit.push(timed(() => button.click()));
        // The summary and the plot follow in the next frame: time to the end of that frame's
        // callbacks, laid out, too.
        out.edit_frame.push(await new Promise((resolve) => requestAnimationFrame(() => {
          void document.body.offsetHeight;
          resolve(performance.now() - t0);
        })));
        await frame();
        // Filter: type a score limit, then clear it.
        const input = document.getElementById('max-score');
        out.filter.push(timed(() => { input.value = i % 2 ? '' : '0.9'; input.dispatchEvent(new Event('input', { bubbles: true })); }));
        await frame();
        // Jump: a click on the plot's dot of a bead far from the current one.
        const target = (i % 2 ? Math.floor(n / 10) : n - 1 - Math.floor(n / 10)) + i;
        const at = review.dotOnScreen(target);
        const svg = document.getElementById('path-plot');
        out.jump.push(timed(() => svg.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: at.x, clientY: at.y }))));
        await frame();
      }
      const input = document.getElementById('max-score');
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      return out;
    }, runs);
    await context.close();
  }
  console.log(JSON.stringify({ beads: result.beads, load: median(loads), edit: median(result.edit),
                               edit_max: Math.max(...result.edit), edit_frame: median(result.edit_frame), filter: median(result.filter),
                               jump: median(result.jump) }));
} finally {
  await browser.close();
}
