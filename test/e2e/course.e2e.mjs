// The whole course in a real browser, one test per lesson page: the page opens with no console
// errors and no failed requests; every exercise on it passes all its visible checks with the
// reference answer (a YAML exercise gets exercises/<lesson>/<id>/solution.yaml pasted into the
// editor, a quiz gets the options marked correct in its exercise.yaml); every <Demo> plays to its
// end with every claim shown; then the same page at phone width (390×844) does not scroll sideways.
// Run with `npm run build && npm run test:e2e course`.
// Screenshots: test-results/screenshots/course/<lesson>-desktop.png and <lesson>-phone.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = resolve(root, process.env.SITE_DIST || 'dist');
const SHOTS = join(root, 'test-results/screenshots/course');
const PHONE = { width: 390, height: 844 };

/** exercise id → its folder on disk (exercises/<lesson>/<id>/). */
function exerciseFolders() {
  const folders = new Map();
  const base = join(root, 'exercises');
  for (const lesson of readdirSync(base)) {
    if (!existsSync(join(base, lesson)) || lesson.startsWith('.')) continue;
    for (const id of readdirSync(join(base, lesson))) {
      if (existsSync(join(base, lesson, id, 'exercise.yaml'))) folders.set(id, join(base, lesson, id));
    }
  }
  return folders;
}

/** The built lesson pages, in course order (by the number of their exercises/ folder, then by name). */
function lessonPages() {
  const dir = join(dist, 'lessons');
  if (!existsSync(dir)) return [];
  const numbered = new Map(readdirSync(join(root, 'exercises')).map((f) => [f.replace(/^\d+-/, ''), Number(/^(\d+)-/.exec(f)?.[1] ?? 999)]));
  return readdirSync(dir)
    .filter((slug) => existsSync(join(dir, slug, 'index.html')))
    .sort((a, b) => (numbered.get(a) ?? 999) - (numbered.get(b) ?? 999) || a.localeCompare(b));
}

const folders = exerciseFolders();
let yamlLoad;
async function readExercise(id) {
  yamlLoad ??= (await import('js-yaml')).load;
  const folder = folders.get(id);
  assert.ok(folder, `exercise "${id}" is on the page but has no folder exercises/<lesson>/${id}/`);
  const definition = yamlLoad(readFileSync(join(folder, 'exercise.yaml'), 'utf8'));
  const solutionFile = join(folder, 'solution.yaml');
  return { definition, solution: existsSync(solutionFile) ? readFileSync(solutionFile, 'utf8') : undefined };
}

/** Records every failed request and every HTTP error response of a page. */
function watchRequests(page, sink) {
  page.on('requestfailed', (r) => {
    // A navigation away (or a closed page) aborts requests that are still running: not a broken asset.
    if (/ERR_ABORTED/.test(r.failure()?.errorText ?? '') && r.resourceType() !== 'document' && r.resourceType() !== 'script' && r.resourceType() !== 'stylesheet') return;
    sink.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) sink.push(`${r.request().method()} ${r.url()} answered HTTP ${r.status()}`);
  });
}

/** Waits for the exercise's next Check to finish. */
async function pressCheck(page, sel) {
  const before = Number((await page.getAttribute(sel, 'data-checks')) ?? '0');
  await page.locator(`${sel} [data-action="check"]`).click();
  await page.waitForFunction(([s, n]) => Number(document.querySelector(s)?.dataset.checks ?? '0') > n, [sel, before], { timeout: 30_000 });
}

