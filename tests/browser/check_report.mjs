// Opens an sgaudit HTML report in Debian's Chromium as a reader would: it must load with no
// console errors and no network requests (the report is self-contained), and print to PDF on
// A4, each review sheet on a page of its own and one team's sheets alone when chosen. Keeps the
// PDFs and a screenshot for a person to look at.
//   node check_report.mjs REPORT.html OUTDIR
import { launchChromium, pageCount } from './chromium.mjs';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error('usage: node check_report.mjs REPORT.html OUTDIR');
  process.exit(2);
}

// The plugins' per-subject sheets (the IRO's review sheets): each prints on a page of its own and
// is never split, so N sheets printed alone make exactly N pages (one split across two would make
// more, two sharing a page fewer); every review sheet's timeline carries its legend; and a group's "Print only"
// link (the group becomes the page's target) makes only that group's sheets print.
async function checkSheets(page, outDir, problems) {
  const sheets = await page.$$eval('article.subject', (as) => as.map((a) => {
    const cs = getComputedStyle(a);
    // Only the under-4 review's sheets have a timeline (other audits' pages, an agency's, have none).
    const review = a.id.startsWith('subject.cp-under4.');
    return { breakBefore: cs.breakBefore, breakInside: cs.breakInside, legend: !review || (!!a.querySelector('svg.timeline')
      && ['Audit date', 'Visit, child not seen', 'Initial conference (ICPC)', 'Review conference', 'Core group']
        .every((w) => a.querySelector('svg.timeline').textContent.includes(w))) };
  }));
  if (sheets.length === 0) problems.push('the report has no sheets (article.subject) to check');
  const unbroken = sheets.filter((s) => s.breakBefore !== 'page' || s.breakInside !== 'avoid').length;
  if (unbroken) problems.push(`${unbroken} sheet(s) do not start a new page or may split (break-before/break-inside)`);
  const noLegend = sheets.filter((s) => !s.legend).length;
  if (noLegend) problems.push(`${noLegend} sheet(s) have no timeline with its legend`);

  // Everything but the sheets hidden, groups of other sections too (the stocktake's tables by theme).
  const only = await page.addStyleTag({ content: '@media print { .masthead, main > :not(.plugin-sections), .plugin-sections > h2, '
    + '.plugin-sections article:not(.subject), .section-group:not(:has(article.subject)) { display: none !important; } }' });
  const alone = pageCount(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  if (alone !== sheets.length) problems.push(`${sheets.length} sheets printed alone make ${alone} pages, not one page each`);
  await only.evaluate((el) => el.remove());

  // The group with the most sheets, chosen as its link chooses it.
  const groups = await page.$$eval('.section-group[id]', (gs) => gs.map((g) => ({ id: g.id, sheets: g.querySelectorAll('article.subject').length })));
  if (groups.length < 2) { problems.push(`only ${groups.length} group(s) of sheets`); return; }
  const group = groups.reduce((a, b) => (b.sheets > a.sheets ? b : a));
  const link = await page.$$eval(`a[href="#${group.id}"]`, (as) => as.length);
  if (link !== 1) problems.push(`group ${group.id} has ${link} "Print only" links, not 1`);
  await page.evaluate((id) => { location.hash = id; }, group.id);
  const shown = await page.evaluate(() => ({
    target: document.querySelector(':target')?.id,
    masthead: getComputedStyle(document.querySelector('.masthead')).display,
    others: [...document.querySelectorAll('.section-group')].filter((g) => !g.matches(':target') && getComputedStyle(g).display !== 'none').length,
  }));
  if (shown.target !== group.id) problems.push(`following the link did not choose ${group.id}`);
  if (shown.masthead !== 'none' || shown.others !== 0) problems.push(`with ${group.id} chosen, other parts of the report still print`);
  const teamPdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(outDir, 'one-group.pdf'), teamPdf, { mode: 0o600 });
  const teamPages = pageCount(teamPdf);
  if (teamPages !== group.sheets) problems.push(`${group.id}: ${group.sheets} sheets printed on ${teamPages} pages`);
  // "Print everything" chooses no group: the whole report prints again.
  await page.evaluate((id) => { location.hash = 'all.' + id; }, group.id);
  const all = await page.evaluate(() => getComputedStyle(document.querySelector('.masthead')).display);
  if (all === 'none') problems.push('after "Print everything" the report does not print whole');
  console.log(`sheets: ${sheets.length} printed alone on ${alone} pages; ${group.id} alone: ${group.sheets} sheets on ${teamPages} pages`);
}

const browser = await launchChromium();
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
  const pages = pageCount(pdf);
  // An A4 page is 595 x 842 points.
  const a4 = /\/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]\.?\d*\s*\]/.test(pdf.toString('latin1'));
  if (!a4) problems.push('the PDF is not A4');
  console.log(`report printed: ${pages} A4 pages, ${pdf.length} bytes; screenshot ${join(outDir, 'report.png')}`);
  await checkSheets(page, outDir, problems);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
