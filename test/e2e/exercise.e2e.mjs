// The exercise widget in a real browser: lazy editor, Check, markers, hints, solution diff, reset,
// autosave, corrupt storage, progress page with export/import.
// Run with `npm run build && npm run test:e2e exercise`. Screenshots: test-results/screenshots/exercise-*.png
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PAGE = process.env.EXERCISE_PAGE || '/lessons/stable-identity/';
export const EXERCISE = 'headless-service';
const SECTION = `section.exercise[data-exercise-id="${EXERCISE}"]`;
const SAVE_KEY = `k8s-course:exercise:v1:${EXERCISE}`;
export const solutionYaml = () => readFileSync(join(root, 'exercises/10-stable-identity/headless-service/solution.yaml'), 'utf8');
const starterYaml = () => readFileSync(join(root, 'exercises/10-stable-identity/headless-service/starter.yaml'), 'utf8');

/** Scrolls the exercise into view and waits for Monaco. */
export async function openEditor(page) {
  const section = page.locator(SECTION);
  await section.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${SECTION}[data-editor="monaco"] .monaco-editor`, { timeout: 20_000 });
  return section;
}

/**
 * Replaces the editor's text the way a learner pasting it would: select all with the keyboard, then
 * Monaco's own paste command (typed text would be re-indented by Monaco's auto-indent).
 */
export async function replaceText(page, text) {
  await page.locator(`${SECTION} .monaco-editor .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.$eval(SECTION, (el, t) => el.exerciseWidget.editor.trigger('keyboard', 'paste', { text: t, pasteOnNewLine: false, multicursorText: null, mode: null }), text);
}

/** Screenshot of one element, with the sticky site header hidden so it cannot cover the exercise. */
export const shot = (locator, name) =>
  locator.screenshot({ path: join(root, `test-results/screenshots/${name}.png`), style: '.site-header { visibility: hidden !important; }' });

export const editorValue = (page) => page.$eval(SECTION, (el) => el.exerciseWidget.editor.getValue());

async function check(page) {
  const before = Number((await page.getAttribute(SECTION, 'data-checks')) ?? '0');
  await page.locator(`${SECTION} [data-action="check"]`).click();
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.checks ?? '0') > n, [SECTION, before], { timeout: 15_000 });
}

