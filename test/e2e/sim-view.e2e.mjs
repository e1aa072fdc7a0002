// The simulator view's nodes, node actions, traffic and app status in a real browser (issues 6 and 7).
// Run with `npm run build && npm run test:e2e sim-view`. Screenshots: test-results/screenshots/sim-view-*.png
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = '/lessons/stable-identity/';
const read = (path) => readFileSync(join(root, path), 'utf8');

/** The tutorial StatefulSet `web` (3 pods) plus a Deployment `api` (3 pods): one of each per node. */
const MIXED_YAML = `${read('exercises/10-stable-identity/headless-service/solution.yaml').trimEnd()}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: shop/api:1.0
`;

const sectionOf = (id) => `section.exercise[data-exercise-id="${id}"]`;

/** Pastes `yaml` into the exercise's editor, presses Check, opens the simulator and waits for its actions. */
async function openSimulator(page, id, yaml) {
  const sel = sectionOf(id);
  const section = page.locator(sel);
  await section.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel}[data-editor="monaco"] .monaco-editor`, { timeout: 20_000 });
  await page.locator(`${sel} .monaco-editor .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.$eval(sel, (el, t) => el.exerciseWidget.editor.trigger('keyboard', 'paste', { text: t, pasteOnNewLine: false, multicursorText: null, mode: null }), yaml);
  const before = Number((await section.getAttribute('data-checks')) ?? '0');
  await section.locator('[data-action="check"]').click();
  await page.waitForFunction(([s, n]) => Number(document.querySelector(s)?.dataset.checks ?? '0') > n, [sel, before], { timeout: 15_000 });
  await section.locator('[data-sim] summary').click();
  await page.waitForSelector(`${sel}[data-sim-runs]`);
  await section.locator('[data-sim-actions]').waitFor();
  return section;
}

/** Presses an action button and waits until the run is extended and played to its last change. */
async function act(page, id, action) {
  const sel = sectionOf(id);
  const section = page.locator(sel);
  const before = Number((await section.getAttribute('data-sim-acts')) ?? '0');
  await section.locator(`[data-sim-act="${action}"]`).click();
  await page.waitForFunction(([s, n]) => Number(document.querySelector(s)?.dataset.simActs ?? '0') > n, [sel, before], { timeout: 30_000 });
  const status = await section.locator('[data-sim-action-status]').textContent();
  assert.notEqual(await section.locator('[data-sim-action-status]').getAttribute('data-state'), 'error', `${action} was refused: ${status}`);
  await page.waitForFunction((s) => document.querySelector(s + ' [data-sim-body]')?.dataset.simPlaying === 'false', sel, { timeout: 60_000 });
  const caption = await section.locator('.sim-slider span').textContent();
  const [, at, of] = /change (\d+) of (\d+)\)$/.exec(caption);
  assert.equal(at, of, `played to the last change: ${caption}`);
  return status;
}

/** Every node column as { name, status, text, cordoned, pods: [{ name, status, ready }] }. */
const nodesOf = (section) =>
  section.locator('.sim-node[data-node]:not(.sim-unscheduled)').evaluateAll((columns) =>
    columns.map((c) => ({
      name: c.dataset.node,
      status: c.dataset.status,
      text: c.querySelector('.sim-node-status')?.textContent ?? '',
      reason: c.querySelector('.sim-node-reason')?.textContent ?? '',
      cordoned: c.dataset.cordoned === 'true',
      pods: [...c.querySelectorAll('.sim-pod')].map((p) => ({ name: p.dataset.pod, status: p.dataset.status, ready: p.dataset.ready === 'true' })),
    })),
  );

/** Moves the slider the way a learner dragging it does (an input event per position). */
const scrubTo = (section, index) =>
  section.locator('[data-sim-slider]').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input'));
  }, index);

const sliderMax = async (section) => Number(await section.locator('[data-sim-slider]').getAttribute('max'));
const hidden = { style: '.site-header { visibility: hidden !important; }' };
const shot = (locator, name) => locator.screenshot({ path: join(root, `test-results/screenshots/${name}.png`), ...hidden });

