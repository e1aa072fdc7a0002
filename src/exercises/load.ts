// Loader helpers that take text, never files: the Node command and the site's build read the
// folders and hand the text over, so this module runs unchanged in a browser.
import { load as loadYaml, YAMLException } from 'js-yaml';
import { exerciseFileSchema, type Exercise } from './schema';
import { ExerciseFormatError, formatIssues } from './format-error';
import { answersSchema } from './bundle';

/**
 * Reads the YAML of one exercise or demo file and returns its top-level mapping; throws
 * ExerciseFormatError with the line of a syntax error, or `(top level): expected a mapping with <fields>`.
 */
export function loadYamlMapping(text: string, file: string, fields: string): object {
  let data: unknown;
  try {
    data = loadYaml(text, { filename: file });
  } catch (err) {
    if (err instanceof YAMLException && err.mark) {
      throw new ExerciseFormatError(file, [`line ${err.mark.line + 1}:${err.mark.column + 1}: YAML syntax error: ${err.reason}`]);
    }
    throw new ExerciseFormatError(file, [`YAML syntax error: ${(err as Error).message}`]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ExerciseFormatError(file, [`(top level): expected a mapping with ${fields}`]);
  }
  return data;
}

/** Parses one exercise.yaml; throws ExerciseFormatError naming the file, the field and what is expected. */
export function parseExerciseDefinition(text: string, file: string): Exercise {
  const data = loadYamlMapping(text, file, 'id, title, lesson, points, task, hints, kind and checks');
  const parsed = exerciseFileSchema.safeParse(data);
  if (!parsed.success) throw new ExerciseFormatError(file, formatIssues(parsed.error.issues));
  return parsed.data;
}

export interface ExerciseSources {
  /** Path shown in messages, e.g. `exercises/10-stable-identity/headless-service/exercise.yaml`. */
  file: string;
  definition: string;
  starter?: string;
  solution?: string;
  /** The lesson folder and exercise folder names, when read from disk: they must match lesson and id. */
  lessonFolder?: string;
  exerciseFolder?: string;
}

/** Builds the Exercise the grader and site use from the texts of one exercise folder. */
export function buildExercise(sources: ExerciseSources): Exercise {
  const exercise = parseExerciseDefinition(sources.definition, sources.file);
  const problems: string[] = [];
  if (sources.lessonFolder !== undefined && sources.lessonFolder !== exercise.lesson) {
    problems.push(`lesson: expected "${sources.lessonFolder}" (the name of the lesson folder), found "${exercise.lesson}"`);
  }
  if (sources.exerciseFolder !== undefined && sources.exerciseFolder !== exercise.id) {
    problems.push(`id: expected "${sources.exerciseFolder}" (the name of the exercise folder), found "${exercise.id}"`);
  }
  if (exercise.kind === 'yaml') {
    if (sources.starter === undefined) problems.push('starter.yaml: required beside a yaml exercise (the YAML the learner starts from)');
    if (sources.solution === undefined) problems.push('solution.yaml: required beside a yaml exercise (it must score full marks)');
  }
  if (problems.length) throw new ExerciseFormatError(sources.file, problems);
  // A quiz's starter/solution files hold answers, not YAML for the editor: they stay out of the exercise.
  return exercise.kind === 'yaml' ? { ...exercise, starter: sources.starter, solution: sources.solution } : exercise;
}

/** Checks a whole set of exercises together: ids must be unique across lessons. */
export function assertUniqueIds(exercises: Array<{ exercise: Exercise; file: string }>): void {
  const firstFile = new Map<string, string>();
  for (const { exercise, file } of exercises) {
    const other = firstFile.get(exercise.id);
    if (other !== undefined) throw new ExerciseFormatError(file, [`id: expected a unique id, "${exercise.id}" is also used by ${other}`]);
    firstFile.set(exercise.id, file);
  }
}

/** The answers that score full marks on a quiz: what the golden test and the docs use. */
export function quizSolution(exercise: Exercise): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const q of exercise.questions ?? []) {
    if (q.type === 'single') answers[q.id] = q.options.find((o) => o.correct)?.id ?? '';
    else if (q.type === 'multi') answers[q.id] = q.options.filter((o) => o.correct).map((o) => o.id);
    else answers[q.id] = [...(q.answer ?? [])];
  }
  return answers;
}

/** The `# expect-fail: <check-id>` header of a wrong/*.yaml file, or undefined. */
export function expectedFailingCheck(text: string): string | undefined {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^#\s*expect-fail:\s*([a-z0-9-]+)\s*$/.exec(first);
  return m ? m[1] : undefined;
}

/** Quiz answers written as YAML (`question-id: option-id` or a list of ids); never throws. */
export function parseAnswers(text: string): { ok: true; answers: Record<string, string | string[]> } | { ok: false; problem: string } {
  if (text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) return { ok: true, answers: {} };
  let data: unknown;
  try {
    data = loadYaml(text);
  } catch (err) {
    const mark = err instanceof YAMLException && err.mark ? `line ${err.mark.line + 1}:${err.mark.column + 1}: ` : '';
    return { ok: false, problem: `${mark}the answers are not valid YAML (${err instanceof YAMLException ? err.reason : (err as Error).message})` };
  }
  if (data === null || data === undefined) return { ok: true, answers: {} };
  const parsed = answersSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problem: `expected question ids mapped to an option id or a list of option ids: ${formatIssues(parsed.error.issues)[0]}` };
  return { ok: true, answers: parsed.data };
}
