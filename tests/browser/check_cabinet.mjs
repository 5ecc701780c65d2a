// The stocktake's cabinet summaries, as the Head of Safeguarding prints them: each chosen by its
// "Print only" link prints on exactly one A4 page, with its progress chart (so the longest form
// of the page is the one checked) and nothing else of the report.
//   node check_cabinet.mjs REPORT.html OUTDIR
import { launchChromium, pageCount } from './chromium.mjs';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node check_cabinet.mjs REPORT.html OUTDIR');
  process.exit(2);
}

const browser = await launchChromium();
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto('file://' + resolve(report), { waitUntil: 'load' });
  const groups = await page.$$eval('.section-group[id$=".cabinet"]', (gs) => gs.map((g) => ({
    id: g.id, chart: !!g.querySelector('svg.stocktake-progress'), text: g.textContent })));
  if (groups.length === 0) problems.push('the report has no cabinet summary');
  await page.emulateMedia({ media: 'print' });
  for (const g of groups) {
    if (!g.chart) problems.push(`${g.id} has no progress chart: the test needs earlier runs in the history`);
    if (!g.text.includes('Share compliant')) problems.push(`${g.id} does not give the share compliant`);
    await page.evaluate((id) => { location.hash = id; }, g.id);
    const masthead = await page.evaluate(() => getComputedStyle(document.querySelector('.masthead')).display);
    if (masthead !== 'none') problems.push(`with ${g.id} chosen, the rest of the report still prints`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(outDir, `${g.id.replace(/[^A-Za-z0-9.-]/g, '_')}.pdf`);
    writeFileSync(file, pdf, { mode: 0o600 });
    const pages = pageCount(pdf);
    if (pages !== 1) problems.push(`${g.id} prints on ${pages} pages, not one`);
    console.log(`${g.id}: ${pages} page(s), ${file}`);
  }
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