/** Pods of a workload that are not being deleted, as `name@node`. */
const live = (nodes, prefix) => nodes.flatMap((n) => n.pods.filter((p) => p.name.startsWith(prefix) && p.status !== 'Terminating').map((p) => `${p.name}@${n.name}`));

export const tests = [
  {
    name: 'nodes: three columns with their pods; stopping a node leaves the StatefulSet pod Terminating on it while the Deployment pod is replaced elsewhere; starting it brings the pod back; the slider follows',
    timeout: 180_000,
    async run({ page, goto, consoleErrors }) {
      await goto(PAGE);
      const id = 'headless-service';
      const section = await openSimulator(page, id, MIXED_YAML);
      let nodes = await nodesOf(section);
      assert.deepEqual(nodes.map((n) => [n.name, n.status, n.text]), [
        ['node-1', 'Ready', 'Ready'],
        ['node-2', 'Ready', 'Ready'],
        ['node-3', 'Ready', 'Ready'],
      ]);
      assert.equal(nodes.flatMap((n) => n.pods).length, 6, `six pods: ${JSON.stringify(nodes)}`);
      assert.ok(nodes.every((n) => n.pods.length > 0 && n.pods.every((p) => p.status === 'Running' && p.ready)), JSON.stringify(nodes));
      assert.equal(await section.getByRole('group', { name: 'Nodes and their pods' }).count(), 1);
      assert.match(await section.locator('.sim-node[data-node="node-1"]').getAttribute('aria-label'), /^Node node-1: Ready, \d pods?$/);
      await shot(section.locator('[data-sim]'), 'sim-view-nodes');

      // The node that runs both a web pod and an api pod.
      const target = nodes.find((n) => n.pods.some((p) => p.name.startsWith('web-')) && n.pods.some((p) => p.name.startsWith('api-')));
      assert.ok(target, `a node with a web and an api pod: ${JSON.stringify(nodes)}`);
      const web = target.pods.find((p) => p.name.startsWith('web-')).name;
      const api = target.pods.find((p) => p.name.startsWith('api-')).name;
      const beforeStop = await sliderMax(section);

      await section.locator('[data-sim-select="node"]').selectOption(target.name);
      assert.match(await act(page, id, 'stopNode'), new RegExp(`^Stopped node ${target.name} \\(its kubelet no longer reports\\)\\.`));
      nodes = await nodesOf(section);
      const stopped = nodes.find((n) => n.name === target.name);
      assert.equal(stopped.status, 'NotReady', JSON.stringify(stopped));
      assert.equal(stopped.text, 'NotReady');
      assert.equal(stopped.reason, 'the kubelet stopped reporting (Ready condition Unknown)');
      assert.match(await section.locator(`.sim-node[data-node="${target.name}"] .sim-node-taints`).textContent(), /node\.kubernetes\.io\/unreachable:NoExecute/);
      // StatefulSet: the same pod stays on the lost node, Terminating, and is not replaced anywhere.
      assert.deepEqual(stopped.pods.find((p) => p.name === web), { name: web, status: 'Terminating', ready: false });
      assert.equal(await section.locator(`.sim-pod[data-pod="${web}"]`).count(), 1, `${web} exists once: never twice`);
      // Deployment: the old pod is Terminating there too, and a new one runs on another node.
      assert.equal(stopped.pods.find((p) => p.name === api)?.status, 'Terminating');
      const apis = live(nodes, 'api-');
      assert.equal(apis.length, 3, `three live api pods: ${apis}`);
      assert.ok(apis.every((p) => !p.endsWith(`@${target.name}`)), `none on the stopped node: ${apis}`);
      assert.ok(!apis.includes(`${api}@${target.name}`));
      await shot(section.locator('[data-sim]'), 'sim-view-node-stopped');

      // Scrub back to before the stop and forward again: the node's state follows the slider.
      const afterStop = await sliderMax(section);
      const seen = [];
      for (const i of [beforeStop, ...Array.from({ length: afterStop - beforeStop }, (_, k) => beforeStop + 1 + k)]) {
        await scrubTo(section, i);
        const n = (await nodesOf(section)).find((x) => x.name === target.name);
        const w = n.pods.find((p) => p.name === web);
        seen.push(`${n.status}/${w ? w.status : 'gone'}`);
      }
      assert.equal(seen[0], 'Ready/Running', `before the stop: ${seen.join(' ')}`);
      assert.equal(seen[seen.length - 1], 'NotReady/Terminating');
      const firstNotReady = seen.findIndex((s) => s.startsWith('NotReady'));
      assert.ok(firstNotReady > 0 && seen.slice(firstNotReady).every((s) => s.startsWith('NotReady')), `Ready, then NotReady for good: ${seen.join(' ')}`);
      assert.ok(seen.indexOf('NotReady/Terminating') > firstNotReady, `the pod is deleted only after the node went NotReady (taint eviction): ${seen.join(' ')}`);
      // Back to the middle: NotReady, pod not yet deleted; then forward to the end.
      await scrubTo(section, beforeStop + firstNotReady);
      assert.match((await section.locator(`.sim-node[data-node="${target.name}"]`).textContent()), /NotReady/);
      await shot(section.locator('[data-sim]'), 'sim-view-node-scrubbed');
      await scrubTo(section, beforeStop);
      assert.equal((await nodesOf(section)).find((x) => x.name === target.name).status, 'Ready');
      await scrubTo(section, afterStop);

      // Start the node: the kubelet finishes the deletion, and the StatefulSet recreates its pod.
      assert.match(await act(page, id, 'startNode'), new RegExp(`^Started node ${target.name} again\\.`));
      nodes = await nodesOf(section);
      assert.ok(nodes.every((n) => n.status === 'Ready'), JSON.stringify(nodes.map((n) => [n.name, n.status])));
      assert.ok(nodes.every((n) => n.pods.every((p) => p.status === 'Running' && p.ready)), `no pod left Terminating: ${JSON.stringify(nodes)}`);
      assert.equal(live(nodes, web).filter((p) => p.startsWith(`${web}@`)).length, 1, `${web} is back once: ${JSON.stringify(nodes)}`);
      assert.equal(live(nodes, 'web-').length, 3);
      assert.equal(live(nodes, 'api-').length, 3);
      await shot(section.locator('[data-sim]'), 'sim-view-node-started');
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'nodes: cordon shows SchedulingDisabled and keeps new pods away, uncordon clears it, drain moves every pod off the node',
    timeout: 180_000,
    async run({ page, goto, consoleErrors }) {
      await goto(PAGE);
      const id = 'headless-service';
      const section = await openSimulator(page, id, MIXED_YAML);
      const nodeSelect = section.locator('[data-sim-select="node"]');

      await nodeSelect.selectOption('node-1');
      assert.match(await act(page, id, 'cordon'), /^Cordoned node node-1: no new pods go there\./);
      let nodes = await nodesOf(section);
      const cordoned = nodes.find((n) => n.name === 'node-1');
      assert.equal(cordoned.text, 'Ready,SchedulingDisabled');
      assert.equal(cordoned.cordoned, true);
      assert.ok(cordoned.pods.length > 0 && cordoned.pods.every((p) => p.status === 'Running'), 'cordoning does not move running pods');
      // Scale the Deployment up: the new pod goes anywhere but node-1.
      const apisBefore = live(nodes, 'api-');
      await section.locator('[data-sim-select="workload"]').selectOption('Deployment/api');
      assert.match(await act(page, id, 'scale-up'), /^Scaled Deployment api to 4\./);
      nodes = await nodesOf(section);
      const added = live(nodes, 'api-').filter((p) => !apisBefore.includes(p));
      assert.equal(added.length, 1, `one new api pod: ${added}`);
      assert.ok(!added[0].endsWith('@node-1'), `the new pod avoids the cordoned node: ${added}`);
      await shot(section.locator('[data-sim]'), 'sim-view-cordoned');

      await nodeSelect.selectOption('node-1');
      assert.match(await act(page, id, 'uncordon'), /^Uncordoned node node-1\./);
      nodes = await nodesOf(section);
      assert.equal(nodes.find((n) => n.name === 'node-1').text, 'Ready');

      // Drain the node with the most pods: it ends cordoned and empty, every pod running elsewhere.
      const busiest = [...nodes].sort((a, b) => b.pods.length - a.pods.length)[0];
      const count = nodes.flatMap((n) => n.pods).length;
      await nodeSelect.selectOption(busiest.name);
      assert.match(await act(page, id, 'drain'), new RegExp(`^Draining node ${busiest.name}: cordoned, its pods evicted\\.`));
      nodes = await nodesOf(section);
      const drained = nodes.find((n) => n.name === busiest.name);
      assert.equal(drained.text, 'Ready,SchedulingDisabled');
      assert.deepEqual(drained.pods, [], `${busiest.name} is empty after the drain`);
      assert.equal(await section.locator(`.sim-node[data-node="${busiest.name}"] .sim-node-empty`).textContent(), 'No pods');
      const pods = nodes.flatMap((n) => n.pods);
      assert.equal(pods.length, count, `every pod was recreated elsewhere: ${JSON.stringify(nodes)}`);
      assert.ok(pods.every((p) => p.status === 'Running' && p.ready));
      assert.equal(live(nodes, 'web-').length, 3);
      await shot(section.locator('[data-sim]'), 'sim-view-drained');
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'app status: the replicas show their primary and replication; stopping the primary\'s node stops replication, starting it resumes',
    timeout: 180_000,
    async run({ page, goto, consoleErrors }) {
      await goto(PAGE);
      const id = 'replica-points-at-primary';
      const section = await openSimulator(page, id, read('exercises/10-stable-identity/replica-points-at-primary/solution.yaml'));
      const apps = () =>
        section.locator('.sim-apps li').evaluateAll((items) => items.map((li) => [li.dataset.pod, li.dataset.role, li.dataset.serving, li.querySelector('.sim-app-detail')?.textContent ?? '', li.dataset.warning]));
      const host = 'redis-0.redis.default.svc.cluster.local';
      assert.deepEqual(await apps(), [
        ['redis-0', 'primary', 'true', 'holds 0 writes', 'false'],
        ['redis-1', 'replica', 'true', `replicating from ${host}, 0 writes behind`, 'false'],
        ['redis-2', 'replica', 'true', `replicating from ${host}, 0 writes behind`, 'false'],
      ]);
      assert.equal(await section.getByRole('region', { name: 'App status' }).count(), 1);
      assert.match(await section.locator('.sim-apps .sim-app-role').first().textContent(), /^replicated-db · primary · serving$/);
      // Names and details are text, never markup.
      assert.equal(await section.locator('.sim-apps li b, .sim-apps li script').count(), 0);
      await shot(section.locator('[data-sim]'), 'sim-view-apps');
      // Earlier moments: the panel says the status belongs to the last moment.
      await scrubTo(section, 0);
      assert.match(await section.locator('.sim-apps').textContent(), /move the slider to the end/);
      await scrubTo(section, await sliderMax(section));

      const primaryNode = (await nodesOf(section)).find((n) => n.pods.some((p) => p.name === 'redis-0')).name;
      await section.locator('[data-sim-select="node"]').selectOption(primaryNode);
      await act(page, id, 'stopNode');
      const stoppedApps = await apps();
      assert.deepEqual(stoppedApps.slice(1).map((a) => a[4]), ['true', 'true'], 'a stopped replication is flagged');
      assert.deepEqual(stoppedApps.slice(1).map((a) => a[3]), [
        `replication from ${host} stopped: the name does not resolve (the primary is not Ready)`,
        `replication from ${host} stopped: the name does not resolve (the primary is not Ready)`,
      ]);
      await shot(section.locator('[data-sim]'), 'sim-view-apps-primary-lost');
      await act(page, id, 'startNode');
      assert.deepEqual((await apps()).slice(1).map((a) => a[3]), [`replicating from ${host}, 0 writes behind`, `replicating from ${host}, 0 writes behind`]);

      // Traffic: no shipped exercise sends requests yet, so hand the view a run with traffic counts
      // (the shape the worker returns) and check the panel; a hostile pod name stays text.
      const evil = '<img src=x onerror="window.__pwned=1">';
      await page.$eval(sectionOf(id), (el, name) => {
        const view = el.exerciseWidget.simView;
        view.extend({ timeline: view.run.timeline, events: view.run.events, history: [], apps: view.run.apps, traffic: { bucketMs: 1000, perPod: { 'redis-0': [6, 6], 'redis-1': [3], [name]: [1] }, totals: {}, failed: 2 } }, false);
      }, evil);
      const traffic = await section.locator('.sim-traffic li').evaluateAll((items) => items.map((li) => [li.querySelector('.sim-traffic-pod').textContent, li.querySelector('.sim-traffic-count').textContent]));
      assert.deepEqual(traffic, [
        ['redis-0', '12 (75 %)'],
        ['redis-1', '3 (19 %)'],
        [evil, '1 (6 %)'],
      ]);
      assert.equal(await section.locator('.sim-traffic img').count(), 0, 'a pod name is never parsed as HTML');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await section.locator('.sim-traffic .sim-failed-requests').textContent(), 'Requests that reached no pod in the whole run: 2');
      assert.equal(await section.locator('.sim-table', { hasText: 'Ordinal' }).locator('thead th').last().textContent(), 'App (now)');
      assert.ok((await section.locator('.sim-table', { hasText: 'Ordinal' }).locator('thead th').allTextContents()).includes('Requests'));
      await shot(section.locator('.sim-traffic'), 'sim-view-traffic');
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'playground: the database sample runs the replicated-db app, and the view shows db-0 primary and db-1 replicating',
    timeout: 90_000,
    async run({ page, goto, consoleErrors }) {
      const ROOT = '[data-playground]';
      await goto('/playground/');
      await page.waitForSelector(`${ROOT}[data-ready="true"]`);
      await page.waitForSelector(`${ROOT}[data-editor="monaco"] .monaco-editor`, { timeout: 20_000 });
      await page.locator(`${ROOT} [data-sample]`).selectOption('database');
      await page.locator(`${ROOT} [data-action="load-sample"]`).click();
      await page.locator(`${ROOT} [data-action="apply"]`).click();
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.now !== undefined && document.querySelector(sel)?.dataset.busy === 'false', ROOT, { timeout: 15_000 });
      await page.locator(`${ROOT} [data-act="run"]`).click();
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.busy === 'false' && document.querySelector(sel)?.dataset.pods === 'db-0 db-1', ROOT, { timeout: 20_000 });
      const view = page.locator(`${ROOT} [data-sim-view]`);
      await view.locator('.sim-apps li[data-pod="db-1"]').waitFor();
      assert.equal(await view.locator('.sim-apps li[data-pod="db-0"]').getAttribute('data-role'), 'primary');
      assert.equal(await view.locator('.sim-apps li[data-pod="db-1"] .sim-app-detail').textContent(), 'replicating from db-0.db, 0 writes behind');
      assert.equal(await view.locator('.sim-node').count() >= 3, true, 'the playground view draws the nodes too');
      await shot(view, 'sim-view-playground-database');
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'phone (390 px): node columns stack, a stopped node and the app panel fit the width',
    contextOptions: { viewport: { width: 390, height: 844 } },
    timeout: 180_000,
    async run({ page, goto }) {
      await goto(PAGE);
      const id = 'replica-points-at-primary';
      const section = await openSimulator(page, id, read('exercises/10-stable-identity/replica-points-at-primary/solution.yaml'));
      await section.locator('[data-sim-select="node"]').selectOption('node-2');
      await act(page, id, 'stopNode');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.sim-table-wrap, .monaco-editor'))
          .slice(0, 8)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
      );
      assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px); too wide: ${wide.join(', ')}`);
      const boxes = await section.locator('.sim-node').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      assert.ok(boxes.every((b) => b.left >= 0 && b.right <= width), `every node column inside the screen: ${JSON.stringify(boxes)}`);
      for (const name of ['sim-view-phone-nodes']) await shot(section.locator('.sim-nodes'), name);
      await shot(section.locator('.sim-apps'), 'sim-view-phone-apps');
    },
  },
];