/** Gives one exercise its reference answer, presses Check and asserts every visible check passed. */
async function solveExercise(page, id, kind) {
  const sel = `section.exercise[data-exercise-id="${id}"]`;
  const section = page.locator(sel);
  const { solution } = await readExercise(id);
  await section.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel}[data-ready]`, { timeout: 20_000 });
  if (kind === 'yaml') {
    assert.ok(solution !== undefined, `${id}: a YAML exercise needs a solution.yaml`);
    await page.waitForSelector(`${sel}[data-editor="monaco"] .monaco-editor`, { timeout: 30_000 });
    // Pasted the way a learner would (typed text would be re-indented by Monaco's auto-indent).
    await section.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.$eval(sel, (el, t) => el.exerciseWidget.editor.trigger('keyboard', 'paste', { text: t, pasteOnNewLine: false, multicursorText: null, mode: null }), solution);
    assert.equal(await page.$eval(sel, (el) => el.exerciseWidget.editor.getValue()), solution, `${id}: the editor holds the solution`);
  } else {
    // A quiz's solution.yaml maps each question id to the right option (single), options (multi) or order.
    assert.ok(solution !== undefined, `${id}: a quiz needs a solution.yaml with its answers`);
    const answers = yamlLoad(solution);
    const questions = await section.locator('[data-question]').evaluateAll((els) => els.map((e) => [e.dataset.question, e.dataset.type]));
    const asked = questions.map(([q]) => q);
    const unanswered = asked.filter((q) => !(q in answers));
    const notAsked = Object.keys(answers).filter((q) => !asked.includes(q));
    assert.ok(unanswered.length + notAsked.length === 0, `${id}: the page and solution.yaml disagree (rebuild the site if you changed the exercise): ${unanswered.length ? `no answer for ${unanswered.join(', ')}` : ''}${unanswered.length && notAsked.length ? '; ' : ''}${notAsked.length ? `solution.yaml answers ${notAsked.join(', ')}, which the page does not ask` : ''}`);
    for (const [q, type] of questions) {
      const field = section.locator(`[data-question="${q}"]`);
      const values = [answers[q]].flat().map(String);
      if (type === 'order') {
        const selects = field.locator('select');
        assert.equal(await selects.count(), values.length, `${id}/${q}: one choice per position`);
        for (let i = 0; i < values.length; i++) await selects.nth(i).selectOption(values[i]);
      } else {
        for (const input of await field.locator('input').all()) {
          const value = await input.getAttribute('value');
          if (type === 'multi') await input.setChecked(values.includes(value));
          else if (values.includes(value)) await input.check();
        }
      }
    }
  }
  await pressCheck(page, sel);
  return assertAllPassed(page, id);
}

/** Asserts that the exercise's last Check passed every visible check and counts as solved. */
async function assertAllPassed(page, id) {
  const section = page.locator(`section.exercise[data-exercise-id="${id}"]`);
  const error = await section.locator('[data-results] .exercise-error').count();
  assert.equal(error, 0, `${id}: Check showed an error: ${error ? await section.locator('[data-results] .exercise-error').first().textContent() : ''}`);
  const results = await section.locator('.check-result').evaluateAll((items) => items.map((i) => [i.dataset.checkId, i.dataset.status, i.textContent.trim().replace(/\s+/g, ' ')]));
  const visible = results.filter(([, status]) => status !== 'hidden');
  assert.ok(visible.length >= 1, `${id}: at least one visible check (got ${JSON.stringify(results)})`);
  for (const [check, status, text] of visible) assert.equal(status, 'passed', `${id}: check ${check} did not pass with the reference answer: ${text}`);
  const score = await section.locator('.exercise-score').textContent();
  const m = /^(\d+) of (\d+) checks? passed/.exec(score);
  assert.ok(m && m[1] === m[2], `${id}: score reads "${score}"`);
  assert.equal(await section.getAttribute('data-solved'), 'true', `${id}: counts as solved`);
  return visible.length;
}

/** Presses Play on one demo and waits until it has run in the worker (its view then plays by itself). */
async function startDemo(page, id) {
  const sel = `section.demo[data-demo-id="${id}"]`;
  const section = page.locator(sel);
  await section.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel}[data-ready]`, { timeout: 20_000 });
  const before = Number((await section.getAttribute('data-played')) ?? '0');
  await section.locator('[data-demo-play]').click();
  await page.waitForFunction(([s, n]) => Number(document.querySelector(s)?.dataset.played ?? '0') > n, [sel, before], { timeout: 30_000 });
}

/** Waits until the demo's view has played to its last change, and checks every claim was shown. */
async function finishDemo(page, id) {
  const sel = `section.demo[data-demo-id="${id}"]`;
  const section = page.locator(sel);
  const claims = await section.locator('[data-claim]').evaluateAll((items) => items.map((i) => [i.dataset.claim, i.dataset.status, i.querySelector('[data-claim-status]')?.textContent ?? '']));
  assert.ok(claims.length >= 1, `demo ${id}: at least one claim`);
  for (const [claim, status, text] of claims) assert.equal(status, 'passed', `demo ${id}: claim ${claim} not shown: ${text}`);
  // The view steps every 400 ms: a long run takes a while.
  await page.waitForFunction((s) => document.querySelector(s + ' [data-demo-view]')?.dataset.simPlaying === 'false', sel, { timeout: 150_000, polling: 250 });
  const caption = await section.locator('[data-demo-view] .sim-slider span').textContent();
  const match = /change (\d+) of (\d+)\)$/.exec(caption);
  assert.ok(match && match[1] === match[2], `demo ${id}: played to the last change (${caption})`);
}

