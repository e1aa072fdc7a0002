// Every behavioural claim of content/lessons/15-databases-on-statefulsets.mdx, checked against the
// engine and its app models (`quorum` behaves like etcd, `replicated-db` like MySQL replication).
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { appAnnotations, deployment, docs, mountedVolume, service, statefulSet } from '../fixtures/k8s';

interface QuorumOptions {
  replicas?: number;
  /** `claim` (volumeClaimTemplates) or `emptyDir` for the data path. */
  storage?: 'claim' | 'emptyDir';
  kind?: 'StatefulSet' | 'Deployment';
}

/** A `quorum` (etcd-like) group `kv` behind a headless Service, its data at /var/lib/kv. */
export function quorumSet(options: QuorumOptions = {}): string {
  const { replicas = 3, storage = 'claim', kind = 'StatefulSet' } = options;
  const pod = { replicas, image: 'etcd:3.5', annotations: appAnnotations('quorum', '/var/lib/kv') };
  if (kind === 'StatefulSet') return statefulSet('kv', { ...pod, port: 2379, dataPath: '/var/lib/kv', storage });
  return docs(service('kv', { port: 2379, headless: true }), deployment('kv', { ...pod, podExtra: mountedVolume('data', '/var/lib/kv', 'emptyDir: {}') }));
}

function started(yaml: string, seed = 15): Cluster {
  const c = createCluster({ seed });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(c.runUntilStable().stable).toBe(true);
  return c;
}

const members = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();
const roles = (c: Cluster) => Object.fromEntries(members(c).map((m) => [m, c.appStatus(m)?.role]));
const leaderOf = (c: Cluster) => members(c).filter((m) => c.appStatus(m)?.role === 'leader');

describe('15-databases-on-statefulsets claims', () => {
  it('15-databases-on-statefulsets: three consensus members elect exactly one leader', () => {
    const c = started(quorumSet());
    expect(leaderOf(c)).toHaveLength(1);
    expect(Object.values(roles(c)).sort()).toEqual(['follower', 'follower', 'leader']);
    expect(c.appStatus('kv-0')?.detail).toMatchObject({ members: 3, majority: 2, faultTolerance: 1 });
  });

  it('15-databases-on-statefulsets: when the leader goes, the others elect a new leader one election timeout later', () => {
    const c = started(quorumSet());
    const [old] = leaderOf(c);
    const t = c.now();
    c.deletePod(old);
    c.runUntilStable();
    const app = c.timeline().filter((e) => e.t >= t && e.kind === 'app');
    const lost = app.find((e) => e.event === 'leader-lost');
    const elected = app.find((e) => e.event === 'leader');
    expect(lost?.name).toBe(old);
    expect(elected && lost && elected.t - lost.t).toBe(1000);
    expect(leaderOf(c)).toHaveLength(1);
    expect(leaderOf(c)[0]).not.toBe(old);
    expect(c.appStatus(old)?.role).toBe('follower');
  });

  it('15-databases-on-statefulsets: the majority rule: 3 and 4 members both tolerate one failure, 5 tolerate two', () => {
    for (const [n, tolerance] of [[3, 1], [4, 1], [5, 2], [2, 0]] as const) {
      const c = started(quorumSet({ replicas: n }));
      expect(c.appStatus('kv-0')?.detail.faultTolerance, `${n} members`).toBe(tolerance);
    }
  });

  it('15-databases-on-statefulsets: with two of three members down, the survivor refuses to serve (no quorum)', () => {
    const c = started(quorumSet());
    c.failPod('kv-1');
    c.failPod('kv-2');
    c.advance(10);
    expect(c.appStatus('kv-0')?.serving).toBe(false);
    expect(c.events().some((e) => e.reason === 'QuorumLost')).toBe(true);
  });

  it('15-databases-on-statefulsets: a member whose data directory was an emptyDir cannot rejoin after it is recreated', () => {
    const c = started(quorumSet({ storage: 'emptyDir' }));
    c.deletePod('kv-2');
    c.runUntilStable();
    expect(c.appStatus('kv-2')).toMatchObject({ role: 'data-lost', serving: false });
  });

  it('15-databases-on-statefulsets: a member with its own claim rejoins after it is recreated', () => {
    const c = started(quorumSet());
    c.deletePod('kv-2');
    c.runUntilStable();
    expect(c.appStatus('kv-2')).toMatchObject({ serving: true });
    expect(c.appStatus('kv-2')?.role).toMatch(/^(leader|follower)$/);
  });

  it('15-databases-on-statefulsets: members need stable names: a Deployment\'s replacement pod is not a member', () => {
    const c = started(quorumSet({ kind: 'Deployment' }));
    const before = members(c);
    c.deletePod(before[0]);
    c.runUntilStable();
    const newcomer = members(c).find((m) => !before.includes(m));
    expect(newcomer).toBeDefined();
    expect(c.appStatus(newcomer as string)).toMatchObject({ role: 'not-a-member', serving: false });
  });

  it('15-databases-on-statefulsets: a rolling update replaces one member at a time, so a majority stays reachable throughout', () => {
    const c = started(quorumSet());
    const oldRevision = c.get('StatefulSet', 'kv')?.status.updateRevision;
    c.patch('StatefulSet', 'kv', { spec: { template: { spec: { containers: [{ name: 'kv', image: 'etcd:3.6' }] } } } });
    let minReachable = Infinity;
    let samples = 0;
    const done = () => {
      const st = c.get('StatefulSet', 'kv')?.status;
      return st?.updateRevision !== oldRevision && st?.updatedReplicas === 3 && st?.readyReplicas === 3 && st?.currentRevision === st?.updateRevision;
    };
    for (let i = 0; i < 1200 && !done(); i++) {
      c.advance(50);
      samples += 1;
      const reachable = members(c)
        .map((m) => c.appStatus(m))
        .filter((s) => s !== undefined && s.role !== 'unreachable').length;
      minReachable = Math.min(minReachable, reachable);
    }
    expect(done()).toBe(true);
    expect(samples).toBeGreaterThan(20);
    expect(minReachable).toBeGreaterThanOrEqual(2);
    expect(leaderOf(c)).toHaveLength(1);
  });

  it('15-databases-on-statefulsets: a single-instance database has no pod at all between the old one going and the new one starting', () => {
    const c = started(quorumSet({ replicas: 1 }));
    const t = c.now();
    c.patch('StatefulSet', 'kv', { spec: { template: { spec: { containers: [{ name: 'kv', image: 'etcd:3.6' }] } } } });
    c.runUntilStable();
    const pod = c.timeline().filter((e) => e.t >= t && e.kind === 'pod').map((e) => e.text);
    expect(pod.indexOf('pod/kv-0 gone')).toBeGreaterThanOrEqual(0);
    expect(pod.indexOf('pod/kv-0 gone')).toBeLessThan(pod.indexOf('pod/kv-0 created rev=2'));
  });
});
