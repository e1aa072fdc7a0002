// The course shell in a real browser: navigation, search, theme, phone layout, keyboard, 404.
// Run with `npm run build && npm run test:e2e site`. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';

const LESSON = '/lessons/cattle-vs-pets/';

export const tests = [
  {
    name: 'landing page: Start leads to lesson 1, and the sidebar links to it as the current page',
    async run({ page, goto, screenshot }) {
      await goto('/');
      assert.equal(await page.locator('h1').count(), 1, 'one h1 on the landing page');
      for (const landmark of ['header', 'main', 'footer']) {
        assert.equal(await page.locator(landmark).count(), 1, `one <${landmark}> landmark`);
      }
      await screenshot('landing-desktop-light', { fullPage: true });
      await page.getByRole('link', { name: /Start the course/ }).click();
      await page.waitForURL(`**${LESSON}`);
      assert.equal(await page.locator('h1').textContent(), 'Cattle vs pets');

      // Back to the landing page, then into the lesson through the sidebar of a second page.
      await goto('/reference/');
      const link = page.locator('nav#course-nav a', { hasText: 'Cattle vs pets' });
      await link.click();
      await page.waitForURL(`**${LESSON}`);
      const current = page.locator('nav#course-nav [aria-current="page"]');
      assert.equal(await current.count(), 1, 'exactly one current item in the sidebar');
      assert.equal((await current.textContent())?.trim().startsWith('Cattle vs pets'), true);
      const item = page.locator('nav#course-nav li[data-lesson-id="01-cattle-vs-pets"]');
      assert.equal(await item.count(), 1, 'sidebar items carry data-lesson-id for progress marks');
    },
  },
  {
    name: 'lesson page: landmarks, one h1, objectives, table of contents and a no-JS self-check',
    async run({ page, goto, screenshot }) {
      await goto(LESSON);
      await screenshot('lesson-desktop-light');
      assert.equal(await page.locator('h1').count(), 1);
      for (const landmark of ['header', 'main', 'footer', 'nav#course-nav', 'aside.toc']) {
        assert.equal(await page.locator(landmark).count(), 1, `landmark ${landmark}`);
      }
      assert.match(await page.locator('.lesson-meta').textContent(), /About 25 minutes/);
      assert.ok((await page.locator('.objectives li').count()) >= 1, 'objectives are listed');
      const tocLinks = await page.locator('aside.toc a').allTextContents();
      assert.ok(tocLinks.includes('Eight ways to tell them apart'), `TOC lists the h2s: ${tocLinks.join(' | ')}`);
      // Self-check answers are hidden in <details> until opened.
      const first = page.locator('.self-check details').first();
      assert.equal(await first.locator('.self-check-answer').isVisible(), false);
      await first.locator('summary').click();
      assert.equal(await first.locator('.self-check-answer').isVisible(), true);
      await screenshot('self-check-open');
    },
  },
  {
    name: 'search: "/" opens the dialog, "StatefulSet" finds the StatefulSet lessons, arrows and Enter follow a result, Esc closes',
    async run({ page, goto, screenshot }) {
      await goto('/');
      await page.keyboard.press('/');
      const dialog = page.locator('#search-dialog');
      await dialog.waitFor({ state: 'visible' });
      await page.keyboard.type('StatefulSet');
      await page.locator('#search-results[data-query="StatefulSet"]').waitFor({ state: 'attached', timeout: 10_000 });
      const firstResult = page.locator('#search-results [role="option"]').first();
      await firstResult.waitFor({ state: 'visible', timeout: 10_000 });
      const titles = await page.locator('#search-results .result-title').allTextContents();
      // Several lessons teach StatefulSets; the ones about them must be found, whatever Pagefind's ranking.
      assert.ok(titles.some((t) => /^(Stable identity|Stable storage|Ordering|Rolling updates|Cattle vs pets)/.test(t)), `a StatefulSet lesson is among the results: ${titles.join(' | ')}`);
      assert.ok((await page.locator('#search-results mark').count()) > 0, 'the excerpt highlights the match');
      assert.equal(await firstResult.getAttribute('aria-selected'), 'true');
      await screenshot('search-open');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      await page.keyboard.press('Control+k');
      await dialog.waitFor({ state: 'visible' });
      await page.locator('#search-input').fill('pets');
      await page.locator('#search-results[data-query="pets"]').waitFor({ state: 'attached', timeout: 10_000 });
      // Arrow down to the lesson's result (wrapping past the end proves the arrows cycle), then Enter.
      const count = await page.locator('#search-results [role="option"]').count();
      const target = (await page.locator('#search-results .result-title').allTextContents()).findIndex((t) => t.startsWith('Cattle vs pets'));
      for (let i = 0; i < count + target; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#search-results [role="option"]').nth(target).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**${LESSON}**`);
    },
  },
  {
    name: 'theme: the toggle switches to dark and the choice survives a reload',
    async run({ page, goto, screenshot }) {
      await page.emulateMedia({ colorScheme: 'light' });
      await goto(LESSON);
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      assert.equal(await theme(), 'light');
      await page.locator('[data-theme-toggle]').click();
      assert.equal(await theme(), 'dark');
      assert.equal(await page.locator('[data-theme-toggle]').getAttribute('aria-label'), 'Switch to light theme');
      await page.reload();
      assert.equal(await theme(), 'dark', 'dark theme persists across reload');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, 'rgb(15, 20, 25)', 'the dark background is painted');
      await screenshot('lesson-desktop-dark');
    },
  },
  {
    name: 'theme: with no stored choice the system preference decides',
    async run({ page, goto }) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await goto('/');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    },
  },
  {
    name: 'phone (390 px): the menu button opens the navigation with the lesson, Playground and Progress links, Esc closes it',
    async run({ page, goto, screenshot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      await goto(LESSON);
      const nav = page.locator('nav#course-nav');
      assert.equal(await nav.isVisible(), false, 'the sidebar is folded away on a phone');
      const noOverflow = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(noOverflow, 'the page does not scroll sideways at 390 px');
      await screenshot('lesson-phone');
      const button = page.locator('[data-menu-button]');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      const link = nav.locator('a', { hasText: 'Cattle vs pets' });
      assert.equal(await link.isVisible(), true, 'lesson links are visible in the open menu');
      // The header hides its Playground and Progress links at this width; the menu carries them.
      for (const name of ['Playground', 'Progress']) {
        assert.equal(await nav.locator('a', { hasText: name }).isVisible(), true, `${name} is reachable from the phone menu`);
      }
      await screenshot('lesson-phone-menu');
      await page.keyboard.press('Escape');
      assert.equal(await nav.isVisible(), false);
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
    },
  },
  {
    name: 'keyboard: Tab reaches the skip link first, and it moves focus to the main content',
    async run({ page, goto }) {
      await goto(LESSON);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        href: document.activeElement?.getAttribute('href'),
      }));
      assert.deepEqual(focused, { text: 'Skip to content', href: '#main-content' });
      const visible = await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0);
      assert.ok(visible, 'the focused skip link is on screen');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
    },
  },
  {
    name: 'an unknown URL gets the 404 page with a way back',
    allowConsoleErrors: true, // the browser logs the 404 response itself
    async run({ page, goto }) {
      const response = await goto('/no-such-lesson/');
      assert.equal(response?.status(), 404);
      assert.equal(await page.locator('h1').textContent(), 'Page not found');
      assert.equal(await page.locator('main a[href="/#outline"]').count(), 1);
    },
  },
  {
    name: 'no console errors on the landing, lesson and reference pages',
    async run({ page, goto, consoleErrors }) {
      for (const path of ['/', LESSON, '/reference/']) {
        await goto(path);
        await page.waitForLoadState('networkidle');
      }
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'without JavaScript: self-check answers still open, and the phone layout shows the navigation in the page',
    contextOptions: { javaScriptEnabled: false, viewport: { width: 390, height: 844 } },
    async run({ page, goto }) {
      await goto(LESSON);
      const details = page.locator('.self-check details').first();
      await details.locator('summary').click();
      assert.equal(await details.locator('.self-check-answer').isVisible(), true);
      assert.equal(await page.locator('[data-menu-button]').isVisible(), false, 'no dead menu button');
      const link = page.locator('nav#course-nav a', { hasText: 'Cattle vs pets' });
      await link.scrollIntoViewIfNeeded();
      assert.equal(await link.isVisible(), true);
    },
  },
  {
    name: 'reference pages are listed and rendered with the course navigation',
    async run({ page, goto }) {
      await goto('/reference/');
      const links = page.locator('main a[href^="/reference/"]');
      assert.ok((await links.count()) >= 1, 'the reference index lists its pages');
      await links.first().click();
      await page.waitForURL('**/reference/*/');
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal(await page.locator('nav#course-nav [aria-current="page"]').count(), 1);
    },
  },
  {
    name: 'the sidebar shows the current lesson even when it is far down the list',
    async run({ page, goto, screenshot }) {
      await goto('/lessons/cloud-native-state/');
      const inside = await page.evaluate(() => {
        const nav = document.getElementById('course-nav');
        const current = nav.querySelector('[aria-current="page"]');
        const box = nav.getBoundingClientRect();
        const entry = current.getBoundingClientRect();
        return { scrolls: nav.scrollHeight > nav.clientHeight, visible: entry.top >= box.top && entry.bottom <= box.bottom, pageY: window.scrollY };
      });
      assert.ok(inside.scrolls, 'at 1280x720 the course list is taller than the sidebar (otherwise this test checks nothing)');
      assert.ok(inside.visible, 'the current lesson is inside the visible part of the sidebar');
      assert.equal(inside.pageY, 0, 'only the sidebar scrolled, not the page');
      await screenshot('sidebar-current-lesson');
    },
    contextOptions: { viewport: { width: 1280, height: 720 } },
  },
];
