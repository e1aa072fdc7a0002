// The simulator view beside the results: a time slider (with play and step buttons) over the run's
// history, and at each moment the nodes with the pods on each, the pods (ordinal, phase,
// readiness, revision, node, requests served, app role), the claims, the per-pod DNS records and
// the event log. The run can grow (the learner acts on the cluster): `extend` appends to it and
// plays from the first new change. Every text is set with textContent.
import { describeMoment, seconds, type AppRow, type NodeColumn, type PodRow, type Run, type SimMoment, type TrafficRow } from './sim-model';

export type { Run } from './sim-model';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function table(caption: string, headers: string[], rows: string[][], empty: string): HTMLElement {
  if (rows.length === 0) return el('p', `${caption}: ${empty}`, 'sim-empty');
  const t = el('table', undefined, 'sim-table');
  t.append(el('caption', caption));
  const head = el('tr');
  for (const h of headers) {
    const th = el('th', h);
    th.scope = 'col';
    head.append(th);
  }
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(head);
  for (const row of rows) {
    const tr = el('tr');
    for (const cell of row) tr.append(el('td', cell));
    t.tBodies[0].append(tr);
  }
  // A wide table scrolls inside its own box on a phone instead of widening the page.
  const wrap = el('div', undefined, 'sim-table-wrap');
  wrap.append(t);
  return wrap;
}

/** `Ready`, `Ready,SchedulingDisabled`, `NotReady`: kubectl get nodes' STATUS column. */
export function nodeStatusText(node: Pick<NodeColumn, 'status' | 'cordoned' | 'known'>): string {
  if (!node.known) return 'not a node of this cluster';
  return node.cordoned ? `${node.status},SchedulingDisabled` : node.status;
}

/** A list item whose long `a.b/c:Effect` text may wrap after `/` and before `:` (with <wbr>, built as DOM, never HTML). */
function breakable(text: string): HTMLElement {
  const li = el('li');
  const parts = text.split(/(?<=\/)|(?=:)/);
  parts.forEach((part, i) => {
    if (i > 0) li.append(document.createElement('wbr'));
    li.append(document.createTextNode(part));
  });
  return li;
}

function podCard(pod: PodRow): HTMLElement {
  const li = el('li', undefined, 'sim-pod');
  li.dataset.pod = pod.name;
  li.dataset.phase = pod.phase;
  li.dataset.status = pod.status;
  li.dataset.ready = pod.ready === 'Ready' ? 'true' : 'false';
  li.append(el('span', pod.name, 'sim-pod-name'));
  const facts = [pod.status, pod.ready];
  if (pod.requests !== undefined) facts.push(`${pod.requests} req`);
  if (pod.app) facts.push(pod.app);
  li.append(el('span', facts.join(' · '), 'sim-pod-facts'));
  return li;
}

function nodeColumn(node: NodeColumn): HTMLElement {
  const status = nodeStatusText(node);
  const section = el('section', undefined, 'sim-node');
  section.dataset.node = node.name;
  section.dataset.status = node.known ? node.status : 'Unknown';
  if (node.cordoned) section.dataset.cordoned = 'true';
  section.setAttribute('aria-label', `Node ${node.name}: ${status}, ${node.pods.length} pod${node.pods.length === 1 ? '' : 's'}`);
  const head = el('h6', undefined, 'sim-node-head');
  head.append(el('span', node.name, 'sim-node-name'), el('span', status, 'sim-node-status'));
  section.append(head);
  if (node.reason && node.known) section.append(el('p', node.reason, 'sim-node-reason'));
  if (node.taints.length) {
    const taints = el('ul', undefined, 'sim-node-taints');
    taints.setAttribute('aria-label', 'Taints');
    for (const taint of node.taints) taints.append(breakable(taint));
    section.append(el('p', 'Taints:', 'sim-node-taints-label'), taints);
  }
  if (node.pods.length === 0) section.append(el('p', 'No pods', 'sim-node-empty'));
  else {
    const list = el('ul', undefined, 'sim-pods');
    for (const pod of node.pods) list.append(podCard(pod));
    section.append(list);
  }
  return section;
}

