// The <Demo> component in a real browser: the caption and a text description before JavaScript,
// no editor code, Play runs the demo in the worker and marks each claim shown, the simulator view
// plays. Run with `npm run build && npm run test:e2e demo`. Screenshots: test-results/screenshots/demo-*.png
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = resolve(root, process.env.SITE_DIST || 'dist');

/** The built lesson pages that embed a demo, those without an exercise first. */
function demoPages() {
  const dir = join(dist, 'lessons');
  if (!existsSync(dir)) return [];
  const pages = [];
  for (const slug of readdirSync(dir)) {
    const file = join(dir, slug, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    const id = /<section class="demo" data-demo-id="([^"]+)"/.exec(html)?.[1];
    if (id) pages.push({ path: `/lessons/${slug}/`, id, withExercise: html.includes('data-exercise-id=') });
  }
  return pages.sort((a, b) => Number(a.withExercise) - Number(b.withExercise) || a.path.localeCompare(b.path));
}

const pages = demoPages();
const first = pages[0];
const skip = first ? undefined : 'no built lesson embeds a <Demo> yet';
const SECTION = first ? `section.demo[data-demo-id="${first.id}"]` : '';

const shot = (locator, name) => locator.screenshot({ path: join(root, `test-results/screenshots/${name}.png`), style: '.site-header { visibility: hidden !important; }' });

async function play(page) {
  const section = page.locator(SECTION);
  await section.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${SECTION}[data-ready]`);
  const before = Number((await section.getAttribute('data-played')) ?? '0');
  await section.locator('[data-demo-play]').click();
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.played ?? '0') > n, [SECTION, before], { timeout: 20_000 });
  return section;
}

export const tests = [
  {
    name: 'before JavaScript a demo shows its caption, a text description and its claims; the Play button needs JavaScript',
    skip,
    contextOptions: { javaScriptEnabled: false },
    async run({ page, goto }) {
      await goto(first.path);
      const section = page.locator(SECTION);
      assert.ok((await section.locator('.demo-caption').textContent()).trim().length > 20, 'the caption is in the page');
      assert.match(await section.locator('[data-demo-description]').textContent(), /^It applies .+, then .+\.$/);
      assert.ok((await section.locator('[data-claim]').count()) >= 1);
      assert.equal(await section.locator('[data-demo-play]').isVisible(), false, 'no dead Play button without JavaScript');
      await shot(section, 'demo-no-js');
    },
  },
  {
    name: 'Play runs the demo in the worker: every claim shows as passed and the simulator view plays to the end, with no editor code',
    skip,
    timeout: 90_000,
    async run({ page, goto, consoleErrors }) {
      const requested = [];
      page.on('request', (r) => requested.push(r.url()));
      await goto(first.path);
      await page.waitForLoadState('networkidle');
      // What the page ships before Play: every script loaded so far, gzipped.
      const scripts = [...new Set(requested.filter((u) => /\.m?js(\?|$)/.test(u)))];
      let bytes = 0;
      for (const u of scripts) {
        const file = join(dist, new URL(u).pathname);
        if (existsSync(file)) bytes += gzipSync(readFileSync(file)).length;
      }
      console.log(`    demo page ${first.path}${first.withExercise ? ' (with an exercise)' : ''}: ${(bytes / 1024).toFixed(1)} KB gzipped JS before Play, ${scripts.length} files`);
      if (!first.withExercise) assert.ok(bytes <= 30 * 1024, `at most 30 KB gzipped JS before Play (${bytes} B)`);
      assert.deepEqual(requested.filter((u) => /grader\.worker/.test(u)), [], 'the worker starts on Play, not before');
      const section = await play(page);
      // On a page with an exercise the exercise may load the editor as it scrolls into view; the demo itself never does.
      if (!first.withExercise) assert.deepEqual(requested.filter((u) => /monaco|editor\.worker|yaml\.worker/.test(u)), [], 'a demo never loads the editor');
      const statuses = await section.locator('[data-claim]').evaluateAll((items) => items.map((i) => [i.dataset.claim, i.dataset.status, i.querySelector('[data-claim-status]').textContent]));
      assert.ok(statuses.length >= 1);
      for (const [id, status, text] of statuses) {
        assert.equal(status, 'passed', `claim ${id}: ${text}`);
        assert.equal(text, 'Shown');
      }
      const n = statuses.length;
      assert.equal(await section.locator('[data-demo-status]').textContent(), `${n} of ${n} claim${n === 1 ? '' : 's'} shown.`);
      assert.equal(await section.locator('[data-demo-live]').textContent(), `${n} of ${n} claim${n === 1 ? '' : 's'} shown.`);
      // The view plays from the first change to the last by itself.
      const view = section.locator('[data-demo-view]');
      assert.equal(await view.getAttribute('data-sim-playing'), 'true', 'it starts playing');
      await shot(section, 'demo-playing');
      await page.waitForFunction((sel) => document.querySelector(sel + ' [data-demo-view]')?.dataset.simPlaying === 'false', SECTION, { timeout: 60_000 });
      const caption = await view.locator('.sim-slider span').textContent();
      const [, at, of] = /change (\d+) of (\d+)\)$/.exec(caption);
      assert.equal(at, of, caption);
      assert.ok(Number(of) > 1, 'a run with several changes');
      // Step and slider work like an exercise's view.
      await view.locator('[data-sim-slider]').focus();
      await page.keyboard.press('Home');
      assert.match(await view.locator('.sim-slider span').textContent(), /^Time 0\.0 s \(change 1 of \d+\)$/);
      await view.locator('[data-sim-control="forward"]').click();
      assert.match(await view.locator('.sim-slider span').textContent(), /\(change 2 of \d+\)$/);
      await page.keyboard.press('End');
      await shot(section, 'demo-played');
      // Play again replays without running the demo a second time.
      assert.equal(await section.locator('[data-demo-play]').textContent(), '▶ Play again');
      await play(page);
      assert.equal(requested.filter((u) => /grader\.worker/.test(u)).length, 1, 'one worker for the page');
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'phone (390 px): a played demo fits the width',
    skip,
    contextOptions: { viewport: { width: 390, height: 844 } },
    timeout: 90_000,
    async run({ page, goto }) {
      await goto(first.path);
      const section = await play(page);
      await page.waitForFunction((sel) => document.querySelector(sel + ' [data-demo-view]')?.dataset.simPlaying === 'false', SECTION, { timeout: 60_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
      await shot(section, 'demo-phone');
    },
  },
];
