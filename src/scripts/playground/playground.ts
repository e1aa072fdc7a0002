// The playground page: an editor with sample manifests, Apply (a fresh cluster in the worker),
// buttons that act on the cluster, the simulator view of the last step, and a small kubectl.
// Every text reaches the page through textContent.
import type { SimAction, SimState } from '../../worker/protocol';
import { graderClient } from '../exercise/grader-client';
import { renderRun } from '../exercise/sim-view';
import type { Editor } from '../exercise/monaco-setup';
import { drainLines, plan, rolloutLines, watchLines, watchStart, type View } from './kubectl';
import { SAMPLES } from './samples';

export const SAVE_KEY = 'k8s-course:playground:v1';
const HISTORY_LIMIT = 100;
const EMPTY: View = { now: 0, objects: [], events: [] };

function q<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T {
  const node = root.querySelector<T>(selector);
  if (!node) throw new Error(`playground markup is missing ${selector}`);
  return node;
}

function loadSaved(): string | null {
  try {
    const raw = localStorage.getItem(SAVE_KEY);
    if (raw === null) return null;
    const data = JSON.parse(raw) as { v?: number; yaml?: unknown };
    return data?.v === 1 && typeof data.yaml === 'string' ? data.yaml : null;
  } catch {
    return null;
  }
}