function nodesGrid(m: SimMoment): HTMLElement | null {
  if (m.nodes.length === 0) return null;
  const wrap = el('div', undefined, 'sim-nodes');
  wrap.setAttribute('role', 'group');
  wrap.setAttribute('aria-label', 'Nodes and their pods');
  for (const node of m.nodes) wrap.append(nodeColumn(node));
  if (m.unscheduled.length) {
    const section = el('section', undefined, 'sim-node sim-unscheduled');
    section.dataset.node = '';
    section.setAttribute('aria-label', `Not scheduled yet: ${m.unscheduled.length} pod${m.unscheduled.length === 1 ? '' : 's'}`);
    section.append(el('h6', 'Not scheduled', 'sim-node-head'));
    const list = el('ul', undefined, 'sim-pods');
    for (const pod of m.unscheduled) list.append(podCard(pod));
    section.append(list);
    wrap.append(section);
  }
  return wrap;
}

/** Requests served per pod up to the moment shown, with a bar for each pod's share. */
function trafficPanel(rows: TrafficRow[], failed: number): HTMLElement {
  const section = el('section', undefined, 'sim-panel sim-traffic');
  section.setAttribute('aria-label', 'Requests served');
  section.append(el('h5', 'Requests served so far'));
  if (rows.length === 0) section.append(el('p', 'No pod has served a request yet.', 'sim-empty'));
  else {
    const list = el('ul', undefined, 'sim-traffic-list');
    for (const row of rows) {
      const li = el('li');
      li.dataset.pod = row.pod;
      li.dataset.requests = String(row.requests);
      const percent = Math.round(row.share * 100);
      li.append(el('span', row.pod, 'sim-traffic-pod'), el('span', `${row.requests} (${percent} %)`, 'sim-traffic-count'));
      const bar = el('span', undefined, 'sim-traffic-bar');
      bar.setAttribute('aria-hidden', 'true');
      bar.style.setProperty('--share', `${Math.max(1, percent)}%`);
      li.append(bar);
      list.append(li);
    }
    section.append(list);
  }
  if (failed > 0) section.append(el('p', `Requests that reached no pod in the whole run: ${failed}`, 'sim-failed-requests'));
  return section;
}

/** What each pod's app model says now: role, serving, and the lesson's fact (majority, replication, sessions, data). */
function appsPanel(rows: AppRow[]): HTMLElement {
  const section = el('section', undefined, 'sim-panel sim-apps');
  section.setAttribute('aria-label', 'App status');
  section.append(el('h5', 'App status (at the last moment)'));
  const list = el('ul', undefined, 'sim-apps-list');
  for (const row of rows) {
    const li = el('li');
    li.dataset.pod = row.pod;
    li.dataset.serving = String(row.serving);
    li.dataset.warning = String(row.warning);
    if (row.role) li.dataset.role = row.role;
    const head = el('span', undefined, 'sim-app-head');
    head.append(el('span', row.pod, 'sim-app-pod'), el('span', [row.model, row.role, row.serving ? 'serving' : 'not serving'].filter(Boolean).join(' · '), 'sim-app-role'));
    li.append(head);
    if (row.detail) li.append(el('span', row.detail, 'sim-app-detail'));
    list.append(li);
  }
  section.append(list);
  return section;
}

export interface SimView {
  /** The run on show (grows with `extend`). */
  readonly run: Run;
  /**
   * Appends `more` (a session's later snapshots, with the events and timeline so far) and moves to
   * the first new change, playing from there unless `play` is false.
   */
  extend(more: Run, play?: boolean): void;
  /** The index of the last change (the slider's max). */
  last(): number;
}

