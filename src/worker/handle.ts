// What the grading worker does with one request, as a plain function so Node tests can drive it
// without a Worker. It never throws: every failure becomes an error response for the learner.
import { gradeSubmission, redactHidden } from '../grader';
import { parseManifests } from '../sim';
import { parseRequest, WORKER_FAILED_MESSAGE, type WorkerResponse } from './protocol';
import { observeExerciseRun, SessionGoneError, SimSessions } from './sessions';

/** The worker's playground clusters (one store per worker; tests pass their own). */
const defaultSessions = new SimSessions();

export function handleRequest(data: unknown, sessions: SimSessions = defaultSessions): WorkerResponse {
  const parsed = parseRequest(data);
  if (!parsed.ok) return { id: parsed.id, type: 'error', message: parsed.message };
  const request = parsed.request;
  try {
    if (request.type === 'validate') {
      return { id: request.id, type: 'diagnostics', diagnostics: parseManifests(request.yaml).diagnostics };
    }
    if (request.type === 'sim:open') return { id: request.id, type: 'sim', state: sessions.open(request.yaml, request.seed, request.exercise) };
    if (request.type === 'sim:act') return { id: request.id, type: 'sim', state: sessions.act(request.session, request.action) };
    if (request.type === 'sim:close') {
      sessions.close(request.session);
      return { id: request.id, type: 'sim:closed', session: request.session };
    }
    const result = gradeSubmission(request.exercise, request.submission, { includeRun: request.includeRun });
    const redacted = redactHidden(result);
    // The simulator view also shows requests served and app statuses when the checked run has them.
    if (request.includeRun && redacted.run && typeof request.submission.yaml === 'string') {
      const last = redacted.run.history[redacted.run.history.length - 1]?.objects ?? [];
      const seen = observeExerciseRun(request.exercise, request.submission.yaml, last);
      if (seen.traffic || seen.apps) redacted.run = { ...redacted.run, ...seen };
    }
    return { id: request.id, type: 'result', result: redacted };
  } catch (err) {
    if (err instanceof SessionGoneError) return { id: request.id, type: 'error', message: err.message };
    const detail = err instanceof Error ? err.message : String(err);
    return { id: request.id, type: 'error', message: `${WORKER_FAILED_MESSAGE} (${detail})` };
  }
}