/** The elements that stick out past the right edge (not those inside a box that scrolls or clips), for the failure message. */
function overflowReport(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0 || clipped(el)) continue;
      // Only the outermost element that sticks out.
      if (culprits.some((c) => c.el.contains(el))) continue;
      culprits.push({ el, right: r.right });
    }
    const describe = ({ el, right }) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const heading = el.closest('section, figure, table, pre')?.querySelector('h2, h3, figcaption, caption')?.textContent?.trim().slice(0, 60);
      return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(right)}px${heading ? `, in "${heading}"` : ''})`;
    };
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 6).map(describe) };
  });
}

async function scrollThrough(page) {
  await page.evaluate(async () => {
    const step = window.innerHeight * 0.8;
    for (let y = 0; y < document.scrollingElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 60));
    }
  });
}

/** Opens a page of its own that records console errors and failed requests. */
async function watchedPage(context, errors) {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // generous: the machine may be busy with other lessons' tabs
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  watchRequests(page, errors);
  return page;
}

/** Everything the course test does on one lesson; throws on the first problem, returns a summary line. */
async function checkLesson(context, baseUrl, slug) {
  const path = `/lessons/${slug}/`;
  const url = new URL(path, baseUrl).href;
  const t0 = performance.now();
  const took = [];
  const lap = (what) => took.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const problems = [];
  const page = await watchedPage(context, problems);
  let phone;
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Let late requests (images, prefetches) happen; failed ones are recorded whenever they come.
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
    assert.equal(await page.locator('h1').count(), 1, 'one h1');
    assert.deepEqual(problems, [], 'no console errors and no failed requests on load');
    const exercises = await page.locator('section.exercise[data-exercise-id]').evaluateAll((els) => els.map((e) => [e.dataset.exerciseId, e.dataset.kind]));
    const demos = await page.locator('section.demo[data-demo-id]').evaluateAll((els) => els.map((e) => e.dataset.demoId));
    const html = readFileSync(join(dist, 'lessons', slug, 'index.html'), 'utf8');
    assert.equal(exercises.length, (html.match(/<section class="exercise" data-exercise-id=/g) ?? []).length, 'every exercise in the HTML is on the page');
    lap('loaded');
    for (const [id, kind] of exercises) await solveExercise(page, id, kind);
    lap('solved');
    // Every demo starts at once; then wait for each view to reach its end.
    for (const id of demos) await startDemo(page, id);
    for (const id of demos) await finishDemo(page, id);
    lap('played');
    assert.deepEqual(problems, [], 'no console errors and no failed requests while checking and playing');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${slug}-desktop.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
    await page.close();

    // Phone width: the saved answers come back, Check passes again, a YAML exercise's simulator
    // view opens, demos run (resting at their end: reduced motion), and nothing scrolls sideways.
    phone = await watchedPage(context, problems);
    await phone.setViewportSize(PHONE);
    await phone.emulateMedia({ reducedMotion: 'reduce' });
    await phone.goto(url, { waitUntil: 'load' });
    for (const [id, kind] of exercises) {
      const sel = `section.exercise[data-exercise-id="${id}"]`;
      await phone.locator(sel).scrollIntoViewIfNeeded();
      await phone.waitForSelector(`${sel}[data-ready]`, { timeout: 20_000 });
      await pressCheck(phone, sel);
      await assertAllPassed(phone, id);
      if (kind === 'yaml') {
        await phone.locator(`${sel} [data-sim] summary`).click();
        await phone.waitForSelector(`${sel}[data-sim-runs]`, { timeout: 30_000 });
      }
    }
    for (const id of demos) await startDemo(phone, id);
    for (const id of demos) await finishDemo(phone, id);
    await scrollThrough(phone);
    await phone.waitForTimeout(300);
    const report = await overflowReport(phone);
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.screenshot({ path: join(SHOTS, `${slug}-phone.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
    assert.ok(report.scrollWidth <= report.innerWidth, `at ${PHONE.width}px the page scrolls sideways: scrollWidth ${report.scrollWidth} > ${report.innerWidth}; wide elements: ${report.culprits.join(', ')}`);
    lap('phone');
    assert.deepEqual(problems, [], 'no console errors and no failed requests');
    return `${exercises.map(([id, kind]) => `${id} (${kind})`).join(', ') || 'no exercises'}; ${demos.length ? `demos ${demos.join(', ')}` : 'no demos'}; ${took.join(', ')}`;
  } catch (error) {
    const more = problems.length ? `\n      page problems:\n        ${problems.join('\n        ')}` : '';
    throw new Error(`${path}: ${error.message.split('\n').slice(0, 6).join('\n      ')}${more}`);
  } finally {
    await page.close().catch(() => {});
    await phone?.close().catch(() => {});
  }
}

// COURSE_LESSONS=ordering,stable-storage runs only those lessons; COURSE_PARALLEL sets how many
// lessons run at once (default 2), each in its own tab of one browser.
const only = (process.env.COURSE_LESSONS ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const lessons = lessonPages().filter((slug) => only.length === 0 || only.includes(slug));
const PARALLEL = Math.max(1, Number(process.env.COURSE_PARALLEL) || 2);

export const tests = [
  {
    name: `every lesson (${lessons.length}) opens with no console error or failed request, passes every exercise with its reference answer, plays every demo to its end, and fits a 390 px phone`,
    skip: lessons.length ? undefined : 'no built lessons in the site',
    timeout: 900_000,
    async run({ context, baseUrl }) {
      mkdirSync(SHOTS, { recursive: true });
      const failures = [];
      const queue = [...lessons];
      const worker = async () => {
        for (let slug = queue.shift(); slug; slug = queue.shift()) {
          try {
            console.log(`    ✓ ${slug}: ${await checkLesson(context, baseUrl, slug)}`);
          } catch (error) {
            console.log(`    ✗ ${slug}\n      ${error.message}`);
            failures.push(slug);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, lessons.length) }, worker));
      assert.equal(failures.length, 0, `${failures.length} of ${lessons.length} lessons failed (details above): ${failures.join(', ')}`);
    },
  },
];
