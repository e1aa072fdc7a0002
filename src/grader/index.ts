// The grader's public surface: the same checks run in the browser worker and in the grading command.
import type { Exercise } from '../exercises';
import { gradeYaml, INTERNAL_ERROR_MESSAGE, summarize } from './grade';
import { gradeQuiz } from './quiz';
import type { CheckResult, GradeOptions, GradeResult, Submission } from './result';

export type { CheckResult, GradeOptions, GradeResult, Submission } from './result';
export { DEFAULT_MAX_MS, DEFAULT_MAX_STEPS } from './result';
export { gradeQuiz } from './quiz';
export { seedFor } from './seed';
export { NO_YAML_MESSAGE, INTERNAL_ERROR_MESSAGE } from './grade';
export { runScenario } from './scenario';

/** Grades one submission. Never throws: a failure inside the grader or engine becomes `error`. */
export function gradeSubmission(exercise: Exercise, submission: Submission, options: GradeOptions = {}): GradeResult {
  try {
    if (exercise.kind === 'quiz') return gradeQuiz(exercise, submission?.answers ?? {});
    return gradeYaml(exercise, submission ?? {}, options);
  } catch (err) {
    const checks: CheckResult[] = (Array.isArray(exercise?.checks) ? exercise.checks : []).map((c) => ({
      id: c.id,
      title: c.title,
      hidden: c.hidden,
      points: c.points,
      passed: false,
      earned: 0,
      message: INTERNAL_ERROR_MESSAGE,
    }));
    const detail = err instanceof Error ? err.message : String(err);
    return { ...summarize({ id: exercise?.id ?? 'unknown' } as Exercise, checks, []), error: `${INTERNAL_ERROR_MESSAGE} (${detail})`, errorKind: 'internal' };
  }
}

export const HIDDEN_TITLE = 'Hidden check';

/**
 * What a learner may see: hidden checks keep their id and points but lose their title, outcome and
 * message; score, maxScore and passed then count the visible checks only (so the total does not
 * betray a hidden outcome). Instructors grade with the unredacted result.
 */
export function redactHidden(result: GradeResult): GradeResult {
  const checks = result.checks.map((c) =>
    c.hidden ? { id: c.id, title: HIDDEN_TITLE, hidden: true, points: c.points, passed: false, earned: 0, redacted: true } : c,
  );
  const visible = checks.filter((c) => !c.hidden);
  return {
    ...result,
    checks,
    score: visible.reduce((sum, c) => sum + c.earned, 0),
    maxScore: visible.reduce((sum, c) => sum + c.points, 0),
    passed: visible.every((c) => c.passed),
  };
}
