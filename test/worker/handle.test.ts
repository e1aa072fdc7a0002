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
});