export const tests = [
  {
    name: 'the editor loads only near the viewport; a page without an exercise loads no editor code',
    async run({ page, goto, screenshot }) {
      const requested = [];
      page.on('request', (r) => requested.push(r.url()));
      await goto('/lessons/cattle-vs-pets/');
      await page.waitForLoadState('networkidle');
      assert.deepEqual(requested.filter((u) => /monaco|editor\.worker|yaml\.worker|grader\.worker/.test(u)), [], 'no editor code on a lesson without YAML exercises');
      requested.length = 0;
      await goto(PAGE);
      await page.waitForLoadState('networkidle');
      assert.equal(requested.filter((u) => /monaco-setup/.test(u) && u.endsWith('.js')).length, 0, 'Monaco is not fetched while the exercise is far below');
      const box = await page.locator(`${SECTION} [data-starter]`).boundingBox();
      assert.ok(box && box.y > 800 + 200, `the exercise starts below the fold and its 200px margin (y=${box?.y})`);
      assert.match(await page.locator(`${SECTION} [data-starter]`).textContent(), /name: web-svc/, 'starter YAML is in the page as text');
      await openEditor(page);
      assert.ok(requested.some((u) => /monaco-setup.*\.js$/.test(u)), 'Monaco was fetched once the exercise came near');
      assert.equal(await page.locator(`${SECTION} [data-starter]`).isVisible(), false, 'the plain text gives way to the editor');
      assert.equal(await editorValue(page), starterYaml());
      await shot(page.locator(SECTION), 'exercise-editor-loaded');

      // monaco-yaml validates against the Kubernetes schema and completes field names.
      await replaceText(page, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: three\n');
      await page.waitForFunction((sel) => document.querySelector(sel).exerciseWidget.monaco.editor.getModelMarkers({ owner: 'yaml' }).length > 0, SECTION, { timeout: 10_000 });
      const schemaMarkers = await page.$eval(SECTION, (el) => el.exerciseWidget.monaco.editor.getModelMarkers({ owner: 'yaml' }).map((m) => `${m.startLineNumber}: ${m.message}`));
      assert.ok(schemaMarkers.includes('6: Incorrect type. Expected "integer".'), schemaMarkers.join(' | '));
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type('  ser');
      const suggestion = page.locator(`${SECTION} .suggest-widget .monaco-list-row`, { hasText: 'serviceName' });
      await suggestion.first().waitFor({ timeout: 10_000 });
      await shot(page.locator(SECTION), 'exercise-completion');
      await screenshot('exercise-page');
    },
  },
  {
    name: 'a wrong answer shows the check message; a YAML error gets a marker at its line and a clickable list item',
    async run({ page, goto }) {
      await goto(PAGE);
      const section = await openEditor(page);
      await check(page);
      const failed = section.locator('.check-result[data-check-id="service-exists"]');
      assert.equal(await failed.getAttribute('data-status'), 'failed');
      assert.match(await failed.textContent(), /Failed:.*The Service named in serviceName exists.*The StatefulSet's serviceName names a Service that does not exist\./s);
      assert.equal(await section.locator('.check-result[data-check-id="web-2-resolves"] .check-status').textContent(), 'Hidden check:');
      assert.match(await section.locator('.exercise-score').textContent(), /^0 of 3 checks passed, 0\/3 points \(plus 1 hidden check/);
      assert.match(await section.locator('[data-live]').textContent(), /Checked\. 0 of 3 checks passed/);
      await shot(section, 'exercise-failed');

      // Line 5 has a tab-broken mapping: the engine reports it, the editor marks it.
      const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n labels: [oops\nspec:\n  clusterIP: None\n';
      await replaceText(page, broken);
      await check(page);
      const markers = await page.$eval(SECTION, (el) => {
        const w = el.exerciseWidget;
        return w.monaco.editor.getModelMarkers({ owner: 'simulator' }).map((m) => ({ line: m.startLineNumber, message: m.message }));
      });
      assert.ok(markers.length >= 1, 'at least one marker');
      const first = section.locator('[data-diagnostics] .diagnostic-link').first();
      const text = await first.textContent();
      const m = /^Line (\d+), column (\d+): (.+)$/.exec(text);
      assert.ok(m, `diagnostic list item reads "Line N, column M: message": ${text}`);
      assert.equal(markers[0].line, Number(m[1]), 'the marker sits on the line the list names');
      assert.ok(Number(m[1]) >= 4 && Number(m[1]) <= 6, `the error is placed near the broken line 5, got ${m[1]}`);
      await first.click();
      const pos = await page.$eval(SECTION, (el) => el.exerciseWidget.editor.getPosition());
      assert.equal(pos.lineNumber, Number(m[1]), 'clicking the item moves the cursor to the line');
      await page.waitForSelector(`${SECTION} .squiggly-error`, { timeout: 5000 });
      await shot(section, 'exercise-marker');
    },
  },
  {
    name: 'typing the fix and pressing Ctrl+Enter passes every visible check, and the exercise counts as solved',
    async run({ page, goto, screenshot }) {
      await goto(PAGE);
      const section = await openEditor(page);
      await replaceText(page, solutionYaml());
      const before = Number((await section.getAttribute('data-checks')) ?? '0');
      await page.keyboard.press('ControlOrMeta+Enter');
      await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.checks ?? '0') > n, [SECTION, before]);
      const statuses = await section.locator('.check-result').evaluateAll((items) => items.map((i) => i.dataset.status));
      assert.deepEqual(statuses, ['passed', 'passed', 'passed', 'hidden']);
      assert.equal(await section.locator('.exercise-score').textContent(), '3 of 3 checks passed, 3/3 points (plus 1 hidden check, graded by your instructor). Well done!');
      assert.equal(await section.getAttribute('data-solved'), 'true');
      const solved = await page.evaluate(() => JSON.parse(localStorage.getItem('k8s-course:solved:v1')));
      assert.ok(solved['headless-service'], 'solved is stored');
      await shot(section, 'exercise-passed');

      // The simulator view: the run at the end, then at its first change.
      await section.locator('[data-sim] summary').click();
      await page.waitForSelector(`${SECTION}[data-sim-runs]`);
      const podRows = () => section.locator('.sim-table').first().locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
      const rows = await podRows();
      assert.deepEqual(rows.map((r) => r.slice(0, 4)), [
        ['web-0', '0', 'Running', 'Ready'],
        ['web-1', '1', 'Running', 'Ready'],
        ['web-2', '2', 'Running', 'Ready'],
      ]);
      assert.match(await section.locator('.sim-table', { hasText: 'Per-pod DNS records' }).textContent(), /web-2\.nginx\.default\.svc\.cluster\.local → /);
      await shot(section.locator('[data-sim]'), 'exercise-simulator-end');
      const slider = section.locator('[data-sim-slider]');
      await slider.focus();
      await page.keyboard.press('Home');
      assert.match(await section.locator('.sim-slider span').textContent(), /^Time 0\.0 s \(change 1 of \d+\)$/);
      assert.ok((await podRows()).length < 3, 'fewer pods at the first change');
      // Step through the run: the scale-up plays in order, each pod created only after the one
      // below it is Running and Ready (OrderedReady).
      const changes = Number(/of (\d+)\)/.exec(await section.locator('.sim-slider span').textContent())[1]);
      const seen = [];
      for (let i = 1; i < changes; i++) {
        await section.locator('[data-sim-control="forward"]').click();
        const now = await podRows();
        for (const [name] of now) {
          if (seen.includes(name)) continue;
          const ordinal = Number(name.split('-').pop());
          if (ordinal > 0) assert.deepEqual(now.find((r) => r[0] === `web-${ordinal - 1}`)?.slice(2, 4), ['Running', 'Ready'], `web-${ordinal} appears only after web-${ordinal - 1} is Running and Ready`);
          seen.push(name);
        }
      }
      assert.deepEqual(seen, ['web-0', 'web-1', 'web-2']);
      // Play from the start runs to the last change by itself.
      await section.locator('[data-sim-control="play"]').click();
      await page.waitForFunction((sel) => document.querySelector(sel + ' [data-sim-body]')?.dataset.simPlaying === 'false', SECTION, { timeout: 20_000 });
      assert.match(await section.locator('.sim-slider span').textContent(), new RegExp(`change ${changes} of ${changes}\\)$`));
      assert.equal((await podRows()).length, 3);
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await page.waitForTimeout(200);
      await shot(section, 'exercise-passed-dark');
      await goto('/progress/');
      const item = page.locator('[data-progress-id="headless-service"]');
      assert.equal(await item.getAttribute('data-status'), 'solved');
      assert.equal(await item.locator('[data-status-text]').textContent(), 'Solved');
      await screenshot('exercise-progress-page', { fullPage: true });
    },
  },
  {
    name: 'hints reveal one at a time; the solution shows as a diff after a confirm; reset restores the starter',
    async run({ page, goto }) {
      await goto(PAGE);
      const section = await openEditor(page);
      const hintButton = section.locator('[data-action="hint"]');
      const visibleHints = () => section.locator('[data-hint]:visible').count();
      assert.equal(await visibleHints(), 0);
      await hintButton.click();
      assert.equal(await visibleHints(), 1);
      assert.match(await section.locator('[data-hint]').nth(0).textContent(), /^Hint 1 of 3: The per-pod DNS names/);
      assert.equal(await hintButton.textContent(), 'Show hint 2 of 3');
      await hintButton.click();
      assert.equal(await visibleHints(), 2);
      assert.match(await section.locator('[data-hint]').nth(1).textContent(), /^Hint 2 of 3: /);
      await hintButton.click();
      assert.equal(await visibleHints(), 3);
      assert.equal(await hintButton.textContent(), 'No more hints');
      assert.equal(await hintButton.isDisabled(), true);

      // Solution: dismissing the confirm shows nothing; accepting shows the diff.
      page.once('dialog', (d) => d.dismiss());
      await section.locator('[data-action="solution"]').click();
      assert.equal(await section.locator('[data-solution]').isVisible(), false);
      page.once('dialog', (d) => d.accept());
      await section.locator('[data-action="solution"]').click();
      assert.equal(await section.locator('[data-solution]').isVisible(), true);
      assert.ok((await section.locator('.diff-del').count()) >= 1);
      assert.ok(await section.locator('.diff-add', { hasText: 'clusterIP: None' }).count() >= 1, 'the diff adds clusterIP: None');
      assert.ok(await section.locator('.diff-del', { hasText: 'name: web-svc' }).count() >= 1, 'the diff removes the wrong name');
      await shot(section, 'exercise-hints-solution');

      await replaceText(page, 'garbage: [\n');
      page.once('dialog', (d) => d.accept());
      await section.locator('[data-action="reset"]').click();
      assert.equal(await editorValue(page), starterYaml());
    },
  },
  {
    name: 'autosave: a reload restores the text; corrupt or foreign saved values are ignored',
    async run({ page, goto }) {
      await goto(PAGE);
      await openEditor(page);
      const mine = starterYaml().replace('name: web-svc', 'name: my-edit');
      await replaceText(page, mine);
      const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), SAVE_KEY);
      assert.equal(saved.v, 1);
      assert.equal(saved.yaml, mine);
      assert.ok(!Number.isNaN(Date.parse(saved.updatedAt)));
      await page.reload();
      assert.match(await page.locator(`${SECTION} [data-starter]`).textContent(), /name: my-edit/, 'restored text shows before the editor loads');
      await openEditor(page);
      assert.equal(await editorValue(page), mine);

      for (const bad of ['{oops', '"just a string"', JSON.stringify({ v: 99, yaml: 'x', updatedAt: '2026-01-01T00:00:00Z' }), JSON.stringify({ v: 1, yaml: 42, updatedAt: 'x' })]) {
        await page.evaluate(([k, v]) => {
          localStorage.setItem(k, v);
          localStorage.setItem('k8s-course:solved:v1', '[not, an, object');
        }, [SAVE_KEY, bad]);
        await page.reload();
        await openEditor(page);
        assert.equal(await editorValue(page), starterYaml(), `ignored ${bad}`);
      }
    },
  },
  {
    name: 'progress page: export downloads a bundle the grading command scores like the browser; import merges it back; a bad file gets a clear message',
    timeout: 120_000,
    async run({ page, goto, screenshot }) {
      await goto(PAGE);
      const section = await openEditor(page);
      // Half right: the Service has the right name but still a cluster IP.
      const partial = starterYaml().replace('name: web-svc', 'name: nginx');
      await replaceText(page, partial);
      await check(page);
      const browserChecks = await section.locator('.check-result').evaluateAll((items) => items.map((i) => [i.dataset.checkId, i.dataset.status]));
      const browserScore = await section.locator('.exercise-score').getAttribute('data-score');
      await goto('/progress/');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
      const text = readFileSync(await download.path(), 'utf8');
      const bundle = JSON.parse(text);
      assert.equal(bundle.format, 'k8s-course-progress');
      assert.equal(bundle.version, 1);
      assert.equal(bundle.submissions[EXERCISE].yaml, partial);

      // The instructor's command grades the exported file with the same checks.
      const bundlePath = join(mkdtempSync(join(tmpdir(), 'exercise-e2e-')), download.suggestedFilename());
      await download.saveAs(bundlePath);
      assert.match(download.suggestedFilename(), /^k8s-course-progress-\d{4}-\d\d-\d\d\.json$/);
      const report = JSON.parse(execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/grade.ts'), bundlePath, '--format', 'json'], { cwd: root, encoding: 'utf8' }));
      const graded = report.learners[0].results[EXERCISE];
      const visible = graded.checks.filter((c) => !c.hidden);
      assert.deepEqual(
        browserChecks.filter(([, status]) => status !== 'hidden'),
        visible.map((c) => [c.id, c.passed ? 'passed' : 'failed']),
        'the same visible checks pass and fail in the browser and in the grading command',
      );
      assert.equal(`${visible.reduce((n, c) => n + c.earned, 0)}/${visible.reduce((n, c) => n + c.points, 0)}`, browserScore, 'same visible score');
      assert.equal(browserScore, '1/3');
      assert.equal(graded.score, 1, 'the hidden check fails too, so the full score is 1 of 4');
      assert.equal(graded.maxScore, 4);
      assert.match(await page.locator('[data-progress-message]').textContent(), /^Exported your work on 1 exercise to k8s-course-progress-\d{4}-\d\d-\d\d\.json\.$/);

      // Import into a clean browser state.
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      assert.equal(await page.locator('[data-progress-id="headless-service"]').getAttribute('data-status'), 'not-started');
      await page.locator('[data-import]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"zip"}') });
      await page.waitForFunction(() => document.querySelector('[data-progress-message]')?.textContent?.startsWith('This file cannot'));
      assert.equal(
        await page.locator('[data-progress-message]').textContent(),
        'This file cannot be imported: format: expected "k8s-course-progress", found "zip": not a course progress export. Choose a file made with "Export progress".',
      );
      await screenshot('exercise-import-error');
      await page.locator('[data-import]').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction(() => document.querySelector('[data-progress-message]')?.textContent?.startsWith('Imported'));
      assert.equal(await page.locator('[data-progress-message]').textContent(), 'Imported 1 exercise.');
      assert.equal(await page.locator('[data-progress-id="headless-service"]').getAttribute('data-status'), 'started');
      await goto(PAGE);
      await openEditor(page);
      assert.equal(await editorValue(page), partial, 'the imported work is in the editor');
    },
  },
];

