// gradeQuiz: a quiz exercise's checks judged on the learner's answers. No simulation runs.
import type { Exercise } from '../exercises';
import type { EvalContext } from './context';
import { evaluate } from './expectations';
import { summarize } from './grade';
import type { CheckResult, GradeResult } from './result';

const noCluster: EvalContext['view'] = { get: () => undefined, list: () => [], resolve: () => [], readFile: () => undefined, appStatus: () => undefined };

export function gradeQuiz(exercise: Exercise, answers: Record<string, string | string[]>): GradeResult {
  const ctx: EvalContext = { exercise, view: noCluster, diagnostics: [], timeline: [], events: [], snapshots: {}, answers, requests: {} };
  const checks: CheckResult[] = exercise.checks.map((check) => {
    const verdict = evaluate(check.expect, ctx);
    const base = { id: check.id, title: check.title, hidden: check.hidden, points: check.points };
    if (verdict.passed) return { ...base, passed: true, earned: check.points };
    return { ...base, passed: false, earned: 0, message: verdict.detail ? `${check.message} ${verdict.detail}` : check.message };
  });
  return summarize(exercise, checks, []);
}
