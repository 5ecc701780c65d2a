// Opens an sgaudit HTML report in Debian's Chromium as a reader would: it must load with no
// console errors and no network requests (the report is self-contained), and print to PDF on
// A4. Keeps the PDF and a screenshot for a person to look at.
//   node check_report.mjs REPORT.html OUTDIR
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node check_report.mjs REPORT.html OUTDIR');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const self = 'file://' + resolve(report);
  // The report itself is the only thing it may load: no network, no other files.
  page.on('request', (r) => {
    if (r.url() !== self && !r.url().startsWith('data:')) problems.push(`request for ${r.url()}`);
  });
  await page.goto(self, { waitUntil: 'load' });
  const title = await page.title();
  if (!title.startsWith('Safeguarding audit')) problems.push(`unexpected title: ${title}`);
  await page.screenshot({ path: join(outDir, 'report.png'), fullPage: false });
  await page.emulateMedia({ media: 'print' });
  // The page size comes from the report's own @page rule, so this checks the style sheet asks for A4.
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(outDir, 'report.pdf'), pdf, { mode: 0o600 });
  // Each page object in the PDF is one printed page.
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  // An A4 page is 595 x 842 points.
  const a4 = /\/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]\.?\d*\s*\]/.test(pdf.toString('latin1'));
  if (!a4) problems.push('the PDF is not A4');
  console.log(`report printed: ${pages} A4 pages, ${pdf.length} bytes; screenshot ${join(outDir, 'report.png')}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
