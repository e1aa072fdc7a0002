// One grading worker per page, shared by every exercise on it, started on the first request.
import { createGraderClient, type GraderClient } from '../../worker/client';

let client: GraderClient | null = null;

export function graderClient(): GraderClient {
  client ??= createGraderClient(5000);
  return client;
}
