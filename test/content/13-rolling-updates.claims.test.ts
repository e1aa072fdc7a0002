// Every behavioural claim of content/lessons/13-rolling-updates.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { webSet } from './statefulset-manifests';

const NEW_IMAGE = { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.9' }] } } } };

function started(yaml: string, options: { unready?: string[] } = {}): Cluster {
  const c = createCluster({ seed: 1, kubelet: options.unready ? { unready: options.unready } : {} });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  c.runUntilStable({ maxMs: 60_000 });
  return c;
}

const strategy = (lines: string) => `  updateStrategy:\n${lines}`;
const events = (c: Cluster, from: number) =>
  c.timeline().filter((e) => e.t >= from && e.kind === 'pod').map((e) => e.text);
const revisionOf = (c: Cluster, pod: string) => c.get('Pod', pod)?.metadata.labels?.['controller-revision-hash'];
const status = (c: Cluster) => c.get('StatefulSet', 'web')?.status;

describe('13-rolling-updates claims', () => {
  it('13-rolling-updates: the default strategy is RollingUpdate with partition 0', () => {
    const c = started(webSet());
    expect(c.get('StatefulSet', 'web')?.spec.updateStrategy).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  });

  it('13-rolling-updates: a rolling update goes from the highest ordinal down, one pod at a time, each waiting for the new pod to be Ready', () => {
    const c = started(webSet());
    const t = c.now();
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    expect(events(c, t).filter((x) => /deleting|created| ready$/.test(x))).toEqual([
      'pod/web-2 deleting', 'pod/web-2 created rev=2', 'pod/web-2 ready',
      'pod/web-1 deleting', 'pod/web-1 created rev=2', 'pod/web-1 ready',
      'pod/web-0 deleting', 'pod/web-0 created rev=2', 'pod/web-0 ready',
    ]);
  });

  it('13-rolling-updates: a new pod that never gets Ready stops the rollout there', () => {
    const c = started(webSet());
    c.setKubelet({ unready: ['web-2'] });
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.advance(60_000);
    const s = status(c);
    expect(revisionOf(c, 'web-2')).toBe(s.updateRevision);
    expect(revisionOf(c, 'web-1')).toBe(s.currentRevision);
    expect(revisionOf(c, 'web-0')).toBe(s.currentRevision);
    expect(s.currentRevision).not.toBe(s.updateRevision);
  });

  it('13-rolling-updates: currentRevision catches up once every pod is updated', () => {
    const c = started(webSet());
    const before = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const s = status(c);
    expect(s.updateRevision).not.toBe(before);
    expect(s.currentRevision).toBe(s.updateRevision);
    expect(s.updatedReplicas).toBe(3);
  });

  it('13-rolling-updates: with partition 2 only web-2 is updated; web-0 and web-1 keep the old revision', () => {
    const c = started(webSet({ extraSpec: strategy('    type: RollingUpdate\n    rollingUpdate:\n      partition: 2') }));
    const old = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const s = status(c);
    expect(revisionOf(c, 'web-2')).toBe(s.updateRevision);
    expect(revisionOf(c, 'web-1')).toBe(old);
    expect(revisionOf(c, 'web-0')).toBe(old);
    expect(s.currentRevision).toBe(old);
    expect(s.updatedReplicas).toBe(1);
    expect(s.currentReplicas).toBe(2);
  });

  it('13-rolling-updates: a pod below the partition that is deleted comes back at the old revision', () => {
    const c = started(webSet({ extraSpec: strategy('    type: RollingUpdate\n    rollingUpdate:\n      partition: 2') }));
    const old = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const uid = c.get('Pod', 'web-0')?.metadata.uid;
    c.deletePod('web-0');
    c.runUntilStable();
    expect(c.get('Pod', 'web-0')?.metadata.uid).not.toBe(uid);
    expect(revisionOf(c, 'web-0')).toBe(old);
  });

  it('13-rolling-updates: lowering the partition to 0 finishes the rollout and currentRevision catches up', () => {
    const c = started(webSet({ extraSpec: strategy('    type: RollingUpdate\n    rollingUpdate:\n      partition: 2') }));
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    c.patch('StatefulSet', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    c.runUntilStable();
    const s = status(c);
    for (const p of ['web-0', 'web-1', 'web-2']) expect(revisionOf(c, p)).toBe(s.updateRevision);
    expect(s.currentRevision).toBe(s.updateRevision);
  });

  it('13-rolling-updates: the partition is an index from ordinals.start, not an ordinal', () => {
    const c = started(webSet({ extraSpec: '  ordinals:\n    start: 5\n' + strategy('    type: RollingUpdate\n    rollingUpdate:\n      partition: 1') }));
    const old = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const s = status(c);
    expect(revisionOf(c, 'web-5')).toBe(old);
    expect(revisionOf(c, 'web-6')).toBe(s.updateRevision);
    expect(revisionOf(c, 'web-7')).toBe(s.updateRevision);
  });

  it('13-rolling-updates: a partition at or above the replica count updates nothing', () => {
    const c = started(webSet({ extraSpec: strategy('    type: RollingUpdate\n    rollingUpdate:\n      partition: 3') }));
    const old = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    for (const p of ['web-0', 'web-1', 'web-2']) expect(revisionOf(c, p)).toBe(old);
    expect(status(c).updatedReplicas).toBe(0);
  });

  it('13-rolling-updates: OnDelete changes no pod until you delete it, and currentRevision never catches up', () => {
    const c = started(webSet({ extraSpec: strategy('    type: OnDelete') }));
    const old = status(c).currentRevision;
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    for (const p of ['web-0', 'web-1', 'web-2']) expect(revisionOf(c, p)).toBe(old);
    for (const p of ['web-0', 'web-1', 'web-2']) {
      c.deletePod(p);
      c.runUntilStable();
    }
    const s = status(c);
    for (const p of ['web-0', 'web-1', 'web-2']) expect(revisionOf(c, p)).toBe(s.updateRevision);
    expect(s.updatedReplicas).toBe(3);
    expect(s.currentRevision).toBe(old);
  });

  it('13-rolling-updates: a single-replica set has no pod running during its update', () => {
    const c = started(webSet({ replicas: 1 }));
    const t = c.now();
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const tl = c.timeline().filter((e) => e.t >= t && e.kind === 'pod');
    const down = tl.find((e) => e.text === 'pod/web-0 notready')?.t ?? NaN;
    const up = tl.find((e) => e.text === 'pod/web-0 ready')?.t ?? NaN;
    expect(tl.findIndex((e) => e.text === 'pod/web-0 gone')).toBeLessThan(tl.findIndex((e) => e.text === 'pod/web-0 created rev=2'));
    expect(up - down).toBeGreaterThan(0);
  });

  it('13-rolling-updates: maxUnavailable defaults to 1 and a larger value replaces several pods at once', () => {
    const c = started(webSet({ replicas: 4, extraSpec: strategy('    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 2') }));
    const t = c.now();
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const deleting = c.timeline().filter((e) => e.t >= t && e.event === 'deleting');
    expect(deleting.map((e) => e.name)).toEqual(['web-3', 'web-2', 'web-1', 'web-0']);
    expect(deleting[0].t).toBe(deleting[1].t);
    expect(deleting[2].t).toBe(deleting[3].t);
    expect(deleting[2].t).toBeGreaterThan(deleting[1].t);
    const d = started(webSet());
    expect(d.get('StatefulSet', 'web')?.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(1);
  });

  it('13-rolling-updates: only changes to the pod template create a new revision', () => {
    const c = started(webSet());
    const revisions = () => c.list('ControllerRevision').map((r) => r.metadata.name).sort();
    const first = revisions();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(revisionOf(c, 'web-0')).toBe(first[0]);
    c.scale('StatefulSet', 'web', 4);
    c.patch('StatefulSet', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 1 } }, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } } });
    c.runUntilStable();
    expect(revisions()).toEqual(first);
    c.patch('StatefulSet', 'web', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } });
    c.runUntilStable();
    expect(revisions()).toHaveLength(2);
    expect(revisionOf(c, 'web-3')).not.toBe(first[0]);
    expect(revisionOf(c, 'web-0')).toBe(first[0]);
  });

  it('13-rolling-updates: reverting a stuck rollout does not replace the unready pod until you delete it', () => {
    const c = started(webSet());
    const good = status(c).currentRevision;
    c.setKubelet({ unready: ['web-2'] });
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.advance(30_000);
    const bad = status(c).updateRevision;
    expect(revisionOf(c, 'web-2')).toBe(bad);
    c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.8' }] } } } });
    c.advance(30_000);
    expect(status(c).updateRevision).toBe(good);
    expect(revisionOf(c, 'web-2')).toBe(bad);
    c.setKubelet({ unready: [] });
    c.deletePod('web-2');
    c.runUntilStable();
    expect(revisionOf(c, 'web-2')).toBe(good);
    expect(status(c).readyReplicas).toBe(3);
  });

  it('13-rolling-updates: under Parallel, maxUnavailable keeps a sliding window instead of batches', () => {
    const c = started(webSet({ replicas: 4, extraSpec: '  podManagementPolicy: Parallel\n' + strategy('    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 2') }));
    c.setKubelet({ staggerMs: 300 });
    const t = c.now();
    c.patch('StatefulSet', 'web', NEW_IMAGE);
    c.runUntilStable();
    const at = (text: string) => c.timeline().find((e) => e.t >= t && e.text === text)?.t ?? NaN;
    expect(at('pod/web-3 deleting')).toBe(at('pod/web-2 deleting'));
    // web-1 goes as soon as one of the first two is back, before the other is Ready.
    expect(at('pod/web-1 deleting')).toBeGreaterThan(at('pod/web-2 ready'));
    expect(at('pod/web-1 deleting')).toBeLessThan(at('pod/web-3 ready'));
  });
});
