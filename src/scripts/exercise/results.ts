// Renders a grade result and the engine's diagnostics into the exercise's DOM. Every text from the
// grader, the engine or the learner goes in with textContent, never as HTML.
import type { Diagnostic, GradeResult } from '../../worker/protocol';
import { checkStatus, diagnosticText, pointsText, scoreSummary, STATUS_ICON, STATUS_TEXT } from './format';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function renderResult(container: HTMLElement, result: GradeResult): void {
  container.replaceChildren();
  container.hidden = false;
  container.dataset.state = result.passed ? 'passed' : 'failed';
  const score = el('p', 'exercise-score', scoreSummary(result));
  score.dataset.score = `${result.score}/${result.maxScore}`;
  container.append(score);
  if (result.error) container.append(el('p', 'exercise-error', result.error));
  for (const note of result.notes ?? []) container.append(el('p', 'exercise-note', note));
  const list = el('ol', 'check-results');
  for (const check of result.checks) {
    const status = checkStatus(check);
    const item = el('li', `check-result is-${status}`);
    item.dataset.checkId = check.id;
    item.dataset.status = status;
    const icon = el('span', 'check-icon', STATUS_ICON[status]);
    icon.setAttribute('aria-hidden', 'true');
    const head = el('p', 'check-head');
    head.append(icon, el('span', 'check-status', `${STATUS_TEXT[status]}:`), ' ', el('span', 'check-title', check.title), ' ', el('span', 'check-points', `(${pointsText(check)})`));
    item.append(head);
    if (status === 'failed' && check.message) item.append(el('p', 'check-message', check.message));
    if (status === 'hidden') item.append(el('p', 'check-message', 'This check is not shown here; your instructor grades it from your exported work.'));
    list.append(item);
  }
  container.append(list);
}

export function renderMessage(container: HTMLElement, message: string): void {
  container.replaceChildren(el('p', 'exercise-error', message));
  container.hidden = false;
  container.dataset.state = 'error';
}

/** The list under the editor: one button per diagnostic; clicking it calls `onPick`. */
export function renderDiagnostics(container: HTMLElement, diagnostics: Diagnostic[], onPick: (d: Diagnostic) => void): void {
  const list = container.querySelector('ul') ?? container.appendChild(el('ul'));
  list.replaceChildren();
  const shown = diagnostics.slice(0, 50);
  for (const d of shown) {
    const item = el('li', `diagnostic is-${d.severity}`);
    if (d.line > 0) {
      const button = el('button', 'diagnostic-link', diagnosticText(d));
      button.type = 'button';
      button.addEventListener('click', () => onPick(d));
      item.append(button);
    } else {
      item.append(el('span', undefined, diagnosticText(d)));
    }
    list.append(item);
  }
  if (diagnostics.length > shown.length) list.append(el('li', 'diagnostic', `… and ${diagnostics.length - shown.length} more.`));
  container.hidden = diagnostics.length === 0;
}
