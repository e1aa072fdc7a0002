import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExercise, type Exercise } from '../../src/exercises';
import { handleRequest } from '../../src/worker/handle';
import { BAD_REQUEST_MESSAGE, parseAction, type SimState, type WorkerResponse } from '../../src/worker/protocol';
import { SimSessions } from '../../src/worker/sessions';
import { WEB_STATEFULSET } from '../../src/scripts/playground/samples';

const root = join(__dirname, '../../exercises');

/** Every shipped YAML exercise with its solution. */
function yamlExercises(): Array<{ exercise: Exercise; solution: string }> {
  const out: Array<{ exercise: Exercise; solution: string }> = [];
  for (const lesson of readdirSync(root)) {
    for (const id of readdirSync(join(root, lesson))) {
      const dir = join(root, lesson, id);
      if (!existsSync(join(dir, 'solution.yaml'))) continue;
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      const exercise = buildExercise({ file: `${lesson}/${id}/exercise.yaml`, definition: read('exercise.yaml'), starter: existsSync(join(dir, 'starter.yaml')) ? read('starter.yaml') : '', solution: read('solution.yaml') });
      if (exercise.kind === 'yaml') out.push({ exercise, solution: read('solution.yaml') });
    }
  }
  return out;
}

function state(r: WorkerResponse): SimState {
  if (r.type !== 'sim') throw new Error(`expected a sim state, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.state;
}

const strip = (objects: SimState['objects']) => JSON.stringify([...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`)));

describe('a session started from an exercise continues the checked run', () => {
  const all = yamlExercises();
  it('finds the shipped YAML exercises', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all.map((e) => [e.exercise.id, e] as const))('%s: the session ends where the grader run ends (same seed, kubelet, scenario)', (_id, { exercise, solution }) => {
    const graded = handleRequest({ id: 1, type: 'grade', exercise, submission: { yaml: solution }, includeRun: true });
    if (graded.type !== 'result' || !graded.result.run) throw new Error('expected a run');
    const run = graded.result.run;
    const sessions = new SimSessions();
    const opened = state(handleRequest({ id: 2, type: 'sim:open', yaml: solution, exercise }, sessions));
    expect(opened.now).toBeGreaterThanOrEqual(run.history[run.history.length - 1].t);
    expect(strip(opened.objects)).toBe(strip(run.history[run.history.length - 1].objects));
    expect(opened.events.length).toBe(run.events.length);
  });

  it('then acts on it: deleting a pod of the StatefulSet brings it back', () => {
    const { exercise, solution } = all.find((e) => e.exercise.id === 'headless-service')!;
    const sessions = new SimSessions();
    const opened = state(handleRequest({ id: 1, type: 'sim:open', yaml: solution, exercise }, sessions));
    const act = (action: unknown) => state(handleRequest({ id: 2, type: 'sim:act', session: opened.session, action }, sessions));
    const deleted = act({ type: 'deletePod', name: 'web-1' });
    expect(deleted.diagnostics).toEqual([]);
    const settled = act({ type: 'runUntilStable', maxMs: 600_000 });
    expect(settled.now).toBeGreaterThan(opened.now);
    expect(settled.history.length).toBeGreaterThan(1);
    const web1 = settled.objects.find((o) => o.kind === 'Pod' && o.metadata.name === 'web-1')!;
    expect(web1.metadata.deletionTimestamp).toBeUndefined();
    expect(web1.metadata.uid).not.toBe(opened.objects.find((o) => o.kind === 'Pod' && o.metadata.name === 'web-1')!.metadata.uid);
  });

  it('refuses an exercise that is not an object', () => {
    expect(handleRequest({ id: 3, type: 'sim:open', yaml: 'x: 1', exercise: 'headless-service' })).toEqual({ id: 3, type: 'error', message: BAD_REQUEST_MESSAGE });
  });
});

describe('node actions', () => {
  it('parses the node verbs and refuses them without a node name', () => {
    for (const type of ['stopNode', 'startNode', 'cordon', 'uncordon', 'drain']) {
      expect(parseAction({ type, node: 'node-1' })).toEqual({ type, node: 'node-1' });
      expect(parseAction({ type })).toBeNull();
      expect(parseAction({ type, node: '' })).toBeNull();
    }
    expect(parseAction({ type: 'runUntilStable', maxMs: 5000 })).toEqual({ type: 'runUntilStable', maxMs: 5000 });
    expect(parseAction({ type: 'runUntilStable', maxMs: -1 })).toEqual({ type: 'runUntilStable' });
  });

  it('reports a node verb the engine cannot do as a diagnostic, never as a crash', () => {
    const sessions = new SimSessions();
    const opened = sessions.open(WEB_STATEFULSET);
    sessions.act(opened.session, { type: 'runUntilStable' });
    const nodes = opened.objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
    const target = nodes[0] ?? 'node-1';
    for (const type of ['cordon', 'uncordon', 'drain', 'stopNode', 'startNode'] as const) {
      const after = sessions.act(opened.session, { type, node: target });
      for (const d of after.diagnostics) {
        expect(d.severity).toBe('error');
        expect(d.code).toBe('action-failed');
        expect(d.message.length).toBeGreaterThan(10);
      }
    }
    if (nodes.length > 0) {
      const missing = sessions.act(opened.session, { type: 'cordon', node: 'node-99' });
      expect(missing.diagnostics[0].message).toBe(`There is no node named "node-99". The cluster's nodes: ${nodes.join(', ')}.`);
    }
  });

  it('cordons a node when the engine models nodes: the Node turns unschedulable', () => {
    const sessions = new SimSessions();
    const opened = sessions.open(WEB_STATEFULSET);
    const node = opened.objects.find((o) => o.kind === 'Node');
    if (!node) return expect(opened.objects.some((o) => o.kind === 'Node')).toBe(false); // engine without nodes yet
    const after = sessions.act(opened.session, { type: 'cordon', node: node.metadata.name });
    expect(after.diagnostics).toEqual([]);
    expect(after.objects.find((o) => o.kind === 'Node' && o.metadata.name === node.metadata.name)!.spec.unschedulable).toBe(true);
  });
});
