// Every behavioural claim of content/lessons/12-ordering.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { webSet } from './statefulset-manifests';
import { docs, pdb } from '../fixtures/k8s';

function started(yaml: string): Cluster {
  const c = createCluster({ seed: 1 });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  c.runUntilStable();
  return c;
}

const pods = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();
/** Pod lifecycle lines of the timeline from time `from` on, without the time stamps. */
const events = (c: Cluster, from = 0) =>
  c.timeline().filter((e) => e.t >= from && e.kind === 'pod').map((e) => e.text);
const timeOf = (c: Cluster, text: string) => c.timeline().find((e) => e.text === text)?.t ?? NaN;

describe('12-ordering claims', () => {
  it('12-ordering: OrderedReady is the default pod management policy', () => {
    const c = started(webSet());
    expect(c.get('StatefulSet', 'web')?.spec.podManagementPolicy).toBe('OrderedReady');
  });

  it('12-ordering: pod N+1 is created only after pod N is Running and Ready', () => {
    const c = started(webSet({ replicas: 5 }));
    expect(events(c).filter((t) => /created|ready$/.test(t))).toEqual([
      'pod/web-0 created rev=1', 'pod/web-0 ready',
      'pod/web-1 created rev=1', 'pod/web-1 ready',
      'pod/web-2 created rev=1', 'pod/web-2 ready',
      'pod/web-3 created rev=1', 'pod/web-3 ready',
      'pod/web-4 created rev=1', 'pod/web-4 ready',
    ]);
    for (const i of [0, 1, 2, 3]) {
      expect(timeOf(c, `pod/web-${i + 1} created rev=1`)).toBeGreaterThan(timeOf(c, `pod/web-${i} ready`));
    }
  });

  it('12-ordering: a pod that never becomes Ready stops every pod after it from being created', () => {
    const c = createCluster({ seed: 1, kubelet: { unready: ['web-1'] } });
    c.apply(webSet({ replicas: 5 }));
    c.advance(60_000);
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: scale-down removes the highest ordinal first, one at a time, each gone before the next', () => {
    const c = started(webSet({ replicas: 5 }));
    const t = c.now();
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    expect(events(c, t).filter((x) => /deleting|gone/.test(x))).toEqual([
      'pod/web-4 deleting', 'pod/web-4 gone',
      'pod/web-3 deleting', 'pod/web-3 gone',
      'pod/web-2 deleting', 'pod/web-2 gone',
    ]);
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: an unready pod that stays in the set blocks scale-down until it is Ready again', () => {
    const c = started(webSet({ replicas: 5 }));
    c.setReady('web-1', false);
    c.advance(100);
    c.scale('StatefulSet', 'web', 2);
    c.advance(60_000);
    expect(pods(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    c.setReady('web-1', true);
    c.runUntilStable();
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: the top condemned pod is deleted even if unready when it is the only unhealthy condemned pod', () => {
    const c = started(webSet({ replicas: 5 }));
    c.setReady('web-4', false);
    c.advance(100);
    const t = c.now();
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    expect(events(c, t)[0]).toBe('pod/web-4 deleting');
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: an unready condemned pod below healthy ones does not block; it goes when its turn comes', () => {
    const c = started(webSet({ replicas: 5 }));
    c.setReady('web-2', false);
    c.advance(100);
    c.scale('StatefulSet', 'web', 2);
    c.advance(60_000);
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: two unhealthy condemned pods block scale-down until the higher one recovers', () => {
    const c = started(webSet({ replicas: 5 }));
    c.setReady('web-3', false);
    c.setReady('web-4', false);
    c.advance(100);
    c.scale('StatefulSet', 'web', 2);
    c.advance(60_000);
    expect(pods(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    c.setReady('web-4', true);
    c.runUntilStable();
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: Parallel creates all pods at once and deletes all condemned pods at once', () => {
    const c = started(webSet({ replicas: 5, extraSpec: '  podManagementPolicy: Parallel' }));
    const created = [0, 1, 2, 3, 4].map((i) => timeOf(c, `pod/web-${i} created rev=1`));
    expect(new Set(created).size).toBe(1);
    expect(created[0]).toBeLessThan(timeOf(c, 'pod/web-0 ready'));
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    const deleted = [2, 3, 4].map((i) => timeOf(c, `pod/web-${i} deleting`));
    expect(new Set(deleted).size).toBe(1);
    expect(deleted[0]).toBeLessThan(timeOf(c, 'pod/web-4 gone'));
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: with Parallel, an unready pod blocks neither creation nor scale-down', () => {
    const c = createCluster({ seed: 1, kubelet: { unready: ['web-1'] } });
    c.apply(webSet({ replicas: 5, extraSpec: '  podManagementPolicy: Parallel' }));
    c.advance(30_000);
    expect(pods(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    c.scale('StatefulSet', 'web', 2);
    c.advance(30_000);
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: scale-down keeps the removed pods\' claims', () => {
    const c = started(webSet({ replicas: 5 }));
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name).sort()).toEqual(
      ['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3', 'www-web-4'],
    );
  });

  it('12-ordering: podManagementPolicy cannot be changed on an existing StatefulSet', () => {
    const c = started(webSet());
    const result = c.patch('StatefulSet', 'web', { spec: { podManagementPolicy: 'Parallel' } });
    expect(result.ok).toBe(false);
    expect(c.get('StatefulSet', 'web')?.spec.podManagementPolicy).toBe('OrderedReady');
  });

  it('12-ordering: a failed pod in the middle is recreated before any higher pod is created', () => {
    const c = started(webSet({ replicas: 3 }));
    const t = c.now();
    c.failPod('web-1');
    c.scale('StatefulSet', 'web', 5);
    c.runUntilStable();
    const created = events(c, t).filter((x) => x.includes('created'));
    expect(created).toEqual(['pod/web-1 created rev=1', 'pod/web-3 created rev=1', 'pod/web-4 created rev=1']);
  });

  it('12-ordering: scaling 3 to 5 while the fourth pod never gets Ready leaves four pods', () => {
    const c = createCluster({ seed: 1, kubelet: { unready: ['web-3'] } });
    c.apply(webSet({ replicas: 3 }));
    c.runUntilStable({ maxMs: 30_000 });
    c.scale('StatefulSet', 'web', 5);
    c.advance(60_000);
    expect(pods(c)).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
  });

  it('12-ordering: with Parallel, a rolling update still replaces one pod at a time, highest first', () => {
    const c = started(webSet({ replicas: 3, extraSpec: '  podManagementPolicy: Parallel' }));
    const t = c.now();
    c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.9' }] } } } });
    c.runUntilStable();
    expect(events(c, t).filter((x) => /deleting|created| ready$/.test(x))).toEqual([
      'pod/web-2 deleting', 'pod/web-2 created rev=2', 'pod/web-2 ready',
      'pod/web-1 deleting', 'pod/web-1 created rev=2', 'pod/web-1 ready',
      'pod/web-0 deleting', 'pod/web-0 created rev=2', 'pod/web-0 ready',
    ]);
  });

  it('12-ordering: a PodDisruptionBudget does not hold back a StatefulSet scale-down', () => {
    const c = started(docs(webSet({ replicas: 5 }), pdb('web', 'nginx', 'minAvailable: 5')));
    c.scale('StatefulSet', 'web', 2);
    c.runUntilStable();
    expect(pods(c)).toEqual(['web-0', 'web-1']);
  });

  it('12-ordering: deleting the set with orphan cascade keeps the pods, and a new Parallel set adopts them', () => {
    const c = started(webSet({ replicas: 3 }));
    const uids = c.list('Pod').map((p) => p.metadata.uid).sort();
    c.deleteObject('StatefulSet', 'web', { propagationPolicy: 'Orphan' });
    c.runUntilStable();
    expect(c.get('StatefulSet', 'web')).toBeUndefined();
    expect(pods(c)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(c.apply(webSet({ replicas: 3, extraSpec: '  podManagementPolicy: Parallel' })).ok).toBe(true);
    c.runUntilStable();
    expect(c.get('StatefulSet', 'web')?.spec.podManagementPolicy).toBe('Parallel');
    expect(c.list('Pod').map((p) => p.metadata.uid).sort()).toEqual(uids);
    const owner = c.get('Pod', 'web-0')?.metadata.ownerReferences?.[0];
    expect(owner?.uid).toBe(c.get('StatefulSet', 'web')?.metadata.uid);
  });
});
