// Prediction quizzes whose answers are engine behaviour: each test replays the quiz's story on the
// engine and compares with the answer the exercise marks as right, so a quiz cannot teach a
// behaviour the simulator (and the controllers it mirrors) does not have.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { quizSolution } from '../../src/exercises';
import { loadExerciseFolders } from '../../src/cli/exercises-dir';
import { webSet } from './statefulset-manifests';
import { deployment } from '../fixtures/k8s';

const folders = loadExerciseFolders(resolve(__dirname, '../../exercises'));
const answersOf = (id: string) => {
  const folder = folders.find((f) => f.exercise.id === id);
  if (!folder) throw new Error(`no exercise ${id}`);
  return quizSolution(folder.exercise) as Record<string, unknown>;
};

const image = (tag: string) => ({ spec: { template: { spec: { containers: [{ name: 'nginx', image: `registry.k8s.io/nginx-slim:${tag}` }] } } } });

/** Revision number of each pod: 1 for the first template, 2 for the second… */
function revisions(c: Cluster): Record<string, number> {
  const byName = new Map(c.list('ControllerRevision').map((r) => [r.metadata.name, Number(r.revision)] as const));
  const out: Record<string, number> = {};
  for (const p of c.list('Pod')) out[p.metadata.name] = byName.get(p.metadata.labels?.['controller-revision-hash'] ?? '') ?? NaN;
  return out;
}

describe('prediction quizzes agree with the engine', () => {
  it('13-rolling-updates: predict-revisions answers match a partitioned rollout followed by OnDelete', () => {
    const answers = answersOf('predict-revisions');
    const c = createCluster({ seed: 13 });
    expect(c.apply(webSet({ replicas: 5 })).ok).toBe(true);
    c.runUntilStable();
    // Step 1: partition 3, new image.
    c.patch('StatefulSet', 'web', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 3 } } } });
    c.patch('StatefulSet', 'web', image('0.9'));
    c.runUntilStable();
    const step1 = revisions(c);
    expect(Object.keys(step1).filter((p) => step1[p] === 2).sort()).toEqual(answers['after-partition']);
    // Step 2: web-1 is recreated.
    c.deletePod('web-1');
    c.runUntilStable();
    expect(revisions(c)['web-1']).toBe(answers['recreated-below'] === 'rev-1' ? 1 : 2);
    // Step 3: OnDelete and a third template.
    c.patch('StatefulSet', 'web', { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } });
    c.patch('StatefulSet', 'web', image('1.0'));
    c.advance(60_000);
    const step3 = revisions(c);
    expect(answers['ondelete-change']).toBe('none');
    expect(Object.values(step3).filter((r) => r === 3)).toHaveLength(0);
    // Step 4: delete web-4.
    c.deletePod('web-4');
    c.runUntilStable();
    expect(answers['after-delete']).toBe('four-at-3');
    expect(revisions(c)).toEqual({ 'web-0': 1, 'web-1': 1, 'web-2': 1, 'web-3': 2, 'web-4': 3 });
  });

  it('08-deployments: scale-down-victims answers match the ReplicaSet\'s ranking (not Ready, then Ready for the shortest time)', () => {
    const answers = answersOf('scale-down-victims');
    const c = createCluster({ seed: 8, kubelet: { staggerMs: 60_000 } });
    expect(c.apply(deployment('web', { replicas: 3 })).ok).toBe(true);
    c.runUntilStable();
    // Ready longest, Ready shortest, and one whose readiness probe fails now.
    const byReady = c.list('Pod').map((p) => p.metadata.name)
      .sort((a, b) => (c.timeline().find((e) => e.name === a && e.event === 'ready')?.t ?? 0) - (c.timeline().find((e) => e.name === b && e.event === 'ready')?.t ?? 0));
    const [longest, middle, shortest] = byReady;
    c.setReady(middle, false);
    c.advance(1000);
    const deleted: string[] = [];
    for (const n of [2, 1, 0]) {
      const before = c.list('Pod').map((p) => p.metadata.name);
      c.scale('Deployment', 'web', n);
      c.runUntilStable();
      deleted.push(...before.filter((name) => !c.get('Pod', name)));
    }
    const role: Record<string, string> = { [middle]: 'nrpsk', [shortest]: 'q7tzm', [longest]: '2ccs6' };
    const order = (answers.order as string[]).filter((id) => id !== 'fwsj6');
    expect(deleted.map((name) => role[name])).toEqual(order);
  });
});
