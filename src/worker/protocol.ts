// The messages between the page and the grading web worker. Every request carries an id; the worker
// answers each request exactly once with a response carrying the same id. UI code imports its
// types from here (never from src/grader or src/sim directly).
import type { Exercise } from '../exercises';
import type { CheckResult, GradeResult, Submission } from '../grader';
import type { AppStatus, ClusterEvent, ClusterSnapshot, Diagnostic, DnsRecord, KubeObject, TimelineEntry, TrafficStats } from '../sim';

export type { AppStatus, CheckResult, ClusterEvent, ClusterSnapshot, Diagnostic, DnsRecord, Exercise, GradeResult, KubeObject, Submission, TimelineEntry, TrafficStats };

/** The node verbs a learner can use (`kubectl cordon`, `drain`, and stopping or starting a node's kubelet). */
export const NODE_ACTIONS = ['stopNode', 'startNode', 'cordon', 'uncordon', 'drain'] as const;
export type NodeActionType = (typeof NODE_ACTIONS)[number];

/** Grade a submission: the result is redacted (hidden checks say nothing) before it leaves the worker. */
export interface GradeRequest {
  id: number;
  type: 'grade';
  exercise: Exercise;
  submission: Submission;
  /** Also return the run (timeline, events, history) for the simulator view. */
  includeRun?: boolean;
}

/** Diagnostics only, for live editor markers while the learner types. */
export interface ValidateRequest {
  id: number;
  type: 'validate';
  yaml: string;
}

/** What a learner can do to a running playground cluster (kubectl verbs and the kubelet knobs). */
export type SimAction =
  | { type: 'scale'; kind: string; name: string; replicas: number }
  | { type: 'deletePod'; name: string; force?: boolean }
  | { type: 'failPod'; name: string }
  | { type: 'setReady'; pod: string; ready: boolean }
  | { type: 'setImage'; kind: string; name: string; container?: string; image: string }
  | { type: NodeActionType; node: string }
  | { type: 'advance'; ms: number }
  /** `maxMs` caps the simulated time (default and most: one hour). */
  | { type: 'runUntilStable'; maxMs?: number };

/**
 * Start an interactive cluster with the learner's manifests applied (time does not move yet). With
 * `exercise`, the cluster is built and its scenario played exactly as the grader does (same seed,
 * kubelet model and steps), so the session continues the run the simulator view shows.
 */
export interface SimOpenRequest {
  id: number;
  type: 'sim:open';
  yaml: string;
  seed?: number;
  exercise?: Exercise;
}

export interface SimActRequest {
  id: number;
  type: 'sim:act';
  session: string;
  action: SimAction;
}

export interface SimCloseRequest {
  id: number;
  type: 'sim:close';
  session: string;
}

export type WorkerRequest = GradeRequest | ValidateRequest | SimOpenRequest | SimActRequest | SimCloseRequest;
export type WorkerRequestBody =
  | Omit<GradeRequest, 'id'>
  | Omit<ValidateRequest, 'id'>
  | Omit<SimOpenRequest, 'id'>
  | Omit<SimActRequest, 'id'>
  | Omit<SimCloseRequest, 'id'>;

/** A playground cluster after a request: everything the page shows, as plain data. */
export interface SimState {
  session: string;
  /** Simulated ms since the cluster started. */
  now: number;
  objects: KubeObject[];
  timeline: TimelineEntry[];
  events: ClusterEvent[];
  dns: DnsRecord[];
  /** Problems with the input or the action (apply errors, a scale to -1, a pod that does not exist). */
  diagnostics: Diagnostic[];
  /** What `kubectl apply` would print for sim:open: `statefulset.apps/web created`. */
  applied: string[];
  /** The snapshots taken during this request, oldest first (at most SIM_HISTORY_LIMIT), for the time slider. */
  history: ClusterSnapshot[];
  /** Requests served per pod so far; absent when the run has no traffic (or the engine does not model it). */
  traffic?: TrafficStats;
  /** The app model's view of each pod that runs one (role, serving), now; absent when none does. */
  apps?: AppStatus[];
}

export const SIM_HISTORY_LIMIT = 300;
export const SIM_SESSION_LIMIT = 4;
export const SESSION_GONE_MESSAGE = 'This playground cluster is no longer running (the page opened newer ones, or the checker restarted). Press Apply to start a fresh one.';

export interface ResultResponse {
  id: number;
  type: 'result';
  result: GradeResult;
}

export interface DiagnosticsResponse {
  id: number;
  type: 'diagnostics';
  diagnostics: Diagnostic[];
}

export interface ErrorResponse {
  id: number;
  type: 'error';
  /** Written for the learner. */
  message: string;
}

export interface SimStateResponse {
  id: number;
  type: 'sim';
  state: SimState;
}

