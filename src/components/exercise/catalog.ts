// Every exercise folder, read at build time (Vite inlines the texts) and parsed with the exercise
// format's loader, so a broken exercise fails the site build with the loader's message.
import { assertUniqueIds, buildExercise, type Exercise } from '../../exercises';

const files = import.meta.glob('/exercises/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function loadAll(): Map<string, Exercise> {
  const byFolder = new Map<string, { lessonFolder: string; exerciseFolder: string; texts: Record<string, string> }>();
  for (const [path, text] of Object.entries(files)) {
    // /exercises/<lesson>/<exercise>/<file>.yaml; wrong/*.yaml (one level deeper) are test inputs.
    const m = /^\/exercises\/([^/]+)\/([^/]+)\/([^/]+)\.yaml$/.exec(path);
    if (!m) continue;
    const key = `${m[1]}/${m[2]}`;
    const entry = byFolder.get(key) ?? { lessonFolder: m[1], exerciseFolder: m[2], texts: {} };
    entry.texts[m[3]] = text;
    byFolder.set(key, entry);
  }
  const loaded: Array<{ exercise: Exercise; file: string }> = [];
  for (const [key, entry] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
    if (entry.texts.exercise === undefined) continue;
    const file = `exercises/${key}/exercise.yaml`;
    const exercise = buildExercise({
      file,
      definition: entry.texts.exercise,
      starter: entry.texts.starter,
      solution: entry.texts.solution,
      lessonFolder: entry.lessonFolder,
      exerciseFolder: entry.exerciseFolder,
    });
    loaded.push({ exercise, file });
  }
  assertUniqueIds(loaded);
  return new Map(loaded.map(({ exercise }) => [exercise.id, exercise]));
}

let cache: Map<string, Exercise> | null = null;

export function allExercises(): Exercise[] {
  cache ??= loadAll();
  return [...cache.values()];
}

export function getExercise(id: string): Exercise {
  cache ??= loadAll();
  const exercise = cache.get(id);
  if (!exercise) throw new Error(`<Exercise id="${id}" />: no exercise with that id in exercises/ (known: ${[...cache.keys()].join(', ')})`);
  return exercise;
}

/** `{ "<lesson id>": ["exercise-id", ...] }` for the sidebar's solved marks. */
export function exercisesByLesson(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of allExercises()) (out[e.lesson] ??= []).push(e.id);
  return out;
}

/** JSON for a <script type="application/json">: `<` escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
