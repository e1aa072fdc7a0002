// Every behavioural claim of content/lessons/05-cluster-state.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { createCluster, type Cluster } from '../../src/sim';
import { appAnnotations, deployment, statefulSet } from '../fixtures/k8s';
import { seedFor } from '../../src/grader/seed';
import { quizAnswers } from './part2-quiz';

function started(yaml: string, options: Parameters<typeof createCluster>[0] = {}): Cluster {
  const c = createCluster({ seed: 5, ...options });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  c.runUntilStable();
  return c;
}

const db = (extraService = '') =>
  statefulSet('db', { container: 'mysql', image: 'mysql:8.4', port: 3306, dataPath: '/var/lib/mysql', serviceExtra: extraService });

/** A StatefulSet running an app model (sim.k8s.course/app), with a claim per member. */
const appSet = (name: string, model: string, replicas: number, primaryHost?: string) =>
  statefulSet(name, {
    replicas,
    container: 'main',
    image: 'registry.k8s.io/etcd:3.5.12-0',
    port: 2379,
    annotations: appAnnotations(model),
    containerExtra: primaryHost ? `        env: [{name: PRIMARY_HOST, value: "${primaryHost}"}]\n` : '',
    dataPath: '/data',
  });

const ip = (c: Cluster, pod: string) => c.get('Pod', pod)?.status?.podIP as string | undefined;
const timeOf = (c: Cluster, text: string) => c.timeline().find((e) => e.text === text)?.t ?? NaN;

