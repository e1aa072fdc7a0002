// The Demo format: content/demos/<id>.yaml holds manifests, a scenario and the claims the demo's
// caption makes about what happens. A demo is graded as a yaml exercise whose submission is its own
// manifests (`demoAsExercise`), so the grader checks every claim unchanged, in tests and in the browser.
import { z } from 'zod';
import type { ZodIssue } from 'zod';
import { checkSchema, exerciseFileSchema, exerciseId, lessonSlug, nonEmpty, scenarioSchema, type Exercise } from './schema';
import { ExerciseFormatError, formatIssues } from './format-error';
import { loadYamlMapping } from './load';


/** A claim is a check without points: what the caption says will happen, proved on every test run. */
export const claimSchema = checkSchema.pick({ id: true, title: true, message: true, expect: true, step: true }).strict();
export type Claim = z.infer<typeof claimSchema>;

export const demoFileSchema = z
  .object({
    id: exerciseId,
    title: nonEmpty,
    /** Markdown shown under the demo: what to watch for. */
    caption: nonEmpty,
    lesson: lessonSlug,
    /** The YAML the demo applies first (shown read-only beside the simulator view). */
    manifests: nonEmpty,
    scenario: scenarioSchema.optional(),
    claims: z.array(claimSchema).min(1, 'expected at least one claim'),
  })
  .strict();
export type Demo = z.infer<typeof demoFileSchema>;

/** The yaml exercise a demo is graded as: the manifests are both starter and solution, each claim a 1-point check. */
export function demoAsExercise(demo: Demo): Exercise {
  return {
    id: demo.id,
    title: demo.title,
    lesson: demo.lesson,
    points: demo.claims.length,
    task: demo.caption,
    hints: [demo.caption],
    kind: 'yaml',
    scenario: demo.scenario,
    checks: demo.claims.map((c) => ({ ...c, points: 1, hidden: false })),
    starter: demo.manifests,
    solution: demo.manifests,
  };
}

/** Exercise-level issues (unknown step labels, quiz-only checks…) reported against the demo's own fields. */
function asDemoIssues(issues: ZodIssue[]): ZodIssue[] {
  return issues.map((issue) => (issue.path[0] === 'checks' ? { ...issue, path: ['claims', ...issue.path.slice(1)] } : issue));
}

/** Parses one demo file; throws ExerciseFormatError naming the file, the field and what is expected. */
export function parseDemoDefinition(text: string, file: string): Demo {
  const data = loadYamlMapping(text, file, 'id, title, caption, lesson, manifests and claims');
  const parsed = demoFileSchema.safeParse(data);
  if (!parsed.success) throw new ExerciseFormatError(file, formatIssues(parsed.error.issues));
  const demo = parsed.data;
  // The cross-field rules of exercises (claim ids unique, `step` names a labelled step…) apply as they are.
  const { starter: _s, solution: _t, ...asFile } = demoAsExercise(demo);
  const checked = exerciseFileSchema.safeParse(asFile);
  if (!checked.success) throw new ExerciseFormatError(file, formatIssues(asDemoIssues(checked.error.issues)));
  // content/demos/<id>.yaml: the file name is the id, so a <Demo id="…"> is easy to find.
  const base = /([^/\\]+)\.ya?ml$/.exec(file)?.[1];
  if (base !== undefined && base !== demo.id) {
    throw new ExerciseFormatError(file, [`id: expected "${base}" (the file name), found "${demo.id}"`]);
  }
  return demo;
}

/** Checks a set of demos together: ids are unique (also against exercise ids, since both are graded by id). */
export function assertUniqueDemoIds(demos: Array<{ demo: Demo; file: string }>, exerciseIds: Iterable<string> = []): void {
  const taken = new Set(exerciseIds);
  const firstFile = new Map<string, string>();
  for (const { demo, file } of demos) {
    const other = firstFile.get(demo.id);
    if (other !== undefined) throw new ExerciseFormatError(file, [`id: expected a unique id, "${demo.id}" is also used by ${other}`]);
    if (taken.has(demo.id)) throw new ExerciseFormatError(file, [`id: expected a unique id, "${demo.id}" is also the id of an exercise`]);
    firstFile.set(demo.id, file);
  }
}
