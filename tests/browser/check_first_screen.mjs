// The first screen of an sgaudit HTML report, opened in Debian's Chromium on a laptop-sized
// window (1280 x 800): it must name, without scrolling, the children needing action today in
// their team and what is due first for each, under the headline counts. Keeps a screenshot.
//   node check_first_screen.mjs REPORT.html OUTDIR
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node check_first_screen.mjs REPORT.html OUTDIR');
  process.exit(2);
}
const height = 800;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height } });
  await page.goto('file://' + resolve(report), { waitUntil: 'load' });
  await page.screenshot({ path: join(outDir, 'first-screen.png') });
  const seen = async (selector, what) => {
    const box = await page.locator(selector).first().boundingBox();
    if (!box) problems.push(`${what} (${selector}) is not in the report`);
    else if (box.y + box.height > height) problems.push(`${what} is below the first screen (ends at ${Math.round(box.y + box.height)}px)`);
    return box;
  };
  await seen('#today h2', 'the "What needs doing today" heading');
  await seen('#today .tiles', 'the headline counts');
  await seen('#today table.teams tbody tr:first-child td:first-child', 'the first team');
  if (await seen('#today table.teams tbody tr:first-child td.children li', 'the first child needing action')) {
    const text = await page.locator('#today table.teams tbody tr:first-child td.children li').first().innerText();
    // "C006282: Allocated to a qualified social worker": a child's id, then what is due.
    if (!/^\S+: \S.{10,}/.test(text)) problems.push(`the first child's line does not say what is due: "${text}"`);
    // Its link leads to that child's row of the work list.
    const href = await page.locator('#today table.teams tbody tr:first-child td.children li a').first().getAttribute('href');
    if (!href || (await page.locator(`tr${href}`).count()) !== 1) problems.push(`the first child's link ${href} leads to no work list row`);
  }
  console.log(`first screen checked; screenshot ${join(outDir, 'first-screen.png')}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
