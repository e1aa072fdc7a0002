// The <Demo> widget's behaviour: Play grades the demo (its manifests as the submission, its claims
// as the checks) in the worker with the run recorded, shows the simulator view playing from the
// start, and marks each claim shown or not. Never loads the editor. See Demo.astro for the markup.
import type { Exercise, GradeResult } from '../../worker/protocol';
import { graderClient } from './grader-client';
import { renderRun, type SimView } from './sim-view';

export const DEMO_NOT_RUN_MESSAGE = 'The simulator could not run this demo, so there is nothing to play. Reload the page and try again; if it keeps happening, tell your instructor.';

function q<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T | null {
  return root.querySelector<T>(selector);
}

/** `3 of 3 claims shown.`: the summary after a play. */
export function claimSummary(result: Pick<GradeResult, 'checks'>): string {
  const shown = result.checks.filter((c) => c.passed).length;
  const total = result.checks.length;
  return `${shown} of ${total} claim${total === 1 ? '' : 's'} shown${shown === total ? '.' : ': the simulator did not do what the caption says. Tell your instructor.'}`;
}

class DemoWidget {
  private readonly exercise: Exercise;
  private view: SimView | null = null;
  private running = false;

  constructor(private readonly root: HTMLElement) {
    this.exercise = JSON.parse(q(root, 'script[data-demo-json]')?.textContent ?? 'null') as Exercise;
    q(root, '[data-demo-play]')?.addEventListener('click', () => void this.play());
    root.dataset.ready = 'true';
  }

  private say(text: string): void {
    const status = q(this.root, '[data-demo-status]');
    const live = q(this.root, '[data-demo-live]');
    if (status) status.textContent = text;
    if (live) live.textContent = text;
  }

  private async play(): Promise<void> {
    if (this.running) return;
    const viewHost = q(this.root, '[data-demo-view]');
    if (!viewHost) return;
    // A second press replays the recorded run; the result cannot change (the engine is deterministic).
    if (this.view) {
      this.replay(viewHost);
      this.root.dataset.played = String(Number(this.root.dataset.played ?? '0') + 1);
      return;
    }
    this.running = true;
    const button = q<HTMLButtonElement>(this.root, '[data-demo-play]');
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    }
    this.say('Running the demo…');
    try {
      const outcome = await graderClient().grade(this.exercise, { yaml: this.exercise.starter ?? '' }, true);
      if (!outcome.ok) return this.say(outcome.message);
      const result = outcome.value;
      if (!result.run) return this.say(result.error ?? DEMO_NOT_RUN_MESSAGE);
      viewHost.hidden = false;
      this.view = renderRun(viewHost, result.run);
      this.markClaims(result);
      this.say(claimSummary(result));
      if (button) button.textContent = '▶ Play again';
      this.replay(viewHost);
    } finally {
      this.running = false;
      if (button) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
      this.root.dataset.played = String(Number(this.root.dataset.played ?? '0') + 1);
    }
  }

  /** Plays the view from its first change (unless the learner prefers reduced motion: then it rests at the end). */
  private replay(viewHost: HTMLElement): void {
    let reduced = false;
    try {
      reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    } catch {
      // no matchMedia: play
    }
    const play = q<HTMLButtonElement>(viewHost, '[data-sim-control="play"]');
    if (!reduced && play && viewHost.dataset.simPlaying !== 'true') play.click();
  }

  private markClaims(result: GradeResult): void {
    for (const check of result.checks) {
      const li = this.root.querySelector<HTMLElement>(`[data-claim="${CSS.escape(check.id)}"]`);
      if (!li) continue;
      li.dataset.status = check.passed ? 'passed' : 'failed';
      const icon = q(li, '.demo-claim-icon');
      if (icon) icon.textContent = check.passed ? '✓' : '✗';
      const status = q(li, '[data-claim-status]');
      if (status) status.textContent = check.passed ? 'Shown' : `Not shown: ${check.message ?? ''}`.trim();
    }
  }
}

export function initDemos(): void {
  for (const root of document.querySelectorAll<HTMLElement>('section.demo[data-demo-id]')) {
    if (root.dataset.ready) continue;
    try {
      new DemoWidget(root);
    } catch (err) {
      console.warn('demo failed to start', err);
    }
  }
}