tests.push({
  name: 'a quiz in a lesson: wrong answers get the check message, right ones pass (the lesson is marked solved once all its exercises are)',
  async run({ page, goto }) {
    const { load } = await import('js-yaml');
    const quiz = load(readFileSync(join(root, 'exercises/01-cattle-vs-pets/classify-services/exercise.yaml'), 'utf8'));
    await goto('/lessons/cattle-vs-pets/');
    const section = page.locator('section.exercise[data-exercise-id="classify-services"]');
    await section.scrollIntoViewIfNeeded();
    await page.waitForSelector('section.exercise[data-exercise-id="classify-services"][data-ready]');
    // Everything wrong first: the first option that is not correct, in every question.
    for (const q of quiz.questions) {
      const wrong = q.options.find((o) => !o.correct);
      await section.locator(`[data-question="${q.id}"] input[value="${wrong.id}"]`).check();
    }
    await section.locator('[data-action="check"]').click();
    await section.locator('.check-result').first().waitFor();
    const statuses = await section.locator('.check-result').evaluateAll((items) => items.map((i) => i.dataset.status));
    assert.ok(statuses.every((s) => s === 'failed'), statuses.join(','));
    assert.match(await section.locator('.check-result .check-message').first().textContent(), new RegExp(quiz.checks[0].message.trim().slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Now the right answers.
    for (const q of quiz.questions) {
      for (const o of q.options) {
        const input = section.locator(`[data-question="${q.id}"] input[value="${o.id}"]`);
        if (q.type === 'multi') await input.setChecked(Boolean(o.correct));
        else if (o.correct) await input.check();
      }
    }
    await section.locator('[data-action="check"]').click();
    await page.waitForFunction(() => document.querySelector('section.exercise[data-exercise-id="classify-services"]')?.dataset.solved === 'true');
    assert.equal(await section.locator('.exercise-score').textContent(), `3 of 3 checks passed, ${quiz.points}/${quiz.points} points. Well done!`);
    // A lesson counts as solved once every exercise in it is.
    const others = readdirSync(join(root, 'exercises/01-cattle-vs-pets')).filter((d) => d !== 'classify-services');
    assert.equal(await page.locator('nav#course-nav li[data-lesson-id="01-cattle-vs-pets"]').getAttribute('class'), others.length ? null : 'is-solved');
    await shot(section, 'exercise-quiz-passed');
    // The answers survive a reload.
    await page.reload();
    const firstRight = quiz.questions[1].options.find((o) => o.correct).id;
    assert.equal(await page.locator(`[data-question="${quiz.questions[1].id}"] input[value="${firstRight}"]`).isChecked(), true);
    assert.equal(await page.locator('nav#course-nav li[data-lesson-id="01-cattle-vs-pets"]').getAttribute('class'), others.length ? null : 'is-solved');
  },
});

tests.push({
  name: 'a check that hangs is stopped after 5 s with a message, the page stays responsive, and the next check starts a fresh worker',
  timeout: 90_000,
  async run({ page, goto }) {
    // Serve a grading worker that spins forever on the first request, then the real one.
    let hung = 0;
    await page.route(/grader\.worker[^/]*\.js$/, async (route) => {
      if (hung++ === 0) {
        await route.fulfill({ contentType: 'text/javascript', body: 'self.onmessage = () => { for (;;) {} };' });
      } else {
        await route.continue();
      }
    });
    await goto(PAGE);
    const section = page.locator(SECTION);
    await section.scrollIntoViewIfNeeded();
    // Check straight away (the editor may still be loading): the spinning worker takes the request.
    await section.locator('[data-action="check"]').click();
    // The page answers while the worker spins.
    const t0 = Date.now();
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    assert.ok(Date.now() - t0 < 1000, 'the main thread is free');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.checks === '1', SECTION, { timeout: 15_000 });
    assert.match(await section.locator('[data-results] .exercise-error').textContent(), /^The check took too long and was stopped\. /);
    assert.match(await section.locator('[data-live]').textContent(), /^The check took too long and was stopped\./);
    assert.equal(await section.locator('[data-action="check"]').isDisabled(), false);
    await shot(section.locator('[data-results]'), 'exercise-timeout');
    // The next Check runs on a fresh, real worker.
    await openEditor(page);
    await replaceText(page, solutionYaml());
    await check(page);
    assert.match(await section.locator('.exercise-score').textContent(), /^3 of 3 checks passed/);
    assert.ok(hung >= 2, 'a second worker was started');
  },
});

// ---------------------------------------------------------------------------------------------
// Acting on the simulator view (issue 6): a worker session started from the checked YAML.

/** Presses one action button (by keyboard when asked) and waits for the extended run. */
async function simAct(page, act, { keyboard = false } = {}) {
  const section = page.locator(SECTION);
  const before = Number((await section.getAttribute('data-sim-acts')) ?? '0');
  const button = section.locator(`[data-sim-act="${act}"]`);
  if (keyboard) {
    await button.focus();
    await page.keyboard.press('Enter');
  } else {
    await button.click();
  }
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.simActs ?? '0') > n, [SECTION, before], { timeout: 20_000 });
  return section.locator('[data-sim-action-status]').textContent();
}

