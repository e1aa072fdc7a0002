// The exercise widget's behaviour: lazy editor, autosave, live diagnostics, Check, hints, solution
// diff and reset. One controller per <section class="exercise">; see Exercise.astro for the markup.
import { SESSION_GONE_MESSAGE, type Diagnostic, type Exercise, type GradeResult, type SimState, type Submission } from '../../worker/protocol';
import { diffLines } from './diff';
import { hintButtonText, hintLabel } from './format';
import { graderClient } from './grader-client';
import { markSolvedLessons } from './progress-marks';
import { renderDiagnostics, renderMessage, renderResult } from './results';
import { AFTER_ACTION_MS, renderActions, type ActionRequest, type ActionsPanel } from './sim-actions';
import { renderRun, type SimView } from './sim-view';
import { browserStorage, clearWork, loadSolved, loadWork, markSolved, saveWork } from './storage';
import type { Editor, Monaco } from './monaco-setup';

const VALIDATE_DEBOUNCE_MS = 300;
export const SIM_SESSION_CLOSED_MESSAGE = 'This simulated cluster was closed (the page started newer ones). Close and reopen "Watch the simulator" to start again from your checked YAML.';
export const EDITOR_FAILED_MESSAGE = 'The code editor could not load, so a plain text box is shown instead. Checking still works.';

function q<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T | null {
  return root.querySelector<T>(selector);
}

class ExerciseWidget {
  private readonly exercise: Exercise;
  private readonly storage = browserStorage();
  private text: string;
  private monaco: Monaco | null = null;
  private editor: Editor | null = null;
  private fallback: HTMLTextAreaElement | null = null;
  private editorLoading: Promise<void> | null = null;
  private validateTimer: ReturnType<typeof setTimeout> | undefined;
  private validateSeq = 0;
  private hintsShown = 0;
  private checking = false;
  /** The simulator view and its actions: the YAML the run came from, and the worker session started on first action. */
  private simView: SimView | null = null;
  private simPanel: ActionsPanel | null = null;
  private simYaml = '';
  private simSession: string | null = null;
  private simSessionClosed = false;

  constructor(private readonly root: HTMLElement) {
    this.exercise = JSON.parse(q(root, 'script[data-exercise-json]')?.textContent ?? 'null') as Exercise;
    const saved = loadWork(this.storage, this.exercise.id);
    this.text = saved?.yaml ?? this.exercise.starter ?? '';
    if (saved?.answers) this.restoreAnswers(saved.answers);
    const pre = q(root, '[data-starter]');
    if (pre && saved?.yaml !== undefined) pre.textContent = this.text;
    if (saved) root.dataset.restored = 'true';
    this.wire();
    if (loadSolved(this.storage)[this.exercise.id]) root.dataset.solved = 'true';
    root.dataset.ready = 'true';
    // For the browser tests and the bench: the widget (editor, monaco) is reachable from its element.
    (root as HTMLElement & { exerciseWidget?: unknown }).exerciseWidget = this;
  }