export function renderRun(container: HTMLElement, initial: Run): SimView {
  container.replaceChildren();
  container.classList.add('sim-view');
  const run: Run = { ...initial, history: [...initial.history] };
  if (!run.history.length) {
    container.append(el('p', 'The simulator recorded nothing for this answer (it was not applied).'));
    return { run, extend: () => undefined, last: () => 0 };
  }
  let last = run.history.length - 1;
  const label = el('label', undefined, 'sim-slider');
  const caption = el('span');
  const slider = el('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(last);
  slider.value = String(last);
  slider.dataset.simSlider = '';
  label.append(caption, slider);
  const controls = el('div', undefined, 'sim-controls');
  const button = (text: string, name: string, title: string) => {
    const b = el('button', text);
    b.type = 'button';
    b.dataset.simControl = name;
    b.setAttribute('aria-label', title);
    b.title = title;
    return b;
  };
  const back = button('◀ Step', 'back', 'Step back one change');
  const play = button('▶ Play', 'play', 'Play the run from here');
  const forward = button('Step ▶', 'forward', 'Step forward one change');
  controls.append(back, play, forward);
  const body = el('div', undefined, 'sim-body');
  container.append(label, controls, body);

  const show = (index: number) => {
    const m = describeMoment(run, index);
    caption.textContent = `Time ${seconds(m.t)} (change ${index + 1} of ${last + 1})`;
    slider.setAttribute('aria-valuetext', `${seconds(m.t)}, change ${index + 1} of ${last + 1}`);
    const traffic = run.traffic !== undefined;
    const withNodes = m.nodes.length > 0;
    const apps = m.pods.some((p) => p.app !== undefined);
    const headers = ['Pod', 'Ordinal', 'Phase', 'Ready', 'Revision'];
    if (withNodes) headers.push('Node');
    if (traffic) headers.push('Requests');
    if (apps) headers.push('App (now)');
    const rows = m.pods.map((p) => {
      const row = [p.name + (p.deleting ? ' (terminating)' : ''), p.ordinal, p.phase, p.ready, p.revision];
      if (withNodes) row.push(p.node || '–');
      if (traffic) row.push(String(p.requests ?? 0));
      if (apps) row.push(p.app ?? '–');
      return row;
    });
    const parts: HTMLElement[] = [];
    const grid = nodesGrid(m);
    if (grid) parts.push(grid);
    if (m.traffic) parts.push(trafficPanel(m.traffic, m.failedRequests ?? 0));
    if (m.apps.length) parts.push(appsPanel(m.apps));
    else if (run.apps?.length) {
      const note = el('section', undefined, 'sim-panel sim-apps');
      note.setAttribute('aria-label', 'App status');
      note.append(el('h5', 'App status (at the last moment)'), el('p', 'The apps report their status for the last moment only: move the slider to the end to see it.', 'sim-empty'));
      parts.push(note);
    }
    parts.push(table('Pods', headers, rows, 'none'));
    parts.push(
      table('PersistentVolumeClaims', ['Claim', 'Phase', 'Volume'], m.claims.map((c) => [c.name, c.phase, c.volume]), 'none'),
      table('Per-pod DNS records', ['Name → IP'], m.dns.map((d) => [d]), 'none (they need a headless Service and Ready pods)'),
    );
    body.replaceChildren(...parts);
    const log = el('pre', undefined, 'sim-events');
    log.textContent = m.events.length ? m.events.join('\n') : 'No events yet.';
    const h = el('h5', 'Events so far');
    body.append(h, log);
    container.dataset.simIndex = String(index);
  };
  // Playing walks the recorded changes at a readable pace; any manual move stops it.
  const PLAY_INTERVAL_MS = 400;
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    play.textContent = '▶ Play';
    play.setAttribute('aria-label', 'Play the run from here');
    container.dataset.simPlaying = 'false';
  };
  const go = (index: number) => {
    const clamped = Math.max(0, Math.min(last, index));
    slider.value = String(clamped);
    show(clamped);
    return clamped;
  };
  const start = () => {
    play.textContent = '❚❚ Pause';
    play.setAttribute('aria-label', 'Pause');
    container.dataset.simPlaying = 'true';
    timer = setInterval(() => {
      if (!container.isConnected || go(Number(slider.value) + 1) >= last) stop();
    }, PLAY_INTERVAL_MS);
  };
  play.addEventListener('click', () => {
    if (timer !== undefined) return stop();
    if (Number(slider.value) >= last) go(0);
    start();
  });
  back.addEventListener('click', () => {
    stop();
    go(Number(slider.value) - 1);
  });
  forward.addEventListener('click', () => {
    stop();
    go(Number(slider.value) + 1);
  });
  slider.addEventListener('input', () => {
    stop();
    show(Number(slider.value));
  });
  container.dataset.simPlaying = 'false';
  show(last);

  return {
    run,
    last: () => last,
    extend(more: Run, autoplay = true) {
      stop();
      const first = last + 1;
      // A request that changed nothing still reports the current moment: do not repeat a moment.
      const same = (a: Run['history'][number], b: Run['history'][number]) => a.t === b.t && JSON.stringify(a.objects) === JSON.stringify(b.objects);
      for (const snapshot of more.history) {
        if (!same(run.history[run.history.length - 1], snapshot)) run.history.push(snapshot);
      }
      run.events = more.events;
      run.timeline = more.timeline;
      run.traffic = more.traffic;
      run.apps = more.apps;
      last = run.history.length - 1;
      slider.max = String(last);
      // Start on the last moment before the action, so the first step shows what it changed.
      go(Math.min(Math.max(0, first - 1), last));
      if (autoplay && first <= last && !prefersReducedMotion()) start();
    },
  };
}

function prefersReducedMotion(): boolean {
  try {
    return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  } catch {
    return false;
  }
}
