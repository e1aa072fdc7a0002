import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExercise } from '../../src/exercises';
import { handleRequest } from '../../src/worker/handle';
import { BAD_REQUEST_MESSAGE } from '../../src/worker/protocol';

const dir = join(__dirname, '../../exercises/10-stable-identity/headless-service');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const exercise = buildExercise({ file: 'exercise.yaml', definition: read('exercise.yaml'), starter: read('starter.yaml'), solution: read('solution.yaml') });

describe('the grading worker (handleRequest)', () => {
  it('grades the solution to full visible marks and redacts the hidden check', () => {
    const response = handleRequest({ id: 1, type: 'grade', exercise, submission: { yaml: read('solution.yaml') } });
    expect(response.type).toBe('result');
    if (response.type !== 'result') return;
    expect(response.id).toBe(1);
    expect(response.result.passed).toBe(true);
    expect(response.result.score).toBe(3);
    expect(response.result.maxScore).toBe(3);
    const hidden = response.result.checks.find((c) => c.id === 'web-2-resolves')!;
    expect(hidden).toMatchObject({ hidden: true, redacted: true, title: 'Hidden check', passed: false });
    expect(hidden.message).toBeUndefined();
    expect(response.result.run).toBeUndefined();
  });

  it('grades the starter as failing with the check messages, and returns the run on request', () => {
    const response = handleRequest({ id: 2, type: 'grade', exercise, submission: { yaml: read('starter.yaml') }, includeRun: true });
    if (response.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(response)}`);
    const serviceExists = response.result.checks.find((c) => c.id === 'service-exists')!;
    expect(serviceExists.passed).toBe(false);
    expect(serviceExists.message).toMatch(/^The StatefulSet's serviceName names a Service that does not exist\./);
    expect(Array.isArray(response.result.run?.history)).toBe(true);
  });

  it('validates YAML into positioned diagnostics', () => {
    const response = handleRequest({ id: 3, type: 'validate', yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n labels: [\n' });
    if (response.type !== 'diagnostics') throw new Error(`expected diagnostics, got ${JSON.stringify(response)}`);
    expect(response.diagnostics.length).toBeGreaterThan(0);
    expect(response.diagnostics[0].severity).toBe('error');
    expect(response.diagnostics[0].line).toBeGreaterThanOrEqual(4);
  });

  it('answers a malformed request with an error response, never a throw', () => {
    expect(handleRequest({ id: 4, type: 'grade', exercise: null, submission: {} })).toEqual({ id: 4, type: 'error', message: BAD_REQUEST_MESSAGE });
    expect(handleRequest(undefined)).toEqual({ id: -1, type: 'error', message: BAD_REQUEST_MESSAGE });
    const weird = handleRequest({ id: 5, type: 'grade', exercise: { id: 'x', kind: 'yaml', checks: 'nope' }, submission: { yaml: 'a: 1' } });
    expect(['result', 'error']).toContain(weird.type);
  });

  it('returns the app statuses at the end of the checked run when pods run an app model (and none when they do not)', () => {
    const appDir = join(__dirname, '../../exercises/10-stable-identity/replica-points-at-primary');
    const readApp = (f: string) => readFileSync(join(appDir, f), 'utf8');
    const appExercise = buildExercise({ file: 'exercise.yaml', definition: readApp('exercise.yaml'), starter: readApp('starter.yaml'), solution: readApp('solution.yaml') });
    const response = handleRequest({ id: 6, type: 'grade', exercise: appExercise, submission: { yaml: readApp('solution.yaml') }, includeRun: true });
    if (response.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(response)}`);
    const run = response.result.run as { apps?: Array<{ pod: string; role?: string; detail: Record<string, unknown> }> };
    expect(run.apps?.map((a) => [a.pod, a.role])).toEqual([
      ['redis-0', 'primary'],
      ['redis-1', 'replica'],
      ['redis-2', 'replica'],
    ]);
    // The scenario deleted redis-0; the replicas follow its DNS name to the new pod.
    expect(run.apps?.filter((a) => a.role === 'replica').map((a) => a.detail.replication)).toEqual(['streaming', 'streaming']);
    // Without the run, or without any app model, nothing is added.
    const plain = handleRequest({ id: 7, type: 'grade', exercise, submission: { yaml: read('solution.yaml') }, includeRun: true });
    if (plain.type !== 'result') throw new Error('expected a result');
    expect(plain.result.run).toBeDefined();
    expect((plain.result.run as { apps?: unknown }).apps).toBeUndefined();
    const noRun = handleRequest({ id: 8, type: 'grade', exercise: appExercise, submission: { yaml: readApp('solution.yaml') } });
    if (noRun.type !== 'result') throw new Error('expected a result');
    expect(noRun.result.run).toBeUndefined();
  });

  it('returns the requests each pod served when the scenario sends requests, with sessions kept in each pod', () => {
    const webDir = join(__dirname, '../../exercises/06-session-state/sticky-sessions');
    const readWeb = (f: string) => readFileSync(join(webDir, f), 'utf8');
    const definition = `${readWeb('exercise.yaml')}\nscenario:\n  steps:\n    - runUntilStable: true\n    - request: { target: web, count: 30 }\n    - runUntilStable: true\n`;
    const webExercise = buildExercise({ file: 'exercise.yaml', definition, starter: readWeb('starter.yaml'), solution: readWeb('solution.yaml') });
    const response = handleRequest({ id: 9, type: 'grade', exercise: webExercise, submission: { yaml: readWeb('starter.yaml') }, includeRun: true });
    if (response.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(response)}`);
    const run = response.result.run as { traffic?: { totals: Record<string, number>; failed: number }; apps?: Array<{ model: string; detail: Record<string, unknown> }> };
    const totals = Object.values(run.traffic?.totals ?? {});
    expect(totals.reduce((a, b) => a + b, 0)).toBe(30);
    expect(totals.length).toBe(3); // no affinity in the starter: every replica gets some
    expect(run.traffic?.failed).toBe(0);
    expect(run.apps?.map((a) => [a.model, a.detail.sessions])).toEqual([
      ['web', 'memory'],
      ['web', 'memory'],
      ['web', 'memory'],
    ]);
  });
});