export interface SimClosedResponse {
  id: number;
  type: 'sim:closed';
  session: string;
}

export type WorkerResponse = ResultResponse | DiagnosticsResponse | ErrorResponse | SimStateResponse | SimClosedResponse;

export const BAD_REQUEST_MESSAGE = 'The checker received a request it does not understand. Reload the page and try again.';
export const WORKER_FAILED_MESSAGE =
  'The checker stopped unexpectedly. Your work is saved in this browser: reload the page and check again; if it keeps happening, tell your instructor.';
export const TIMEOUT_MESSAGE =
  'The check took too long and was stopped. Your YAML may ask the simulator for more work than a browser tab can do quickly (for example a very large number of replicas): simplify it and check again.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows an incoming message to a request, or explains why it is not one. */
export function parseRequest(data: unknown): { ok: true; request: WorkerRequest } | { ok: false; id: number; message: string } {
  const id = isRecord(data) && typeof data.id === 'number' && Number.isFinite(data.id) ? data.id : -1;
  if (!isRecord(data) || id < 0) return { ok: false, id, message: BAD_REQUEST_MESSAGE };
  if (data.type === 'validate' && typeof data.yaml === 'string') return { ok: true, request: { id, type: 'validate', yaml: data.yaml } };
  if (data.type === 'grade' && isRecord(data.exercise) && isRecord(data.submission)) {
    return {
      ok: true,
      request: { id, type: 'grade', exercise: data.exercise as unknown as Exercise, submission: data.submission as Submission, includeRun: data.includeRun === true },
    };
  }
  if (data.type === 'sim:open' && typeof data.yaml === 'string') {
    const seed = typeof data.seed === 'number' && Number.isInteger(data.seed) ? data.seed : undefined;
    if (data.exercise !== undefined && !(isRecord(data.exercise) && typeof data.exercise.id === 'string')) return { ok: false, id, message: BAD_REQUEST_MESSAGE };
    const exercise = data.exercise as unknown as Exercise | undefined;
    return { ok: true, request: { id, type: 'sim:open', yaml: data.yaml, ...(seed === undefined ? {} : { seed }), ...(exercise === undefined ? {} : { exercise }) } };
  }
  if (data.type === 'sim:act' && typeof data.session === 'string') {
    const action = parseAction(data.action);
    if (action) return { ok: true, request: { id, type: 'sim:act', session: data.session, action } };
  }
  if (data.type === 'sim:close' && typeof data.session === 'string') return { ok: true, request: { id, type: 'sim:close', session: data.session } };
  return { ok: false, id, message: BAD_REQUEST_MESSAGE };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 253;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks the shape of an action; the session reports values the cluster refuses (replicas -1) as diagnostics. */
export function parseAction(a: unknown): SimAction | null {
  if (!isRecord(a)) return null;
  switch (a.type) {
    case 'scale':
      return str(a.kind) && str(a.name) && num(a.replicas) ? { type: 'scale', kind: a.kind, name: a.name, replicas: a.replicas } : null;
    case 'deletePod':
      return str(a.name) ? { type: 'deletePod', name: a.name, force: a.force === true } : null;
    case 'failPod':
      return str(a.name) ? { type: 'failPod', name: a.name } : null;
    case 'setReady':
      return str(a.pod) && typeof a.ready === 'boolean' ? { type: 'setReady', pod: a.pod, ready: a.ready } : null;
    case 'setImage':
      if (!str(a.kind) || !str(a.name) || !str(a.image) || (a.container !== undefined && !str(a.container))) return null;
      return { type: 'setImage', kind: a.kind, name: a.name, image: a.image, ...(a.container === undefined ? {} : { container: a.container as string }) };
    case 'stopNode':
    case 'startNode':
    case 'cordon':
    case 'uncordon':
    case 'drain':
      return str(a.node) ? { type: a.type, node: a.node } : null;
    case 'advance':
      return num(a.ms) && a.ms >= 0 ? { type: 'advance', ms: a.ms } : null;
    case 'runUntilStable':
      return num(a.maxMs) && a.maxMs > 0 ? { type: 'runUntilStable', maxMs: a.maxMs } : { type: 'runUntilStable' };
    default:
      return null;
  }
}

/** Narrows a message from the worker to a response; anything else is ignored by the client. */
export function isResponse(data: unknown): data is WorkerResponse {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  if (data.type === 'result') return isRecord(data.result);
  if (data.type === 'diagnostics') return Array.isArray(data.diagnostics);
  if (data.type === 'error') return typeof data.message === 'string';
  if (data.type === 'sim') return isRecord(data.state) && typeof data.state.session === 'string';
  if (data.type === 'sim:closed') return typeof data.session === 'string';
  return false;
}
