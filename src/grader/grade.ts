// gradeSubmission: apply the learner's YAML, play the scenario, judge every check. Pure and
// deterministic (seeded from the exercise id, bounded in engine steps and simulated time), and it
// never throws: any failure becomes `result.error` with a message for the learner.
import { createCluster, type Cluster, type ClusterSnapshot, type Diagnostic, type RequestResult } from '../sim';
import { DIAGNOSTIC_EXPECTATIONS, type Check, type Exercise } from '../exercises';
import type { ClusterView, EvalContext, Verdict } from './context';
import { describeDiagnostic } from './diagnostics';
import { evaluate } from './expectations';
import { DEFAULT_MAX_MS, DEFAULT_MAX_STEPS, type CheckResult, type GradeOptions, type GradeResult, type Submission } from './result';
import { describeStep, runScenario } from './scenario';
import { seedFor } from './seed';

export const NO_YAML_MESSAGE = 'You have not submitted any YAML yet: write your manifests in the editor, then check again.';
export const INTERNAL_ERROR_MESSAGE = 'The grader could not finish because of a problem on our side, not in your work. Try again; if it keeps happening, tell your instructor.';

function checkResult(check: Check, verdict: Verdict): CheckResult {
  const base = { id: check.id, title: check.title, hidden: check.hidden, points: check.points };
  if (verdict.passed) return { ...base, passed: true, earned: check.points };
  const message = verdict.detail ? `${check.message} ${verdict.detail}` : verdict.seen ? `${check.message} (Seen: ${verdict.seen}.)` : check.message;
  return { ...base, passed: false, earned: 0, message };
}

function failAll(check: Check, message: string): CheckResult {
  return { id: check.id, title: check.title, hidden: check.hidden, points: check.points, passed: false, earned: 0, message };
}

export function summarize(exercise: Exercise, checks: CheckResult[], diagnostics: Diagnostic[], extra: Partial<GradeResult> = {}): GradeResult {
  return {
    exerciseId: exercise.id,
    score: checks.reduce((sum, c) => sum + c.earned, 0),
    maxScore: checks.reduce((sum, c) => sum + c.points, 0),
    passed: checks.length > 0 && checks.every((c) => c.passed),
    checks,
    diagnostics,
    ...extra,
  };
}

/** Judges one check, turning an evaluator crash into a failed check rather than a failed grade. */
function judge(check: Check, ctx: EvalContext): CheckResult {
  try {
    return checkResult(check, evaluate(check.expect, ctx));
  } catch {
    return failAll(check, `${check.message} (The grader could not evaluate this check on your cluster.)`);
  }
}

function liveView(cluster: Cluster): ClusterView {
  return {
    get: (kind, name) => cluster.get(kind, name),
    list: (kind, selector) => cluster.list(kind, selector),
    resolve: (name) => cluster.resolve(name),
    readFile: (pod, path) => cluster.readFile(pod, path),
    appStatus: (pod) => cluster.appStatus(pod),
  };
}

export function gradeYaml(exercise: Exercise, submission: Submission, options: GradeOptions): GradeResult {
  const yaml = typeof submission.yaml === 'string' ? submission.yaml : '';
  if (yaml.trim() === '') return summarize(exercise, exercise.checks.map((c) => failAll(c, NO_YAML_MESSAGE)), []);

  const scenario = exercise.scenario ?? { steps: [{ runUntilStable: true as const }] };
  const cluster = createCluster({ seed: seedFor(exercise.id), kubelet: scenario.kubelet });
  const applied = cluster.apply(yaml);
  const diagnostics = applied.diagnostics;
  const requests: Record<string, RequestResult[]> = {};
  const ctxAt = (snapshots: Record<string, ClusterSnapshot>): EvalContext => ({
    exercise,
    view: liveView(cluster),
    diagnostics,
    // Both already return fresh arrays of copies.
    timeline: cluster.timeline(),
    events: cluster.events(),
    snapshots,
    answers: {},
    requests,
  });

  const firstError = diagnostics.find((d) => d.severity === 'error');
  if (!applied.ok || firstError) {
    const message = `Your YAML has errors; fix those first: ${firstError ? describeDiagnostic(firstError) : 'the simulator refused it'}`;
    const ctx = ctxAt({});
    const checks = exercise.checks.map((c) => (DIAGNOSTIC_EXPECTATIONS.has(c.expect.type) ? judge(c, ctx) : failAll(c, message)));
    return summarize(exercise, checks, diagnostics);
  }

  const budget = { maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS, maxMs: options.maxMs ?? DEFAULT_MAX_MS };
  const results = new Map<string, CheckResult>();
  const snapshots: Record<string, ClusterSnapshot> = {};
  const outcome = runScenario(cluster, scenario.steps, budget, (index, sent) => {
    const label = scenario.steps[index].label;
    if (label === undefined) return;
    if (sent) requests[label] = sent;
    snapshots[label] = cluster.snapshot();
    const ctx = ctxAt(snapshots);
    for (const check of exercise.checks) if (check.step === label) results.set(check.id, judge(check, ctx));
  });

  const endCtx = ctxAt(snapshots);
  const checks = exercise.checks.map((check) => {
    const done = results.get(check.id);
    if (done) return done;
    if (check.step !== undefined) {
      const index = scenario.steps.findIndex((s) => s.label === check.step);
      return failAll(check, `${check.message} (The simulation stopped before step ${index + 1} (${describeStep(scenario.steps[index])}), so this check could not run.)`);
    }
    return judge(check, endCtx);
  });
  const withNotes = checks.map((c) => (!c.passed && outcome.notes.length && c.message ? { ...c, message: `${c.message} ${outcome.notes[0]}` } : c));
  const extra: Partial<GradeResult> = {};
  if (outcome.notes.length) extra.notes = outcome.notes;
  if (outcome.stoppedAt !== undefined) {
    extra.error = outcome.notes[outcome.notes.length - 1];
    extra.errorKind = 'limit';
  }
  if (options.includeRun) extra.run = { timeline: cluster.timeline(), events: cluster.events(), history: cluster.history() };
  return summarize(exercise, withNotes, diagnostics, extra);
}