function save(yaml: string): void {
  try {
    localStorage.setItem(SAVE_KEY, JSON.stringify({ v: 1, yaml, updatedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled: the playground still works, it just forgets.
  }
}

class Playground {
  private text: string;
  private editor: Editor | null = null;
  private fallback: HTMLTextAreaElement | null = null;
  private session: string | null = null;
  private state: SimState | null = null;
  private busy = false;
  private watching: Map<string, string> | null = null;
  private readonly history: string[] = [];
  private historyIndex = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {
    this.text = loadSaved() ?? SAMPLES[0].yaml;
    const select = q<HTMLSelectElement>(root, '[data-sample]');
    for (const s of SAMPLES) select.append(new Option(s.title, s.id));
    q(root, '[data-action="load-sample"]').addEventListener('click', () => {
      const sample = SAMPLES.find((s) => s.id === select.value) ?? SAMPLES[0];
      this.setText(sample.yaml);
      this.status(`Loaded the sample "${sample.title}". Press Apply to run it.`);
    });
    q(root, '[data-action="apply"]').addEventListener('click', () => void this.apply());
    root.querySelectorAll<HTMLButtonElement>('[data-act]').forEach((b) => b.addEventListener('click', () => void this.button(b.dataset.act ?? '')));
    const input = q<HTMLInputElement>(root, '[data-command]');
    input.addEventListener('keydown', (e) => this.onKey(e, input));
    q(root, '[data-editor-host]').addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void this.apply();
      }
    });
    this.print([`Type "help" for the commands. Press Apply to start a cluster from the manifests.`]);
    this.refreshControls();
    void this.loadEditor();
    (root as HTMLElement & { playground?: unknown }).playground = this;
    root.dataset.ready = 'true';
  }

  private async loadEditor(): Promise<void> {
    const host = q(this.root, '[data-editor-host]');
    try {
      const { createEditor } = await import('../exercise/monaco-setup');
      host.replaceChildren();
      const { editor } = await createEditor({ container: host, exerciseId: 'playground', value: this.text, label: 'Playground manifests (YAML). Press Ctrl+Enter to apply.' });
      this.editor = editor;
      editor.onDidChangeModelContent(() => this.changed(editor.getValue()));
      this.root.dataset.editor = 'monaco';
    } catch {
      const area = document.createElement('textarea');
      area.className = 'playground-fallback';
      area.spellcheck = false;
      area.value = this.text;
      area.setAttribute('aria-label', 'Playground manifests (YAML)');
      area.addEventListener('input', () => this.changed(area.value));
      host.replaceChildren(area);
      this.fallback = area;
      this.root.dataset.editor = 'textarea';
      this.status('The code editor could not load, so a plain text box is shown instead. Apply still works.');
    }
  }

  private changed(text: string): void {
    this.text = text;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => save(this.text), 300);
  }

  private setText(text: string): void {
    this.text = text;
    if (this.editor) this.editor.setValue(text);
    else if (this.fallback) this.fallback.value = text;
    else q(this.root, '[data-editor-host]').querySelector('pre')?.replaceChildren(text);
    save(text);
  }

  private status(text: string): void {
    q(this.root, '[data-status]').textContent = text;
  }

  /** Appends lines to the terminal, as text. */
  private print(lines: string[], className?: string): void {
    if (lines.length === 0) return;
    const out = q(this.root, '[data-terminal]');
    const block = document.createElement('span');
    block.textContent = lines.join('\n') + '\n';
    if (className) block.className = className;
    out.append(block);
    // Bounded: the oldest output goes first.
    while (out.childNodes.length > 500) out.firstChild?.remove();
    out.scrollTop = out.scrollHeight;
  }

  private view(): View {
    return this.state ?? EMPTY;
  }

  private async apply(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refreshControls();
    const old = this.session;
    this.watching = null;
    this.print(['$ kubectl apply -f playground.yaml'], 'terminal-command');
    const outcome = await graderClient().simOpen(this.text);
    this.busy = false;
    if (old) void graderClient().simClose(old);
    if (!outcome.ok) {
      this.print([`error: ${outcome.message}`], 'terminal-error');
      this.status(outcome.message);
      this.refreshControls();
      return;
    }
    const errors = outcome.value.diagnostics.filter((d) => d.severity === 'error');
    this.print(outcome.value.applied);
    this.print(outcome.value.diagnostics.map((d) => `${d.severity === 'error' ? 'error' : 'warning'}: ${d.line > 0 ? `line ${d.line}, column ${d.column}: ` : ''}${d.message}`), errors.length ? 'terminal-error' : undefined);
    this.session = outcome.value.session;
    this.show(outcome.value);
    this.status(errors.length ? 'Nothing was applied: fix the errors above and press Apply again.' : 'Applied. Time stands still until you advance it: try "Run until stable".');
  }

  private selected(name: string): string {
    return q<HTMLSelectElement>(this.root, `[data-select="${name}"]`).value;
  }

  private workload(): { kind: string; name: string; replicas: number } | null {
    const [kind, name] = this.selected('workload').split('/');
    const obj = this.state?.objects.find((o) => o.kind === kind && o.metadata.name === name);
    return obj ? { kind, name, replicas: Number(obj.spec?.replicas ?? 1) } : null;
  }

  private async button(act: string): Promise<void> {
    const pod = this.selected('pod');
    const node = this.selected('node');
    const w = this.workload();
    let action: SimAction | null = null;
    let note = '';
    switch (act) {
      case 'advance-1':
        action = { type: 'advance', ms: 1000 };
        break;
      case 'advance-10':
        action = { type: 'advance', ms: 10_000 };
        break;
      case 'run':
        action = { type: 'runUntilStable' };
        break;
      case 'scale-up':
      case 'scale-down':
        if (!w) break;
        action = { type: 'scale', kind: w.kind, name: w.name, replicas: Math.max(0, w.replicas + (act === 'scale-up' ? 1 : -1)) };
        note = `${w.kind.toLowerCase()}/${w.name} scaled to ${action.replicas}`;
        break;
      case 'image': {
        const image = q<HTMLInputElement>(this.root, '[data-image]').value.trim();
        if (!w || !image) break;
        action = { type: 'setImage', kind: w.kind, name: w.name, image };
        note = `${w.kind.toLowerCase()}/${w.name} image set to ${image}`;
        break;
      }
      case 'delete':
        if (pod) action = { type: 'deletePod', name: pod };
        note = `pod "${pod}" deleted`;
        break;
      case 'fail':
        if (pod) action = { type: 'failPod', name: pod };
        note = `pod "${pod}" marked Failed (its container exited with an error)`;
        break;
      case 'unready':
      case 'ready':
        if (pod) action = { type: 'setReady', pod, ready: act === 'ready' };
        note = `pod "${pod}" ${act === 'ready' ? 'passes' : 'fails'} its readiness probe from now on`;
        break;
      case 'stopNode':
      case 'startNode':
      case 'cordon':
      case 'uncordon':
      case 'drain':
        if (node) action = { type: act, node };
        note = {
          stopNode: `node "${node}" stopped: its kubelet no longer reports (advance time to see the node controller react)`,
          startNode: `node "${node}" started: its kubelet reports again`,
          cordon: `node "${node}" cordoned: no new pods are scheduled there`,
          uncordon: `node "${node}" uncordoned`,
          drain: `node "${node}" draining: cordoned, its pods are evicted as time advances`,
        }[act];
        break;
    }
    if (!action) return;
    const state = await this.act(action);
    if (state && note && !state.diagnostics.some((d) => d.severity === 'error')) this.status(note);
  }

  private async act(action: SimAction): Promise<SimState | null> {
    if (!this.session) {
      this.print(['error: nothing is running yet: press Apply first.'], 'terminal-error');
      return null;
    }
    if (this.busy) return null;
    this.busy = true;
    this.refreshControls();
    const outcome = await graderClient().simAct(this.session, action);
    this.busy = false;
    if (!outcome.ok) {
      this.print([`error: ${outcome.message}`], 'terminal-error');
      this.status(outcome.message);
      this.refreshControls();
      return null;
    }
    const state = outcome.value;
    this.print(state.diagnostics.map((d) => `${d.severity === 'error' ? 'error' : 'warning'}: ${d.message}`), 'terminal-error');
    if (this.watching) this.print(watchLines(state.history, this.watching));
    this.show(state);
    return state;
  }

  private show(state: SimState): void {
    this.state = state;
    this.root.dataset.now = String(state.now);
    this.root.dataset.pods = state.objects
      .filter((o) => o.kind === 'Pod')
      .map((o) => o.metadata.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .join(' ');
    q(this.root, '[data-clock]').textContent = `Simulated time: ${(state.now / 1000).toFixed(1)} s`;
    renderRun(q(this.root, '[data-sim-view]'), { timeline: state.timeline, events: state.events, history: state.history, traffic: state.traffic, apps: state.apps });
    this.fillSelect('pod', state.objects.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name));
    this.fillSelect('node', state.objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name));
    this.fillSelect('workload', state.objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment').map((o) => `${o.kind}/${o.metadata.name}`));
    this.refreshControls();
  }

  private fillSelect(name: string, values: string[]): void {
    const select = q<HTMLSelectElement>(this.root, `[data-select="${name}"]`);
    const current = select.value;
    const sorted = [...values].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    select.replaceChildren(...sorted.map((v) => new Option(v, v)));
    if (sorted.includes(current)) select.value = current;
  }

  private refreshControls(): void {
    const running = this.session !== null && !this.busy;
    this.root.querySelectorAll<HTMLButtonElement>('[data-act]').forEach((b) => (b.disabled = !running));
    q<HTMLButtonElement>(this.root, '[data-action="apply"]').disabled = this.busy;
    this.root.dataset.busy = String(this.busy);
    q(this.root, '[data-watching]').hidden = this.watching === null;
  }

  private onKey(e: KeyboardEvent, input: HTMLInputElement): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      const line = input.value;
      input.value = '';
      void this.command(line);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (this.history.length === 0) return;
      e.preventDefault();
      this.historyIndex = Math.max(0, Math.min(this.history.length, this.historyIndex + (e.key === 'ArrowUp' ? -1 : 1)));
      input.value = this.history[this.historyIndex] ?? '';
    } else if (e.key === 'c' && e.ctrlKey && this.watching && input.selectionStart === input.selectionEnd) {
      e.preventDefault();
      this.print(['^C']);
      this.watching = null;
      this.refreshControls();
    }
  }

  /** Runs one command line; resolves when its output is printed (tests and the e2e wait on data-commands). */
  async command(line: string): Promise<void> {
    const trimmed = line.trim();
    if (trimmed) {
      if (this.history[this.history.length - 1] !== trimmed) this.history.push(trimmed);
      if (this.history.length > HISTORY_LIMIT) this.history.shift();
    }
    this.historyIndex = this.history.length;
    this.print([`$ ${trimmed.startsWith('kubectl') || !trimmed ? trimmed : `kubectl ${trimmed}`}`], 'terminal-command');
    const p = trimmed ? plan(trimmed, this.view()) : { lines: [] };
    if (p.clear) q(this.root, '[data-terminal]').replaceChildren();
    if (!p.action && !p.clear && trimmed) this.watching = p.watch ? watchStart(this.view()) : null;
    if (!this.session && p.action) {
      this.print(['error: nothing is running yet: press Apply first.'], 'terminal-error');
    } else {
      this.print(p.lines, p.error ? 'terminal-error' : undefined);
      if (p.action) {
        const state = await this.act(p.action);
        if (state && !state.diagnostics.some((d) => d.severity === 'error')) {
          this.print(p.success ?? []);
          if (p.rollout) this.print(rolloutLines(p.rollout.kind, p.rollout.name, state.history));
          if (p.drain) {
            // kubectl drain waits for the evictions: so does this one (at most ten simulated minutes).
            const settled = await this.act({ type: 'runUntilStable', maxMs: 600_000 });
            if (settled) this.print(drainLines(p.drain.node, p.drain.pods, [...state.history, ...settled.history], settled.objects));
          }
        }
      }
    }
    this.refreshControls();
    this.root.dataset.commands = String(Number(this.root.dataset.commands ?? '0') + 1);
  }
}


export function initPlayground(): void {
  document.querySelectorAll<HTMLElement>('[data-playground]').forEach((root) => {
    if (root.dataset.ready !== 'true') new Playground(root);
  });
}