/** Plays the extended run to its end and returns the pod rows of the Pods table. */
async function playToEnd(page) {
  const section = page.locator(SECTION);
  await page.waitForFunction((sel) => document.querySelector(sel + ' [data-sim-body]')?.dataset.simPlaying === 'false', SECTION, { timeout: 30_000 });
  const caption = await section.locator('.sim-slider span').textContent();
  const [, at, of] = /change (\d+) of (\d+)\)$/.exec(caption);
  assert.equal(at, of, `played to the last change: ${caption}`);
  return podTable(page);
}

const podTable = (page) =>
  page.locator(SECTION).locator('.sim-table', { hasText: 'Ordinal' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

tests.push({
  name: 'the simulator view acts on the checked cluster: scale, delete, fail, hold unready, change image; the slider plays the extended run',
  timeout: 120_000,
  async run({ page, goto, consoleErrors }) {
    await goto(PAGE);
    const section = await openEditor(page);
    await replaceText(page, solutionYaml());
    await check(page);
    await section.locator('[data-sim] summary').click();
    await page.waitForSelector(`${SECTION}[data-sim-runs]`);
    const panel = section.locator('[data-sim-actions]');
    await panel.waitFor();
    // Every control is labelled.
    for (const name of ['Workload', 'Pod']) assert.equal(await panel.getByLabel(name, { exact: true }).count(), 1, `${name} select is labelled`);
    assert.equal(await panel.getByRole('button', { name: 'Scale up by one' }).count(), 1);
    assert.equal(await panel.getByRole('button', { name: 'Delete pod' }).count(), 1);
    assert.equal(await panel.getByLabel('New image').count(), 1);
    const changesBefore = Number(/of (\d+)\)$/.exec(await section.locator('.sim-slider span').textContent())[1]);
    await shot(section.locator('[data-sim]'), 'exercise-sim-actions');

    // Scale up by one, with the keyboard: web-3 appears, after web-2, and the run grew.
    assert.equal(await simAct(page, 'scale-up', { keyboard: true }), 'Scaled StatefulSet web to 4. The slider now runs to ' + (await section.locator('[data-sim-action-status]').textContent()).split('runs to ')[1]);
    const slider = section.locator('[data-sim-slider]');
    assert.ok(Number(await slider.getAttribute('max')) + 1 > changesBefore, 'the slider covers the extended run');
    let rows = await playToEnd(page);
    assert.deepEqual(rows.map((r) => r.slice(0, 4)), [
      ['web-0', '0', 'Running', 'Ready'],
      ['web-1', '1', 'Running', 'Ready'],
      ['web-2', '2', 'Running', 'Ready'],
      ['web-3', '3', 'Running', 'Ready'],
    ]);
    // Step back through the new part: web-3 is absent just before the action.
    await slider.focus();
    await page.keyboard.press('Home');
    assert.ok((await podTable(page)).length < 4);
    await shot(section.locator('[data-sim]'), 'exercise-sim-scaled');

    // Delete web-1: it is recreated with the same name.
    await section.locator('[data-sim-select="pod"]').selectOption('web-1');
    assert.equal(await simAct(page, 'delete'), `Deleted pod web-1. The slider now runs to ${/runs to (.*)$/.exec(await section.locator('[data-sim-action-status]').textContent())[1]}`);
    const seen = [];
    await page.waitForFunction((sel) => document.querySelector(sel + ' [data-sim-body]')?.dataset.simPlaying === 'false', SECTION, { timeout: 30_000 });
    // Walk the new changes one by one: web-1 goes terminating (or away) before it is back.
    await section.locator('[data-sim-select="pod"]').focus();
    const max = Number(await slider.getAttribute('max'));
    const start = Number(await section.locator('[data-sim-body]').getAttribute('data-sim-index'));
    await slider.evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }, Math.max(0, max - 10));
    for (let i = Math.max(0, max - 10); i <= max; i++) {
      await slider.evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }, i);
      const row = (await podTable(page)).find((r) => r[0].startsWith('web-1'));
      seen.push(row ? `${row[0]} ${row[2]} ${row[3]}` : 'absent');
    }
    assert.ok(start <= max);
    assert.ok(seen.some((s) => s === 'absent' || s.includes('terminating') || s.includes('Pending') || s.includes('Not ready')), `web-1 was replaced: ${seen.join(' | ')}`);
    assert.equal(seen[seen.length - 1], 'web-1 Running Ready');

    // Fail web-0: the StatefulSet controller replaces the failed pod.
    await section.locator('[data-sim-select="pod"]').selectOption('web-0');
    assert.match(await simAct(page, 'fail'), /^Pod web-0 failed \(its container exited with an error\)\./);
    rows = await playToEnd(page);
    assert.deepEqual(rows.find((r) => r[0] === 'web-0').slice(2, 4), ['Running', 'Ready']);
    assert.match(await section.locator('.sim-events').textContent(), /web-0/);

    // Hold web-2 unready: it stays Running but Not ready, and loses its DNS record.
    await section.locator('[data-sim-select="pod"]').selectOption('web-2');
    assert.match(await simAct(page, 'unready'), /^Pod web-2 is held unready/);
    rows = await playToEnd(page);
    assert.deepEqual(rows.find((r) => r[0] === 'web-2').slice(2, 4), ['Running', 'Not ready']);
    assert.doesNotMatch(await section.locator('.sim-table', { hasText: 'Per-pod DNS records' }).textContent(), /web-2\.nginx/);
    assert.equal(await section.locator('.sim-pod[data-pod="web-2"]').count() + 0 >= 0, true);
    await shot(section.locator('[data-sim]'), 'exercise-sim-unready');
    assert.match(await simAct(page, 'ready'), /^Pod web-2 passes its readiness probe again\./);

    // Change the image: an empty box asks for one; then the pods roll to a new revision.
    const revisionsBefore = new Set((await playToEnd(page)).map((r) => r[4]));
    await section.locator('[data-sim-act="image"]').click();
    assert.equal(await section.locator('[data-sim-action-status]').textContent(), 'Type the new image first (for example nginx:1.27), then press Change image.');
    assert.equal(await section.locator('[data-sim-action-status]').getAttribute('data-state'), 'error');
    await section.locator('[data-sim-image]').fill('nginx:1.27');
    assert.match(await simAct(page, 'image'), /^Changed the image of StatefulSet web to nginx:1\.27\./);
    rows = await playToEnd(page);
    const revisionsAfter = new Set(rows.map((r) => r[4]));
    assert.equal(revisionsAfter.size, 1, `one revision at the end: ${[...revisionsAfter]}`);
    assert.ok(![...revisionsAfter].some((r) => revisionsBefore.has(r)), 'a new revision');
    assert.ok(rows.every((r) => r[3] === 'Ready'));

    // A refused action: scaling below zero is not offered; deleting a pod that is gone says so.
    await section.locator('[data-sim-select="pod"]').evaluate((s) => s.append(new Option('web-9', 'web-9')));
    await section.locator('[data-sim-select="pod"]').selectOption('web-9');
    assert.equal(await simAct(page, 'delete'), 'There is no Pod named "web-9". Check the name with `kubectl get pods`.');
    await shot(section.locator('[data-sim]'), 'exercise-sim-image');
    assert.deepEqual(consoleErrors, []);
  },
});

