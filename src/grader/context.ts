// What an expectation is judged on: a narrow view of the cluster at the evaluation point (right
// after a labelled step, or at the end), the submission's diagnostics, and the run so far.
import type { AppStatus, ClusterEvent, ClusterSnapshot, Diagnostic, KubeObject, RequestResult, TimelineEntry } from '../sim';
import type { Exercise, Expectation } from '../exercises';

export interface ClusterView {
  get(kind: string, name: string): KubeObject | undefined;
  list(kind: string, selector?: Record<string, string>): KubeObject[];
  resolve(name: string): string[];
  readFile(pod: string, path: string): string | undefined;
  /** The app model's view of a pod (undefined when it runs none). */
  appStatus(pod: string): AppStatus | undefined;
}

export interface EvalContext {
  exercise: Exercise;
  view: ClusterView;
  diagnostics: Diagnostic[];
  timeline: TimelineEntry[];
  events: ClusterEvent[];
  /** Snapshots taken right after each labelled scenario step that has run. */
  snapshots: Record<string, ClusterSnapshot>;
  answers: Record<string, string | string[]>;
  /** Results of the labelled `request` steps that have run, by label. */
  requests: Record<string, RequestResult[]>;
}

/** `seen` says what the simulator showed, in the learner's terms; it never states the expected answer. */
export interface Verdict {
  passed: boolean;
  seen?: string;
  /** Replaces the check's message when the evaluator knows better (quiz explanations). */
  detail?: string;
}

export type Evaluator<T extends Expectation['type']> = (expect: Extract<Expectation, { type: T }>, ctx: EvalContext) => Verdict;
