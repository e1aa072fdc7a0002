// The messages between the page and the grading web worker. Every request carries an id; the worker
// answers each request exactly once with a response carrying the same id. UI code imports its
// types from here (never from src/grader or src/sim directly).
import type { Exercise } from '../exercises';
import type { CheckResult, GradeResult, Submission } from '../grader';
import type { Diagnostic } from '../sim';

export type { CheckResult, Diagnostic, Exercise, GradeResult, Submission };

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

export type WorkerRequest = GradeRequest | ValidateRequest;
export type WorkerRequestBody = Omit<GradeRequest, 'id'> | Omit<ValidateRequest, 'id'>;

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

export type WorkerResponse = ResultResponse | DiagnosticsResponse | ErrorResponse;

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
  return { ok: false, id, message: BAD_REQUEST_MESSAGE };
}

/** Narrows a message from the worker to a response; anything else is ignored by the client. */
export function isResponse(data: unknown): data is WorkerResponse {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  if (data.type === 'result') return isRecord(data.result);
  if (data.type === 'diagnostics') return Array.isArray(data.diagnostics);
  if (data.type === 'error') return typeof data.message === 'string';
  return false;
}
