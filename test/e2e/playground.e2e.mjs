// The playground in a real browser: apply the sample, run it, drive it with kubectl and the buttons.
// Run with `npm run build && npm run test:e2e playground`. Screenshots: test-results/screenshots/playground-*.png
import assert from 'node:assert/strict';

const ROOT = '[data-playground]';

/** Types one command into the kubectl box and waits until its output is printed. */
async function kubectl(page, line) {
  const before = Number((await page.getAttribute(ROOT, 'data-commands')) ?? '0');
  const input = page.locator(`${ROOT} [data-command]`);
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.commands ?? '0') > n, [ROOT, before], { timeout: 15_000 });
}

const terminal = (page) => page.locator(`${ROOT} [data-terminal]`).textContent();

/** The output printed after the last `$ kubectl <line>` prompt. */
async function outputOf(page, line) {
  const text = await terminal(page);
  const at = text.lastIndexOf(`$ kubectl ${line}\n`);
  assert.ok(at >= 0, `no prompt for "${line}" in:\n${text}`);
  return text.slice(at + `$ kubectl ${line}\n`.length).split('\n$ ')[0];
}

async function applySample(page) {
  await page.waitForSelector(`${ROOT}[data-ready="true"]`);
  await page.waitForSelector(`${ROOT}[data-editor="monaco"] .monaco-editor`, { timeout: 20_000 });
  await page.locator(`${ROOT} [data-action="apply"]`).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.now !== undefined && document.querySelector(sel)?.dataset.busy === 'false', ROOT, { timeout: 15_000 });
}

async function press(page, act) {
  const before = await page.getAttribute(ROOT, 'data-now');
  await page.locator(`${ROOT} [data-act="${act}"]`).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.busy === 'false', ROOT);
  return before;
}

const podRows = (out) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/).slice(0, 3).join(' '));

