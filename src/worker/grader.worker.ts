// The grading web worker: the engine and grader run here so a long simulation never freezes the
// page. One request in, one response out (see protocol.ts); the page's client enforces the time limit.
import { handleRequest } from './handle';

const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event: MessageEvent) => {
  scope.postMessage(handleRequest(event.data));
};