describe('05-cluster-state claims', () => {
  it('05-cluster-state: each member\'s hostname is its pod name, whose ordinal survives recreation', () => {
    const c = started(db());
    for (const i of [0, 1, 2]) expect(c.get('Pod', `db-${i}`)?.spec.hostname).toBe(`db-${i}`);
    const uid = c.get('Pod', 'db-1')?.metadata.uid;
    c.deletePod('db-1');
    c.runUntilStable();
    expect(c.get('Pod', 'db-1')?.metadata.uid).not.toBe(uid);
    expect(c.get('Pod', 'db-1')?.spec.hostname).toBe('db-1');
  });

  it('05-cluster-state: the primary (ordinal 0) is created first and is Ready before the first replica is created', () => {
    const c = started(db());
    expect(timeOf(c, 'pod/db-1 created rev=1')).toBeGreaterThan(timeOf(c, 'pod/db-0 ready'));
    expect(timeOf(c, 'pod/db-2 created rev=1')).toBeGreaterThan(timeOf(c, 'pod/db-1 ready'));
  });

  it('05-cluster-state: db-0.db follows the primary to its new IP when it is recreated; the old IP no longer names it', () => {
    const c = started(db());
    const oldIp = ip(c, 'db-0');
    expect(c.resolve('db-0.db')).toEqual([oldIp]);
    expect(c.resolve('db-0.db.default.svc.cluster.local')).toEqual([oldIp]);
    c.deletePod('db-0');
    c.runUntilStable();
    const newIp = ip(c, 'db-0');
    expect(newIp).toBeDefined();
    expect(newIp).not.toBe(oldIp);
    expect(c.resolve('db-0.db')).toEqual([newIp]);
    expect(c.list('Pod').some((p) => p.status?.podIP === oldIp)).toBe(false);
  });

  it('05-cluster-state: a member\'s DNS name resolves only while it is Ready, unless the Service publishes not-ready addresses', () => {
    const plain = started(db());
    plain.setReady('db-2', false);
    plain.runUntilStable();
    expect(plain.resolve('db-2.db')).toEqual([]);
    const published = started(db('  publishNotReadyAddresses: true\n'));
    published.setReady('db-2', false);
    published.runUntilStable();
    expect(published.resolve('db-2.db')).toEqual([ip(published, 'db-2')]);
  });

  it('05-cluster-state: Deployment pods have random names, so no pod can derive a stable role from its name', () => {
    const c = started(deployment('db', { replicas: 3, container: 'web' }));
    const before = c.list('Pod').map((p) => p.metadata.name);
    for (const name of before) expect(name).toMatch(/^db-[a-z0-9]+-[a-z0-9]{5}$/);
    c.deletePod(before[0]);
    c.runUntilStable();
    const after = c.list('Pod').map((p) => p.metadata.name);
    expect(after).not.toContain(before[0]);
    expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
  });

  it('05-cluster-state: the init convention gives ordinal 0 the primary role and the others the replica role', () => {
    const c = started(appSet('db', 'replicated-db', 3, 'db-0.db'));
    expect(['db-0', 'db-1', 'db-2'].map((p) => c.appStatus(p)?.role)).toEqual(['primary', 'replica', 'replica']);
    c.deletePod('db-0');
    c.runUntilStable();
    expect(c.appStatus('db-0')?.role).toBe('primary');
  });

  it('05-cluster-state: a replica that names the primary by DNS keeps replicating after the primary is recreated', () => {
    const c = started(appSet('db', 'replicated-db', 3, 'db-0.db'));
    expect(c.appStatus('db-1')?.detail.replication).toBe('streaming');
    c.deletePod('db-0');
    c.runUntilStable();
    expect(c.appStatus('db-1')?.detail.replication).toBe('streaming');
  });

  it('05-cluster-state: a replica that names the primary by pod IP stops replicating when the primary is recreated', () => {
    const probe = started(appSet('db', 'replicated-db', 3, 'db-0.db'));
    const primaryIp = ip(probe, 'db-0') as string;
    const c = started(appSet('db', 'replicated-db', 3, primaryIp));
    expect(ip(c, 'db-0')).toBe(primaryIp);
    expect(c.appStatus('db-1')?.detail.replication).toBe('streaming');
    c.deletePod('db-0');
    c.runUntilStable();
    expect(ip(c, 'db-0')).not.toBe(primaryIp);
    expect(c.appStatus('db-1')?.detail.replication).toBe('stopped');
    expect(c.events().some((e) => e.reason === 'ReplicationStopped' && e.object.name === 'db-1')).toBe(true);
  });

  it.each([
    ['the primary-by-name starter', 'primary-by-name', 'exercises/05-cluster-state/primary-by-name/starter.yaml'],
    ['the cluster-name-not-ip demo', 'cluster-name-not-ip', 'content/demos/cluster-name-not-ip.yaml'],
  ])('05-cluster-state: %s replicates from the IP at first and stops once db-0 is recreated', (_what, id, file) => {
    let manifests = readFileSync(resolve(__dirname, '../..', file), 'utf8');
    if (file.startsWith('content/demos')) manifests = (loadYaml(manifests) as { manifests: string }).manifests;
    const c = createCluster({ seed: seedFor(id) });
    expect(c.apply(manifests).ok).toBe(true);
    c.runUntilStable();
    expect(c.appStatus('db-1')?.detail).toMatchObject({ replication: 'streaming', primaryHost: ip(c, 'db-0') });
    c.deletePod('db-0');
    c.runUntilStable();
    expect(c.appStatus('db-1')?.detail.replication).toBe('stopped');
  });

  it('05-cluster-state: a three-member consensus group keeps a leader with one member down and loses it with two down', () => {
    const c = started(appSet('etcd', 'quorum', 3));
    const leader = () => ['etcd-0', 'etcd-1', 'etcd-2'].map((p) => c.appStatus(p)).find((s) => s?.role === 'leader')?.pod;
    expect(leader()).toBeDefined();
    c.setReady('etcd-2', false);
    c.advance(10_000);
    expect(leader()).toBeDefined();
    expect(c.appStatus('etcd-0')?.serving).toBe(true);
    c.setReady('etcd-1', false);
    c.advance(10_000);
    expect(leader()).toBeUndefined();
    expect(c.appStatus('etcd-0')?.serving).toBe(false);
  });

  it('05-cluster-state: when the leader is lost, the reachable majority elects a new leader in a higher term', () => {
    const c = started(appSet('etcd', 'quorum', 3));
    const first = c.appStatus('etcd-0');
    expect(first?.role).toBe('leader');
    c.setReady('etcd-0', false);
    c.advance(10_000);
    const next = ['etcd-1', 'etcd-2'].map((p) => c.appStatus(p)).find((s) => s?.role === 'leader');
    expect(next).toBeDefined();
    expect(Number(next?.detail.term)).toBeGreaterThan(Number(first?.detail.term));
  });

  it('05-cluster-state: majority and failures tolerated for 1 to 7 members (a fourth member adds no tolerance)', () => {
    const tolerance: Record<number, number> = {};
    const majority: Record<number, number> = {};
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      const c = started(appSet('etcd', 'quorum', n));
      tolerance[n] = Number(c.appStatus('etcd-0')?.detail.faultTolerance);
      majority[n] = Number(c.appStatus('etcd-0')?.detail.majority);
    }
    expect(majority).toEqual({ 1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4, 7: 4 });
    expect(tolerance).toEqual({ 1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3 });
  });

  it('05-cluster-state: a four-member group stops with two members down', () => {
    const c = started(appSet('etcd', 'quorum', 4));
    c.setReady('etcd-3', false);
    c.setReady('etcd-2', false);
    c.advance(10_000);
    expect(['etcd-0', 'etcd-1'].map((p) => c.appStatus(p)?.serving)).toEqual([false, false]);
  });

  it('05-cluster-state: topology-decisions answers agree with the engine: 4 members tolerate 1 failure, and members start in the quiz\'s order', () => {
    const answers = quizAnswers('05-cluster-state', 'topology-decisions');
    const four = started(appSet('etcd', 'quorum', 4));
    expect({ one: 1, two: 2, three: 3 }[answers['four-members'] as string]).toBe(Number(four.appStatus('etcd-0')?.detail.faultTolerance));
    const c = started(appSet('db', 'replicated-db', 3, 'db-0.db'));
    const at: Record<string, number> = {
      'db0-created': timeOf(c, 'pod/db-0 created rev=1'),
      'db0-primary': timeOf(c, 'pod/db-0 ready'),
      'db1-created': timeOf(c, 'pod/db-1 created rev=1'),
      'db1-replica': timeOf(c, 'pod/db-1 ready'),
      'db2-created': timeOf(c, 'pod/db-2 created rev=1'),
    };
    const byTime = Object.keys(at).sort((a, b) => at[a] - at[b]);
    expect(answers['first-start']).toEqual(byTime);
    expect(c.appStatus('db-0')?.role).toBe('primary');
    expect(c.appStatus('db-1')?.detail.primaryHost).toBe('db-0.db');
  });
});
