// The "act on this cluster" panel under an exercise's simulator view: scale a workload, change its
// image, delete / fail / hold unready a pod, stop / start / cordon / uncordon / drain a node, wait.
// It only builds the controls and says which action the learner asked for; exercise.ts sends it to
// the worker session and extends the view. Names reach the page as option text, never as HTML.
import type { KubeObject, SimAction } from '../../worker/protocol';

export type ActionRequest = { action: SimAction; note: string };

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** What the panel offers, from the objects of the cluster's latest moment. */
export interface ActionTargets {
  workloads: string[];
  pods: string[];
  nodes: string[];
}

export function targetsOf(objects: KubeObject[]): ActionTargets {
  const names = (kinds: string[], withKind: boolean) =>
    objects
      .filter((o) => kinds.includes(o.kind) && o.metadata.deletionTimestamp === undefined)
      .map((o) => (withKind ? `${o.kind}/${o.metadata.name}` : o.metadata.name))
      .sort(byName);
  return { workloads: names(['StatefulSet', 'Deployment'], true), pods: names(['Pod'], false), nodes: names(['Node'], false) };
}

/** The status line after an action went through: written for the learner. */
export function actionNote(action: SimAction): string {
  switch (action.type) {
    case 'scale':
      return `Scaled ${action.kind} ${action.name} to ${action.replicas}.`;
    case 'setImage':
      return `Changed the image of ${action.kind} ${action.name} to ${action.image}.`;
    case 'deletePod':
      return `Deleted pod ${action.name}.`;
    case 'failPod':
      return `Pod ${action.name} failed (its container exited with an error).`;
    case 'setReady':
      return action.ready ? `Pod ${action.pod} passes its readiness probe again.` : `Pod ${action.pod} is held unready (its readiness probe fails from now on).`;
    case 'stopNode':
      return `Stopped node ${action.node} (its kubelet no longer reports).`;
    case 'startNode':
      return `Started node ${action.node} again.`;
    case 'cordon':
      return `Cordoned node ${action.node}: no new pods go there.`;
    case 'uncordon':
      return `Uncordoned node ${action.node}.`;
    case 'drain':
      return `Draining node ${action.node}: cordoned, its pods evicted.`;
    case 'advance':
      return `Waited ${Math.round(action.ms / 1000)} s.`;
    case 'runUntilStable':
      return 'Ran until the cluster settled.';
  }
}

/** How much simulated time the view runs after an action (enough for taint-based eviction, 300 s). */
export const AFTER_ACTION_MS = 600_000;
export const WAIT_MS = 30_000;

function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface ActionsPanel {
  refresh(objects: KubeObject[]): void;
  setBusy(busy: boolean): void;
  status(text: string, isError?: boolean): void;
}

/**
 * Builds the panel in `host`. `idPrefix` keeps label ids unique on a page with several exercises.
 * `onAct` is called with the action the learner chose (never while busy).
 */
