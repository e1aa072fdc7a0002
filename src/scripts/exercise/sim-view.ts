// The simulator view beside the results: a time slider (with play and step buttons) over the run's
// history, and at each moment
// the pods (ordinal, phase, readiness, revision), the claims, the per-pod DNS records and the event
// log. Every text is set with textContent.
import type { GradeResult } from '../../worker/protocol';
import { describeMoment, seconds } from './sim-model';

type Run = NonNullable<GradeResult['run']>;

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
  return t;
}

export function renderRun(container: HTMLElement, run: Run): void {
  container.replaceChildren();
  if (!run.history.length) {
    container.append(el('p', 'The simulator recorded nothing for this answer (it was not applied).'));
    return;
  }
  const last = run.history.length - 1;
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
    body.replaceChildren(
      table(
        'Pods',
        ['Pod', 'Ordinal', 'Phase', 'Ready', 'Revision'],
        m.pods.map((p) => [p.name + (p.deleting ? ' (terminating)' : ''), p.ordinal, p.phase, p.ready, p.revision]),
        'none',
      ),
      table('PersistentVolumeClaims', ['Claim', 'Phase', 'Volume'], m.claims.map((c) => [c.name, c.phase, c.volume]), 'none'),
      table('Per-pod DNS records', ['Name → IP'], m.dns.map((d) => [d]), 'none (they need a headless Service and Ready pods)'),
    );
    const log = el('pre', undefined, 'sim-events');
    log.textContent = m.events.length ? m.events.join('\n') : 'No events yet.';
    const h = el('h5', 'Events so far');
    body.append(h, log);
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
  play.addEventListener('click', () => {
    if (timer !== undefined) return stop();
    if (Number(slider.value) >= last) go(0);
    play.textContent = '❚❚ Pause';
    play.setAttribute('aria-label', 'Pause');
    container.dataset.simPlaying = 'true';
    timer = setInterval(() => {
      if (!container.isConnected || go(Number(slider.value) + 1) >= last) stop();
    }, PLAY_INTERVAL_MS);
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
}
