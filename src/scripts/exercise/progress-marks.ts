// Solved marks in the course sidebar: a lesson item gets `is-solved` when every exercise of that
// lesson is solved in this browser. The lesson → exercises map comes from <ProgressMarks />.
import { browserStorage, loadSolved } from './storage';

export function readLessonMap(): Record<string, string[]> {
  const node = document.getElementById('exercise-lesson-map');
  try {
    const value = JSON.parse(node?.textContent ?? '{}') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string[]>) : {};
  } catch {
    return {};
  }
}

export function markSolvedLessons(): void {
  const lessons = readLessonMap();
  const solved = loadSolved(browserStorage());
  for (const item of document.querySelectorAll<HTMLElement>('[data-lesson-id]')) {
    const ids = lessons[item.dataset.lessonId ?? ''];
    const done = Array.isArray(ids) && ids.length > 0 && ids.every((id) => solved[id] !== undefined);
    item.classList.toggle('is-solved', done);
  }
}
