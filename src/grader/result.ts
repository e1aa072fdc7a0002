// The grader's result types (the contract of notes/contracts.md, plus a few additive fields).
import type { ClusterEvent, ClusterSnapshot, Diagnostic, TimelineEntry } from '../sim';

export interface Submission {
  yaml?: string;
  answers?: Record<string, string | string[]>;
}

export interface CheckResult {
  id: string;
  title: string;
  hidden: boolean;
  passed: boolean;
  points: number;
  earned: number;
  /** On failure: the check's message, then what the simulator saw. */
  message?: string;
  /** Set by `redactHidden` on hidden checks: `passed`, `earned` and `message` say nothing. */
  redacted?: boolean;
}

export interface GradeResult {
  exerciseId: string;
  score: number;
  maxScore: number;
  /** Every check passed. */
  passed: boolean;
  checks: CheckResult[];
  /** The engine's diagnostics for the submission. */
  diagnostics: Diagnostic[];
  /** A grader-level failure, written for the learner; never thrown. */
  error?: string;
  /** `limit`: the run hit the step or time budget; `internal`: the grader or engine failed. */
  errorKind?: 'limit' | 'internal';
  /** Scenario steps the learner's YAML made impossible, e.g. scaling a set that does not exist. */
  notes?: string[];
  run?: { timeline: TimelineEntry[]; events: ClusterEvent[]; history: ClusterSnapshot[] };
}

export interface GradeOptions {
  /** Return the timeline, events and history (for the simulator view). Default false. */
  includeRun?: boolean;
  /** Engine steps the whole run may take; bounds the wall-clock work. Default 20000. */
  maxSteps?: number;
  /** Simulated milliseconds the scenario may take. Default 600000 (10 minutes). */
  maxMs?: number;
}

export const DEFAULT_MAX_STEPS = 20_000;
export const DEFAULT_MAX_MS = 600_000;
