// The printable part summaries in a real browser: reachable from the reference index, and each one
// prints on exactly one A4 page without the site's header and navigation.
// Run with `npm run build && npm run test:e2e summaries`. Screenshots and PDFs go to test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'test-results', 'pdf');

/** Pages in a PDF: page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
function pdfPageCount(buffer) {
  return (buffer.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

async function printToPdf(page, name) {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.pdf`), pdf);
  return pdf;
}

/** True when the element is not rendered (display: none on it or an ancestor, or zero size). */
async function isHidden(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const box = el.getBoundingClientRect();
    return el.getClientRects().length === 0 || (box.width === 0 && box.height === 0) || getComputedStyle(el).visibility === 'hidden';
  });
}

export const tests = [
  {
    name: 'the reference index links to the summaries, and the index lists every part',
    async run({ page, goto, screenshot }) {
      await goto('/reference/');
      await page.getByRole('link', { name: /Part summaries/ }).click();
      await page.waitForURL('**/summaries/');
      assert.equal(await page.locator('h1').textContent(), 'Part summaries');
      const links = page.locator('.summaries-list a');
      assert.equal(await links.count(), 5, 'one link per part of content/parts.yaml');
      assert.equal(await links.nth(0).getAttribute('href'), '/summaries/1/');
      await screenshot('summaries-index');
    },
  },
  {
    name: 'part 1 on screen: lessons with objectives and key points, key terms, exercises, and the site around it',
    async run({ page, goto, screenshot }) {
      await goto('/summaries/1/');
      assert.equal(await page.locator('h1').textContent(), 'What state means');
      assert.ok(await page.locator('.ps-points li').count() >= 3, 'at least three key points');
      assert.ok(await page.locator('.ps-objectives li').count() >= 1, 'the objectives');
      assert.ok(await page.locator('.ps-terms dt').count() >= 3, 'key terms');
      assert.equal(await page.locator('.ps-exercises li[data-exercise-id="classify-services"]').count(), 1);
      assert.equal(await page.locator('.ps-lesson h2 a').first().getAttribute('href'), '/lessons/cattle-vs-pets/');
      // Bold Markdown in a lesson's summary is rendered, not printed as asterisks.
      assert.ok(await page.locator('.ps-points strong').count() > 0);
      assert.doesNotMatch((await page.locator('.ps-points').first().textContent()) ?? '', /\*\*/);
      assert.equal(await isHidden(page, '.site-header'), false, 'the header shows on screen');
      assert.equal(await isHidden(page, '#course-nav'), false, 'the sidebar shows on screen');
      assert.equal(await page.getByRole('button', { name: 'Print this page' }).isVisible(), true);
      await screenshot('summary-1-screen', { fullPage: true });
    },
  },
  {
    name: 'part 1 in print: header, sidebar, search and footer hidden, and the PDF has exactly 1 A4 page',
    async run({ page, goto, screenshot }) {
      await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      await goto('/summaries/1/');
      const pdf = await printToPdf(page, 'summary-1');
      for (const selector of ['.site-header', '#course-nav', '.site-footer', '.search-button', '.ps-print', '.ps-pager']) {
        assert.equal(await isHidden(page, selector), true, `${selector} is hidden in print`);
      }
      assert.equal(await isHidden(page, '.ps-lessons'), false, 'the summary itself prints');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, 'rgb(255, 255, 255)', 'prints on white');
      assert.equal(pdfPageCount(pdf), 1, 'the summary of part 1 fits one A4 page');
      await screenshot('summary-1-print', { fullPage: true });
    },
  },
  {
    name: 'every part prints on one A4 page, also from the dark theme',
    timeout: 120_000,
    async run({ page, goto, screenshot }) {
      await page.setViewportSize({ width: 794, height: 1123 });
      await goto('/summaries/');
      const hrefs = await page.locator('.summaries-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.equal(hrefs.length, 5);
      await page.evaluate(() => localStorage.setItem('theme', 'dark'));
      for (const href of hrefs) {
        await page.emulateMedia({ media: 'screen' });
        await goto(href);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
        const part = href.split('/')[2];
        const pdf = await printToPdf(page, `summary-${part}`);
        const color = await page.evaluate(() => getComputedStyle(document.querySelector('.ps-points li')).color);
        assert.equal(color, 'rgb(0, 0, 0)', `part ${part} prints black text in the dark theme`);
        assert.equal(pdfPageCount(pdf), 1, `the summary of part ${part} fits one A4 page`);
        await screenshot(`summary-${part}-print`, { fullPage: true });
      }
    },
  },
];
