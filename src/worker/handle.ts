// What the grading worker does with one request, as a plain function so Node tests can drive it
// without a Worker. It never throws: every failure becomes an error response for the learner.
import { gradeSubmission, redactHidden } from '../grader';
import { parseManifests } from '../sim';
import { parseRequest, WORKER_FAILED_MESSAGE, type WorkerResponse } from './protocol';

export function handleRequest(data: unknown): WorkerResponse {
  const parsed = parseRequest(data);
  if (!parsed.ok) return { id: parsed.id, type: 'error', message: parsed.message };
  const request = parsed.request;
  try {
    if (request.type === 'validate') {
      return { id: request.id, type: 'diagnostics', diagnostics: parseManifests(request.yaml).diagnostics };
    }
    const result = gradeSubmission(request.exercise, request.submission, { includeRun: request.includeRun });
    return { id: request.id, type: 'result', result: redactHidden(result) };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { id: request.id, type: 'error', message: `${WORKER_FAILED_MESSAGE} (${detail})` };
  }
}
