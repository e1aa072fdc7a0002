import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExercise } from '../../../src/exercises';
import { handleRequest } from '../../../src/worker/handle';
import { describeMoment } from '../../../src/scripts/exercise/sim-model';

const dir = join(__dirname, '../../../exercises/10-stable-identity/headless-service');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const exercise = buildExercise({ file: 'exercise.yaml', definition: read('exercise.yaml'), starter: read('starter.yaml'), solution: read('solution.yaml') });

function runOf(yaml: string) {
  const response = handleRequest({ id: 1, type: 'grade', exercise, submission: { yaml }, includeRun: true });
  if (response.type !== 'result' || !response.result.run) throw new Error('expected a run');
  return response.result.run;
}

describe('describeMoment', () => {
  it('at the end of the solution run: three ordered Ready pods, one DNS record each, and the events', () => {
    const run = runOf(read('solution.yaml'));
    const end = describeMoment(run, run.history.length - 1);
    expect(end.pods.map((p) => [p.name, p.ordinal, p.phase, p.ready])).toEqual([
      ['web-0', '0', 'Running', 'Ready'],
      ['web-1', '1', 'Running', 'Ready'],
      ['web-2', '2', 'Running', 'Ready'],
    ]);
    expect(end.pods.every((p) => p.revision !== '–')).toBe(true);
    expect(end.dns.map((d) => d.split(' → ')[0])).toEqual([
      'web-0.nginx.default.svc.cluster.local',
      'web-1.nginx.default.svc.cluster.local',
      'web-2.nginx.default.svc.cluster.local',
    ]);
    expect(end.events.some((e) => /SuccessfulCreate/.test(e))).toBe(true);
  });

  it('earlier moments show fewer pods, and the starter gets no DNS records', () => {
    const run = runOf(read('solution.yaml'));
    expect(describeMoment(run, 0).pods.length).toBeLessThan(3);
    const starter = runOf(read('starter.yaml'));
    expect(describeMoment(starter, starter.history.length - 1).dns).toEqual([]);
  });

  it('clamps an out-of-range index and copes with an empty history', () => {
    const run = runOf(read('solution.yaml'));
    expect(describeMoment(run, 10_000).t).toBe(run.history[run.history.length - 1].t);
    expect(describeMoment({ timeline: [], events: [], history: [] }, 0)).toEqual({ t: 0, pods: [], claims: [], dns: [], events: [], nodes: [], unscheduled: [], apps: [] });
  });
});
