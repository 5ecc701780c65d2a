import { chromium } from 'playwright-core';
const [report, id, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Math.round(186 / 25.4 * 96), height: 1400 } });
await page.goto('file://' + report);
await page.emulateMedia({ media: 'print' });
const el = await page.$(`[id="${id}"]`);
await el.screenshot({ path: out });
await browser.close();