export function renderActions(host: HTMLElement, idPrefix: string, objects: KubeObject[], onAct: (request: ActionRequest) => void): ActionsPanel {
  host.replaceChildren();
  host.classList.add('sim-actions');
  const group = make('fieldset');
  group.append(make('legend', 'Act on this cluster'));
  const help = make('p', 'Each action runs the cluster on until it settles (at most 10 simulated minutes); the slider then plays what the controllers did.');
  help.className = 'sim-actions-help';
  group.append(help);
  let busy = false;
  const buttons: HTMLButtonElement[] = [];
  const select = (name: string, label: string) => {
    const s = make('select');
    s.id = `${idPrefix}-${name}`;
    s.dataset.simSelect = name;
    const l = make('label', label);
    l.htmlFor = s.id;
    return { s, l };
  };
  const button = (text: string, act: string, aria?: string) => {
    const b = make('button', text);
    b.type = 'button';
    b.dataset.simAct = act;
    if (aria) b.setAttribute('aria-label', aria);
    b.addEventListener('click', () => fire(act));
    buttons.push(b);
    return b;
  };
  const row = (className: string, ...children: HTMLElement[]) => {
    const div = make('div');
    div.className = `sim-actions-row ${className}`;
    div.append(...children);
    group.append(div);
    return div;
  };

  const workload = select('workload', 'Workload');
  const image = make('input');
  image.type = 'text';
  image.id = `${idPrefix}-image`;
  image.dataset.simImage = '';
  image.placeholder = 'new image, e.g. nginx:1.27';
  image.autocomplete = 'off';
  image.spellcheck = false;
  const imageLabel = make('label', 'New image');
  imageLabel.htmlFor = image.id;
  imageLabel.className = 'visually-hidden';
  const workloadRow = row('sim-actions-workload', workload.l, workload.s, button('Scale −', 'scale-down', 'Scale down by one'), button('Scale +', 'scale-up', 'Scale up by one'), imageLabel, image, button('Change image', 'image'));

  const pod = select('pod', 'Pod');
  const podRow = row('sim-actions-pod', pod.l, pod.s, button('Delete', 'delete', 'Delete pod'), button('Fail', 'fail', 'Fail pod'), button('Hold unready', 'unready'), button('Make ready', 'ready'));

  const node = select('node', 'Node');
  const nodeRow = row(
    'sim-actions-node',
    node.l,
    node.s,
    button('Stop', 'stopNode', 'Stop node'),
    button('Start', 'startNode', 'Start node'),
    button('Cordon', 'cordon', 'Cordon node'),
    button('Uncordon', 'uncordon', 'Uncordon node'),
    button('Drain', 'drain', 'Drain node'),
  );
  row('sim-actions-time', button('Wait 30 s', 'wait'));
  const statusLine = make('p');
  statusLine.className = 'sim-actions-status';
  statusLine.setAttribute('role', 'status');
  statusLine.dataset.simActionStatus = '';
  host.append(group, statusLine);

  const fill = (s: HTMLSelectElement, values: string[]) => {
    const current = s.value;
    s.replaceChildren(...values.map((v) => new Option(v, v)));
    if (values.includes(current)) s.value = current;
  };
  let latest = objects;
  const refresh = (objs: KubeObject[]) => {
    latest = objs;
    const t = targetsOf(objs);
    fill(workload.s, t.workloads);
    fill(pod.s, t.pods);
    fill(node.s, t.nodes);
    workloadRow.hidden = t.workloads.length === 0;
    podRow.hidden = t.pods.length === 0;
    nodeRow.hidden = t.nodes.length === 0;
    if (!image.value) {
      const [kind, name] = workload.s.value.split('/');
      const w = objs.find((o) => o.kind === kind && o.metadata.name === name);
      const current = w?.spec?.template?.spec?.containers?.[0]?.image;
      if (typeof current === 'string') image.placeholder = `new image (now ${current})`;
    }
  };
  const status = (text: string, isError = false) => {
    statusLine.textContent = text;
    statusLine.dataset.state = isError ? 'error' : 'ok';
  };

  function fire(act: string): void {
    if (busy) return;
    const request = choose(act);
    if (!request) return;
    onAct(request);
  }

  function choose(act: string): ActionRequest | null {
    const [kind, name] = workload.s.value.split('/');
    const w = latest.find((o) => o.kind === kind && o.metadata.name === name);
    const p = pod.s.value;
    const n = node.s.value;
    let action: SimAction | null = null;
    switch (act) {
      case 'scale-up':
      case 'scale-down': {
        if (!w) return null;
        const replicas = Math.max(0, Number(w.spec?.replicas ?? 1) + (act === 'scale-up' ? 1 : -1));
        action = { type: 'scale', kind, name, replicas };
        break;
      }
      case 'image': {
        const value = image.value.trim();
        if (!w) return null;
        if (!value) {
          status('Type the new image first (for example nginx:1.27), then press Change image.', true);
          image.focus();
          return null;
        }
        action = { type: 'setImage', kind, name, image: value };
        break;
      }
      case 'delete':
        if (p) action = { type: 'deletePod', name: p };
        break;
      case 'fail':
        if (p) action = { type: 'failPod', name: p };
        break;
      case 'unready':
      case 'ready':
        if (p) action = { type: 'setReady', pod: p, ready: act === 'ready' };
        break;
      case 'stopNode':
      case 'startNode':
      case 'cordon':
      case 'uncordon':
      case 'drain':
        if (n) action = { type: act, node: n };
        break;
      case 'wait':
        action = { type: 'advance', ms: WAIT_MS };
        break;
    }
    return action ? { action, note: actionNote(action) } : null;
  }

  refresh(objects);
  return {
    refresh,
    status,
    setBusy(value: boolean) {
      busy = value;
      for (const b of buttons) b.disabled = value;
      host.dataset.busy = String(value);
    },
  };
}