export const tests = [
  {
    name: 'apply the tutorial sample, run it, and kubectl get pods shows web-0..2 Running; scaling to 5 adds web-3 then web-4',
    async run({ page, goto, screenshot }) {
      await goto('/playground/');
      await page.waitForSelector(`${ROOT}[data-ready="true"]`);
      assert.equal(await page.locator(`${ROOT} [data-act="run"]`).isDisabled(), true, 'actions wait for Apply');
      await applySample(page);
      assert.match(await terminal(page), /statefulset\.apps\/web created/);
      assert.equal(await page.getAttribute(ROOT, 'data-now'), '0');
      await kubectl(page, 'get pods -w');
      await press(page, 'run');
      const watched = (await outputOf(page, 'get pods -w')).trim().split('\n');
      assert.match(watched[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      const firstRunning = (name) => watched.findIndex((l) => l.startsWith(`${name} `) && /1\/1\s+Running/.test(l));
      assert.ok(firstRunning('web-0') > 0 && firstRunning('web-0') < firstRunning('web-1') && firstRunning('web-1') < firstRunning('web-2'), watched.join('\n'));

      await kubectl(page, 'get pods');
      assert.deepEqual(podRows(await outputOf(page, 'get pods')), ['web-0 1/1 Running', 'web-1 1/1 Running', 'web-2 1/1 Running']);
      await kubectl(page, 'get pvc');
      assert.match(await outputOf(page, 'get pvc'), /www-web-2\s+Bound\s+pvc-\S+\s+1Gi\s+RWO\s+standard/);
      await screenshot('playground-applied');

      await kubectl(page, 'kubectl scale sts/web --replicas=5');
      assert.equal((await outputOf(page, 'scale sts/web --replicas=5')).trim(), 'statefulset.apps/web scaled');
      await kubectl(page, 'get pods -w');
      await press(page, 'run');
      const rows = (await outputOf(page, 'get pods -w')).trim().split('\n').slice(4); // after the three existing pods
      const first = (prefix) => rows.findIndex((l) => l.startsWith(prefix));
      assert.ok(first('web-3 ') >= 0 && first('web-4 ') > first('web-3 '), rows.join('\n'));
      assert.ok(rows.findIndex((l) => /^web-3\s+1\/1\s+Running/.test(l)) < first('web-4 '), 'web-4 starts only after web-3 is Running and Ready');
      await kubectl(page, 'get pods');
      assert.deepEqual(podRows(await outputOf(page, 'get pods')), ['web-0 1/1 Running', 'web-1 1/1 Running', 'web-2 1/1 Running', 'web-3 1/1 Running', 'web-4 1/1 Running']);
      await screenshot('playground-scaled', { fullPage: true, style: '.site-header { visibility: hidden !important; }' });

      // The simulator view shows the claims and the per-pod DNS records of the last step.
      const sim = page.locator(`${ROOT} [data-sim-view]`);
      assert.match(await sim.textContent(), /www-web-4/);
      assert.match(await sim.textContent(), /web-4\.nginx\.default\.svc\.cluster\.local/);
    },
  },
  {
    name: 'kubectl errors, describe, rollout status, buttons, command history and autosave',
    async run({ page, goto, screenshot }) {
      await goto('/playground/');
      await applySample(page);
      await kubectl(page, 'foo');
      assert.equal((await outputOf(page, 'foo')).split('\n')[0], 'error: unknown command "foo" for "kubectl"');
      await press(page, 'run');
      await kubectl(page, 'get pod web-9');
      assert.equal((await outputOf(page, 'get pod web-9')).trim(), 'Error from server (NotFound): pods "web-9" not found');
      await kubectl(page, 'describe pod web-1');
      assert.match(await outputOf(page, 'describe pod web-1'), /Controlled By:\s+StatefulSet\/web/);

      await kubectl(page, 'set image sts/web nginx=nginx:1.26');
      await kubectl(page, 'rollout status sts/web');
      assert.match((await outputOf(page, 'rollout status sts/web')).trim(), /statefulset rolling update complete 3 pods at revision web-\w+\.\.\.$/);

      // Buttons: scale down with the workload selected, advance time, fail a pod.
      await press(page, 'scale-down');
      await press(page, 'run');
      assert.equal(await page.getAttribute(ROOT, 'data-pods'), 'web-0 web-1');
      const t = Number(await page.getAttribute(ROOT, 'data-now'));
      await press(page, 'advance-10');
      assert.equal(Number(await page.getAttribute(ROOT, 'data-now')), t + 10_000);
      await page.selectOption(`${ROOT} [data-select="pod"]`, 'web-1');
      await press(page, 'fail');
      await kubectl(page, 'get pods');
      assert.match(await outputOf(page, 'get pods'), /web-1\s+0\/1\s+Error/);

      // Up recalls the previous command.
      const input = page.locator(`${ROOT} [data-command]`);
      await input.focus();
      await input.press('ArrowUp');
      assert.equal(await input.inputValue(), 'get pods');
      await screenshot('playground-commands', { fullPage: true, style: '.site-header { visibility: hidden !important; }' });

      // Autosave: an edit survives a reload.
      await page.$eval(ROOT, (el) => el.playground.editor.setValue('# my own manifests\n'));
      await page.waitForTimeout(500);
      await page.reload();
      await page.waitForSelector(`${ROOT}[data-editor="monaco"] .monaco-editor`, { timeout: 20_000 });
      assert.equal(await page.$eval(ROOT, (el) => el.playground.editor.getValue()), '# my own manifests\n');
    },
  },
  {
    name: 'phone (390 px): the playground fits the width and the header keeps every link reachable',
    contextOptions: { viewport: { width: 390, height: 844 } },
    async run({ page, goto, screenshot }) {
      await goto('/playground/');
      await applySample(page);
      await press(page, 'run');
      await kubectl(page, 'get pods');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      assert.equal(await page.locator('.site-header a[href="/playground/"]').count(), 1);
      await screenshot('playground-phone', { fullPage: true, style: '.site-header { visibility: hidden !important; }' });
    },
  },
];