tests.push({
  name: 'phone (390 px): the simulator view and its actions fit the width',
  contextOptions: { viewport: { width: 390, height: 844 } },
  timeout: 90_000,
  async run({ page, goto }) {
    await goto(PAGE);
    const section = await openEditor(page);
    await replaceText(page, solutionYaml());
    await check(page);
    await section.locator('[data-sim] summary').click();
    await page.waitForSelector(`${SECTION}[data-sim-runs]`);
    await section.locator('[data-sim-actions]').waitFor();
    await simAct(page, 'scale-up');
    await playToEnd(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    await shot(section.locator('[data-sim]'), 'exercise-sim-phone');
  },
});

tests.push({
  name: 'an ordering question: a wrong order fails its check with the message; choosing the right option for each position passes it',
  async run({ page, goto }) {
    const { load } = await import('js-yaml');
    const quiz = load(readFileSync(join(root, 'exercises/12-ordering/scale-down-order/exercise.yaml'), 'utf8'));
    const question = quiz.questions.find((q) => q.type === 'order');
    const check = quiz.checks.find((c) => c.expect.question === question.id);
    await goto('/lessons/ordering/');
    const section = page.locator('section.exercise[data-exercise-id="scale-down-order"]');
    await section.scrollIntoViewIfNeeded();
    await page.waitForSelector('section.exercise[data-exercise-id="scale-down-order"][data-ready]');
    const selects = section.locator(`[data-question="${question.id}"] select`);
    assert.equal(await selects.count(), question.answer.length, 'one choice per position');
    // The reverse of the right order first.
    const reversed = [...question.answer].reverse();
    for (let i = 0; i < reversed.length; i++) await selects.nth(i).selectOption(reversed[i]);
    await section.locator('[data-action="check"]').click();
    const item = section.locator(`.check-result[data-check-id="${check.id}"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-status'), 'failed');
    assert.match(await item.textContent(), new RegExp(check.message.slice(0, 25).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Now the right order: one native select per position (operable from the keyboard as well).
    for (let i = 0; i < question.answer.length; i++) {
      await selects.nth(i).focus();
      await selects.nth(i).selectOption(question.answer[i]);
      assert.equal(await selects.nth(i).inputValue(), question.answer[i]);
    }
    await section.locator('[data-action="check"]').click();
    await page.waitForFunction((id) => document.querySelector(`section.exercise[data-exercise-id="scale-down-order"] .check-result[data-check-id="${id}"]`)?.getAttribute('data-status') === 'passed', check.id);
    await shot(section, 'exercise-order-question');
  },
});
