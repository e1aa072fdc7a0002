// Grades every learner's submissions and gathers the numbers every output format prints.
import type { Exercise } from '../exercises';
import { gradeSubmission, type GradeResult } from '../grader';
import type { Learner } from './learners';

export interface LearnerReport {
  name: string;
  id?: string;
  source: string;
  /** Exercise id → result; absent when the learner submitted nothing for it. */
  results: Record<string, GradeResult>;
  /** Exercise id → the file graded. */
  files: Record<string, string>;
  score: number;
  maxScore: number;
  /** Whole percent, rounded down (so 99.6 % does not pass a pass mark of 100). */
  percent: number;
  /** Only with a pass mark. */
  passed?: boolean;
  problems: string[];
}

export interface ExerciseStats {
  id: string;
  title: string;
  maxScore: number;
  submitted: number;
  passed: number;
  /** Whole percent of all learners who passed every check. */
  passRate: number;
  meanScore: number;
}

export interface ClassReport {
  exercises: Array<{ id: string; title: string; lesson: string; maxScore: number }>;
  learners: LearnerReport[];
  stats: ExerciseStats[];
  passMark?: number;
  /** Files of a class folder that belong to no learner. */
  problems: string[];
  /** Grader failures that are not the learner's doing (exit status 1). */
  internalErrors: number;
}

/** The exercises the report covers: those asked for, else those anyone submitted, else all of them. */
export function reportScope(learners: Learner[], exercises: Map<string, Exercise>, only?: string[]): Exercise[] {
  const all = [...exercises.values()];
  if (only?.length) return all.filter((e) => only.includes(e.id));
  const submitted = new Set(learners.flatMap((l) => [...l.submissions.keys()]));
  const some = all.filter((e) => submitted.has(e.id));
  return some.length ? some : all;
}

export function buildReport(learners: Learner[], scope: Exercise[], options: { passMark?: number; problems?: string[] } = {}, grade = gradeSubmission): ClassReport {
  const { passMark } = options;
  let internalErrors = 0;
  const maxTotal = scope.reduce((sum, e) => sum + e.points, 0);
  const reports: LearnerReport[] = learners.map((learner) => {
    const results: Record<string, GradeResult> = {};
    const files: Record<string, string> = {};
    for (const exercise of scope) {
      const entry = learner.submissions.get(exercise.id);
      if (!entry) continue;
      const result = grade(exercise, entry.submission);
      if (result.errorKind === 'internal') internalErrors++;
      results[exercise.id] = result;
      files[exercise.id] = entry.file;
    }
    const score = Object.values(results).reduce((sum, r) => sum + r.score, 0);
    const percent = maxTotal > 0 ? Math.floor((score * 100) / maxTotal + 1e-9) : 0;
    const report: LearnerReport = { name: learner.name, source: learner.source, results, files, score, maxScore: maxTotal, percent, problems: learner.problems };
    if (learner.id) report.id = learner.id;
    if (passMark !== undefined) report.passed = percent >= passMark;
    return report;
  });
  const stats: ExerciseStats[] = scope.map((exercise) => {
    const graded = reports.map((r) => r.results[exercise.id]).filter((r): r is GradeResult => r !== undefined);
    const passed = graded.filter((r) => r.passed).length;
    return {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.points,
      submitted: graded.length,
      passed,
      passRate: reports.length ? Math.round((passed * 100) / reports.length) : 0,
      meanScore: reports.length ? graded.reduce((sum, r) => sum + r.score, 0) / reports.length : 0,
    };
  });
  return {
    exercises: scope.map((e) => ({ id: e.id, title: e.title, lesson: e.lesson, maxScore: e.points })),
    learners: reports,
    stats,
    ...(passMark !== undefined ? { passMark } : {}),
    problems: options.problems ?? [],
    internalErrors,
  };
}

/** 0: fine; 1: someone is below the pass mark, or the grader failed internally. */
export function exitStatus(report: ClassReport): number {
  if (report.internalErrors > 0) return 1;
  if (report.passMark !== undefined && report.learners.some((l) => !l.passed)) return 1;
  return 0;
}