  private wire(): void {
    const root = this.root;
    q(root, '[data-action="check"]')?.addEventListener('click', () => void this.check());
    q(root, '[data-action="hint"]')?.addEventListener('click', () => this.nextHint());
    q(root, '[data-action="solution"]')?.addEventListener('click', () => this.showSolution());
    q(root, '[data-action="reset"]')?.addEventListener('click', () => this.reset());
    root.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void this.check();
      }
    });
    const sim = q<HTMLDetailsElement>(root, '[data-sim]');
    sim?.addEventListener('toggle', () => {
      if (sim.open) void this.loadRun();
    });
    if (this.exercise.kind === 'quiz') {
      root.addEventListener('change', () => saveWork(this.storage, this.exercise.id, { answers: this.answers() }));
      return;
    }
    // The editor loads when the exercise comes near the viewport or anything in it gets focus.
    root.addEventListener('focusin', () => void this.loadEditor(), { once: true });
    if ('IntersectionObserver' in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            observer.disconnect();
            void this.loadEditor();
          }
        },
        { rootMargin: '200px 0px' },
      );
      observer.observe(root);
    } else {
      void this.loadEditor();
    }
  }

  private status(text: string): void {
    const node = q(this.root, '[data-editor-status]');
    if (node) node.textContent = text;
  }

  loadEditor(): Promise<void> {
    this.editorLoading ??= this.createEditor();
    return this.editorLoading;
  }

  private async createEditor(): Promise<void> {
    const host = q(this.root, '[data-editor]');
    const pre = q(this.root, '[data-starter]');
    if (!host) return;
    this.status('Loading the editor…');
    try {
      const { createEditor } = await import('./monaco-setup');
      const label = `YAML editor for the exercise "${this.exercise.title}". Press Control+Enter to check; press Control+M, then Tab, to move focus out of the editor.`;
      host.hidden = false;
      const { monaco, editor } = await createEditor({ container: host, exerciseId: this.exercise.id, value: this.text, label });
      this.monaco = monaco;
      this.editor = editor;
      if (pre) pre.hidden = true;
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void this.check());
      editor.onDidChangeModelContent(() => this.onEdit(editor.getValue()));
      // The editor grows with its content between 12 and 36 lines, so short answers stay compact.
      const fit = () => {
        const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
        const height = Math.min(36 * lineHeight, Math.max(12 * lineHeight, editor.getContentHeight())) + 2;
        host.style.height = `${height}px`;
      };
      editor.onDidContentSizeChange(fit);
      fit();
      this.root.dataset.editor = 'monaco';
      this.status('');
      this.scheduleValidate();
    } catch (err) {
      console.warn('Monaco failed to load', err);
      host.hidden = true;
      this.useFallback(pre);
    }
  }

  private useFallback(pre: HTMLElement | null): void {
    const area = document.createElement('textarea');
    area.className = 'exercise-fallback';
    area.spellcheck = false;
    area.value = this.text;
    area.rows = Math.min(30, Math.max(8, this.text.split('\n').length + 1));
    area.setAttribute('aria-label', `YAML for the exercise "${this.exercise.title}"`);
    area.addEventListener('input', () => this.onEdit(area.value));
    pre?.replaceWith(area);
    this.fallback = area;
    this.root.dataset.editor = 'textarea';
    this.status(EDITOR_FAILED_MESSAGE);
  }

  private onEdit(value: string): void {
    this.text = value;
    saveWork(this.storage, this.exercise.id, { yaml: value });
    this.scheduleValidate();
  }

  private scheduleValidate(): void {
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => void this.validate(), VALIDATE_DEBOUNCE_MS);
  }

  private async validate(): Promise<void> {
    const seq = ++this.validateSeq;
    const outcome = await graderClient().validate(this.text);
    if (seq !== this.validateSeq || !outcome.ok) return; // stale, or the checker is busy/broken: Check will tell
    this.showDiagnostics(outcome.value);
    this.root.dataset.validated = String(Number(this.root.dataset.validated ?? '0') + 1);
  }

  private showDiagnostics(diagnostics: Diagnostic[]): void {
    const list = q(this.root, '[data-diagnostics]');
    if (list) renderDiagnostics(list, diagnostics, (d) => void this.goTo(d.line, d.column));
    const monaco = this.monaco;
    const model = this.editor?.getModel();
    if (!monaco || !model) return;
    const lineCount = model.getLineCount();
    const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
    const markers = diagnostics
      .filter((d) => d.line > 0)
      .map((d) => {
        const line = Math.min(d.line, lineCount);
        const maxColumn = model.getLineMaxColumn(line);
        const column = Math.min(Math.max(1, d.column), maxColumn);
        return {
          severity: severity[d.severity as 'error' | 'warning' | 'info'] ?? monaco.MarkerSeverity.Error,
          message: d.message,
          code: d.code,
          source: 'simulator',
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: column < maxColumn ? maxColumn : column + 1,
        };
      });
    monaco.editor.setModelMarkers(model, 'simulator', markers);
  }

  private async goTo(line: number, column: number): Promise<void> {
    await this.loadEditor();
    if (this.editor) {
      this.editor.setPosition({ lineNumber: line, column: Math.max(1, column) });
      this.editor.revealLineInCenterIfOutsideViewport(line);
      this.editor.focus();
    } else if (this.fallback) {
      const lines = this.fallback.value.split('\n');
      const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
      this.fallback.focus();
      this.fallback.setSelectionRange(offset, offset);
    }
  }

  private currentYaml(): string {
    return this.editor ? this.editor.getValue() : this.fallback ? this.fallback.value : this.text;
  }

  private submission(): Submission {
    return this.exercise.kind === 'quiz' ? { answers: this.answers() } : { yaml: this.currentYaml() };
  }

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const button = q<HTMLButtonElement>(this.root, '[data-action="check"]');
    const results = q(this.root, '[data-results]');
    const live = q(this.root, '[data-live]');
    button?.setAttribute('aria-busy', 'true');
    if (button) button.disabled = true;
    this.root.dataset.checking = 'true';
    if (live) live.textContent = 'Checking…';
    const started = performance.now();
    try {
      const outcome = await graderClient().grade(this.exercise, this.submission());
      if (!results) return;
      if (outcome.ok) {
        this.showResult(results, outcome.value);
        if (live) live.textContent = `Checked. ${q(results, '.exercise-score')?.textContent ?? ''}`;
      } else {
        renderMessage(results, outcome.message);
        if (live) live.textContent = outcome.message;
      }
    } finally {
      this.root.dataset.checkMs = String(Math.round(performance.now() - started));
      this.root.dataset.checks = String(Number(this.root.dataset.checks ?? '0') + 1);
      delete this.root.dataset.checking;
      button?.removeAttribute('aria-busy');
      if (button) button.disabled = false;
      this.checking = false;
    }
  }

  /** Runs the current YAML again with the run recorded, for the simulator view. */
  private async loadRun(): Promise<void> {
    const body = q(this.root, '[data-sim-body]');
    if (!body) return;
    body.textContent = 'Running the simulator…';
    const outcome = await graderClient().grade(this.exercise, this.submission(), true);
    if (!outcome.ok) {
      body.textContent = outcome.message;
      return;
    }
    const run = outcome.value.run;
    this.resetSession();
    if (!run) {
      body.textContent = outcome.value.error ?? 'Your YAML has errors, so the simulator did not run it: fix the problems listed above first.';
      this.simPanel = null;
      this.actionsHost()?.replaceChildren();
    } else {
      this.simYaml = this.currentYaml();
      this.simView = renderRun(body, run);
      const host = this.actionsHost();
      const lastObjects = run.history[run.history.length - 1]?.objects ?? [];
      this.simPanel = host ? renderActions(host, `exercise-${this.exercise.id}-sim`, lastObjects, (request) => void this.act(request)) : null;
    }
    this.root.dataset.simRuns = String(Number(this.root.dataset.simRuns ?? '0') + 1);
  }

  /** The actions panel sits above the view (inside the same <details>), so the slider it moves is right below. */
  private actionsHost(): HTMLElement | null {
    const body = q(this.root, '[data-sim-body]');
    if (!body) return null;
    let host = q(this.root, '[data-sim-actions]');
    if (!host) {
      host = document.createElement('div');
      host.dataset.simActions = '';
      body.before(host);
    }
    return host;
  }

  private resetSession(): void {
    if (this.simSession) void graderClient().simClose(this.simSession);
    this.simSession = null;
    this.simSessionClosed = false;
  }

  /** One learner action on the checked cluster: run on until it settles, then play what happened. */
  private async act(request: ActionRequest): Promise<void> {
    const panel = this.simPanel;
    const view = this.simView;
    if (!panel || !view) return;
    panel.setBusy(true);
    panel.status(`${request.note.replace(/\.$/, '')}…`);
    try {
      if (this.simSessionClosed) {
        panel.status(SIM_SESSION_CLOSED_MESSAGE, true);
        return;
      }
      const client = graderClient();
      if (!this.simSession) {
        const opened = await client.simOpen(this.simYaml, undefined, this.exercise);
        if (!opened.ok) return panel.status(opened.message, true);
        this.simSession = opened.value.session;
      }
      const session = this.simSession;
      const first = await client.simAct(session, request.action);
      if (!first.ok) return this.actionFailed(first.message);
      const refused = first.value.diagnostics.find((d) => d.severity === 'error');
      if (refused) return panel.status(refused.message, true);
      let last: SimState = first.value;
      const history = [...first.value.history];
      if (request.action.type !== 'advance') {
        const settled = await client.simAct(session, { type: 'runUntilStable', maxMs: AFTER_ACTION_MS });
        if (!settled.ok) return this.actionFailed(settled.message);
        last = settled.value;
        history.push(...settled.value.history);
      }
      view.extend({ timeline: last.timeline, events: last.events, history, traffic: last.traffic, apps: last.apps });
      panel.refresh(last.objects);
      const warning = last.diagnostics.find((d) => d.severity === 'warning');
      panel.status(warning ? `${request.note} ${warning.message}` : `${request.note} The slider now runs to ${(last.now / 1000).toFixed(1)} s.`);
    } finally {
      panel.setBusy(false);
      this.root.dataset.simActs = String(Number(this.root.dataset.simActs ?? '0') + 1);
    }
  }

  private actionFailed(message: string): void {
    if (message === SESSION_GONE_MESSAGE) {
      this.simSession = null;
      this.simSessionClosed = true;
      message = SIM_SESSION_CLOSED_MESSAGE;
    }
    this.simPanel?.status(message, true);
  }

  private showResult(container: HTMLElement, result: GradeResult): void {
    renderResult(container, result);
    if (q<HTMLDetailsElement>(this.root, '[data-sim]')?.open) void this.loadRun();
    if (this.exercise.kind === 'yaml') {
      this.validateSeq++; // a pending live validation must not overwrite the Check's diagnostics
      this.showDiagnostics(result.diagnostics);
    }
    if (result.passed && !result.error) {
      markSolved(this.storage, this.exercise.id, { score: result.score, maxScore: result.maxScore, solvedAt: new Date().toISOString() });
      this.root.dataset.solved = 'true';
      markSolvedLessons();
    }
  }

  private nextHint(): void {
    const hints = [...this.root.querySelectorAll<HTMLElement>('[data-hint]')];
    const button = q<HTMLButtonElement>(this.root, '[data-action="hint"]');
    if (this.hintsShown >= hints.length) return;
    const hint = hints[this.hintsShown];
    this.hintsShown++;
    hint.hidden = false;
    const label = q(hint, '[data-hint-label]');
    if (label) label.textContent = `${hintLabel(this.hintsShown, hints.length)}: `;
    q(this.root, '[data-hints]')?.removeAttribute('hidden');
    if (button) {
      button.textContent = hintButtonText(this.hintsShown, hints.length);
      button.disabled = this.hintsShown >= hints.length;
    }
    const live = q(this.root, '[data-live]');
    if (live) live.textContent = `${hintLabel(this.hintsShown, hints.length)}: ${hint.querySelector('[data-hint-text]')?.textContent ?? ''}`;
  }

  private showSolution(): void {
    const panel = q(this.root, '[data-solution]');
    if (!panel) return;
    if (!window.confirm('Show the solution? Trying a little longer, or taking another hint, teaches more.')) return;
    panel.hidden = false;
    const pre = q(panel, '[data-solution-diff]');
    if (pre && this.exercise.kind === 'yaml') {
      pre.replaceChildren();
      for (const line of diffLines(this.currentYaml(), this.exercise.solution ?? '')) {
        const span = document.createElement('span');
        span.className = line.op === '+' ? 'diff-add' : line.op === '-' ? 'diff-del' : 'diff-same';
        span.textContent = `${line.op} ${line.text}\n`;
        pre.append(span);
      }
    }
    if (this.exercise.kind === 'quiz') {
      for (const node of this.root.querySelectorAll<HTMLElement>('[data-explanation]')) node.hidden = false;
    }
    panel.querySelector<HTMLElement>('h4')?.focus();
  }

  private reset(): void {
    if (!window.confirm('Reset this exercise? Your changes will be replaced by the starting YAML.')) return;
    clearWork(this.storage, this.exercise.id);
    if (this.exercise.kind === 'quiz') {
      for (const input of this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-question] input, [data-question] select')) {
        if (input instanceof HTMLInputElement) input.checked = false;
        else input.value = '';
      }
    } else {
      const starter = this.exercise.starter ?? '';
      this.text = starter;
      if (this.editor) this.editor.setValue(starter);
      else if (this.fallback) this.fallback.value = starter;
      else {
        const pre = q(this.root, '[data-starter]');
        if (pre) pre.textContent = starter;
      }
      clearWork(this.storage, this.exercise.id); // setValue autosaved the starter; nothing to keep
    }
    const results = q(this.root, '[data-results]');
    if (results) results.hidden = true;
    const solution = q(this.root, '[data-solution]');
    if (solution) solution.hidden = true;
    delete this.root.dataset.restored;
  }

  // Quiz answers: radio (single), checkboxes (multi), one <select> per position (order).
  private answers(): Record<string, string | string[]> {
    const answers: Record<string, string | string[]> = {};
    for (const field of this.root.querySelectorAll<HTMLElement>('[data-question]')) {
      const id = field.dataset.question!;
      const type = field.dataset.type;
      if (type === 'single') {
        const picked = field.querySelector<HTMLInputElement>('input:checked');
        if (picked) answers[id] = picked.value;
      } else if (type === 'multi') {
        answers[id] = [...field.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
      } else {
        const order = [...field.querySelectorAll<HTMLSelectElement>('select')].map((s) => s.value).filter(Boolean);
        if (order.length) answers[id] = order;
      }
    }
    return answers;
  }

  private restoreAnswers(answers: Record<string, string | string[]>): void {
    for (const field of this.root.querySelectorAll<HTMLElement>('[data-question]')) {
      const value = answers[field.dataset.question ?? ''];
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      if (field.dataset.type === 'order') {
        field.querySelectorAll<HTMLSelectElement>('select').forEach((s, i) => (s.value = values[i] ?? ''));
      } else {
        for (const input of field.querySelectorAll<HTMLInputElement>('input')) input.checked = values.includes(input.value);
      }
    }
  }
}

export function initExercises(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section.exercise[data-exercise-id]')) {
    if (root.dataset.ready) continue;
    try {
      new ExerciseWidget(root);
    } catch (err) {
      console.warn('exercise failed to start', err);
    }
  }
}
