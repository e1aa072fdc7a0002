// The /progress/ page: statuses from this browser's storage, Export (download the bundle JSON) and
// Import (validate, merge, report).
import { buildBundle, importBundle } from './bundle-io';
import { markSolvedLessons } from './progress-marks';
import { browserStorage, loadSolved, loadWork } from './storage';

const STATUS = {
  solved: { icon: '✓', text: 'Solved' },
  started: { icon: '◐', text: 'Started, not solved yet' },
  'not-started': { icon: '○', text: 'Not started' },
} as const;

function refresh(): void {
  const storage = browserStorage();
  const solved = loadSolved(storage);
  let solvedCount = 0;
  const items = [...document.querySelectorAll<HTMLElement>('[data-progress-id]')];
  for (const item of items) {
    const id = item.dataset.progressId!;
    const status: keyof typeof STATUS = solved[id] ? 'solved' : loadWork(storage, id) ? 'started' : 'not-started';
    if (status === 'solved') solvedCount++;
    item.dataset.status = status;
    const icon = item.querySelector('.progress-icon');
    if (icon) icon.textContent = STATUS[status].icon;
    const text = item.querySelector('[data-status-text]');
    if (text) text.textContent = STATUS[status].text;
  }
  const summary = document.querySelector('[data-progress-summary]');
  if (summary) summary.textContent = `${solvedCount} of ${items.length} exercises solved in this browser.`;
  markSolvedLessons();
}

function say(text: string, state: 'ok' | 'error'): void {
  const node = document.querySelector<HTMLElement>('[data-progress-message]');
  if (!node) return;
  node.dataset.state = state;
  node.textContent = text;
}

export function initProgressPage(): void {
  refresh();
  document.querySelector('[data-export]')?.addEventListener('click', () => {
    const bundle = buildBundle(browserStorage());
    const blob = new Blob([JSON.stringify(bundle, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `k8s-course-progress-${bundle.exportedAt.slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const n = Object.keys(bundle.submissions).length;
    say(`Exported your work on ${n} exercise${n === 1 ? '' : 's'} to ${link.download}.`, 'ok');
  });
  const input = document.querySelector<HTMLInputElement>('[data-import]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > 5_000_000) {
      say('This file is too large to be a course progress export (more than 5 MB). Choose a file made with "Export progress".', 'error');
      input.value = '';
      return;
    }
    const outcome = importBundle(browserStorage(), await file.text());
    say(outcome.message, outcome.ok ? 'ok' : 'error');
    input.value = '';
    refresh();
  });
}
