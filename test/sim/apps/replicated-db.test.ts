// The `replicated-db` model. Ideas followed: Kubernetes docs tutorial "Run a Replicated Stateful
// Application" (MySQL: ordinal 0 is the primary, replicas clone from and follow `mysql-0.mysql`,
// writes go to the primary, reads may go to replicas), and docs "StatefulSets" → Stable Network ID
// (the per-pod DNS name stays while the pod IP changes when the pod is recreated).
import { describe, expect, it } from 'vitest';
import { applyOk, lines, newCluster, send, statefulApp } from './helpers';
import type { SimCluster } from '../../../src/sim/cluster/cluster';

function db(c: SimCluster, primaryHost: string | undefined, extra: Record<string, string> = {}): void {
  applyOk(c, statefulApp({ name: 'db', model: 'replicated-db', params: extra, env: primaryHost ? { PRIMARY_HOST: primaryHost } : {} }));
  c.runUntilStable();
}

describe('replicated-db: roles from the ordinal (tutorial: Run a Replicated Stateful Application)', () => {
  it('db-0 is the primary, the others replicas that refuse writes', () => {
    const c = newCluster();
    db(c, 'db-0.db');
    expect(c.appStatus('db-0')).toEqual({ pod: 'db-0', model: 'replicated-db', role: 'primary', serving: true, detail: { ordinal: 0, position: 0 } });
    expect(c.appStatus('db-1')).toMatchObject({ role: 'replica', serving: true, detail: { ordinal: 1, replication: 'streaming', primaryHost: 'db-0.db', behind: 0 } });
    expect(send(c, 'db-1', 'PUT', '/kv/a', { body: '1' })).toEqual({
      status: 403,
      body: 'db-1 is a read-only replica: send writes to the primary (db-0, through its stable DNS name).',
    });
    expect(lines(c)).toEqual(['app/db-1 replicating from=db-0.db', 'app/db-2 replicating from=db-0.db']);
  });

  it('reads from a replica lag behind the primary by the replication delay', () => {
    const c = newCluster();
    db(c, 'db-0.db', { 'replication-lag-ms': '500' });
    expect(send(c, 'db-0', 'PUT', '/kv/stock', { body: '7' })).toEqual({ status: 200, body: 'stored stock on db-0 (primary) position=1' });
    expect(send(c, 'db-0', 'GET', '/kv/stock').body).toBe('7');
    expect(send(c, 'db-2', 'GET', '/kv/stock')).toEqual({ status: 404, body: 'key stock not found on db-2 (replica)' });
    expect(c.appStatus('db-2')?.detail.behind).toBe(1);
    c.advance(499);
    expect(send(c, 'db-2', 'GET', '/kv/stock').status).toBe(404);
    c.advance(1);
    expect(send(c, 'db-2', 'GET', '/kv/stock')).toEqual({ status: 200, body: '7', headers: { 'x-served-by-role': 'replica' } });
    expect(c.readFile('db-2', '/data/db.json')).toBe('{"index":1,"data":{"stock":"7"}}');
    expect(c.readFile('db-0', '/data/db.json')).toBe(`{"index":1,"data":{"stock":"7"},"log":[{"i":1,"t":${c.now() - 500},"k":"stock","v":"7"}]}`);
  });

  it('a stable DNS name survives the primary being recreated: replication pauses, then resumes', () => {
    const c = newCluster();
    db(c, 'db-0.db');
    send(c, 'db-0', 'PUT', '/kv/a', { body: '1' });
    const oldIp = c.get('Pod', 'db-0')?.status.podIP;
    c.deletePod('db-0');
    c.runUntilStable();
    expect(c.get('Pod', 'db-0')?.status.podIP).not.toBe(oldIp);
    expect(lines(c).slice(2)).toEqual([
      'app/db-1 replication-stopped primary=db-0.db reason=unresolvable',
      'app/db-2 replication-stopped primary=db-0.db reason=unresolvable',
      'app/db-1 replicating from=db-0.db',
      'app/db-2 replicating from=db-0.db',
    ]);
    send(c, 'db-0', 'PUT', '/kv/b', { body: '2' });
    c.advance(1000);
    expect(send(c, 'db-1', 'GET', '/kv/a').body).toBe('1');
    expect(send(c, 'db-1', 'GET', '/kv/b').body).toBe('2');
  });

  it('a pod IP breaks when the primary is recreated with a new IP: replication stops for good', () => {
    // The simulator is deterministic: a first run with the same seed tells db-0's IP.
    const probe = newCluster(7);
    db(probe, 'db-0.db');
    const ip = probe.get('Pod', 'db-0')?.status.podIP as string;

    const c = newCluster(7);
    db(c, ip);
    expect(c.get('Pod', 'db-0')?.status.podIP).toBe(ip);
    expect(lines(c)).toEqual([`app/db-1 replicating from=${ip}`, `app/db-2 replicating from=${ip}`]);
    c.deletePod('db-0');
    c.runUntilStable();
    expect(lines(c).slice(2)).toEqual([`app/db-1 replication-stopped primary=${ip} reason=unreachable`, `app/db-2 replication-stopped primary=${ip} reason=unreachable`]);
    send(c, 'db-0', 'PUT', '/kv/after', { body: 'x' });
    c.advance(5000);
    expect(send(c, 'db-1', 'GET', '/kv/after').status).toBe(404);
    expect(c.appStatus('db-1')?.detail).toMatchObject({ replication: 'stopped', reason: 'no-pod-at-ip' });
    const stopped = c.events().filter((e) => e.reason === 'ReplicationStopped' && e.object.name === 'db-1');
    expect(stopped.map((e) => e.type)).toEqual(['Warning']);
    expect(stopped[0].message).toBe(`db-1 cannot reach its primary at ${ip}: the pod there is not ready or its node is down.`);
    const replicaRestart = send(c, 'db-1', 'GET', '/status');
    expect(replicaRestart.body).toBe('db-1 replica position=0');
    // A replica started after the change reports the dead IP at once.
    c.deletePod('db-2');
    c.runUntilStable();
    const last = c.events().filter((e) => e.reason === 'ReplicationStopped').at(-1)!;
    expect(last.message).toBe(
      `db-2 cannot reach its primary at ${ip}: no pod has that IP any more. The primary was recreated with a new IP; point PRIMARY_HOST at its stable DNS name (<pod>.<service>, e.g. db-0.db) instead of a pod IP.`,
    );
  });

  it('a replica further behind than the primary’s recent writes re-clones its data', () => {
    const c = newCluster();
    db(c, 'db-0.db', { 'replication-lag-ms': '0' });
    c.setReady('db-0', false);
    c.runUntilStable();
    expect(c.appStatus('db-1')?.detail).toMatchObject({ replication: 'stopped', reason: 'unresolvable' });
    for (let i = 1; i <= 1005; i++) send(c, 'db-0', 'PUT', `/kv/k${i % 10}`, { body: String(i) });
    const primary = JSON.parse(c.readFile('db-0', '/data/db.json')!);
    expect({ index: primary.index, log: primary.log.length, first: primary.log[0].i }).toEqual({ index: 1005, log: 200, first: 806 });
    c.setReady('db-0', true);
    c.runUntilStable();
    expect(c.appStatus('db-1')?.detail).toMatchObject({ replication: 'streaming', position: 1005, behind: 0 });
    expect(send(c, 'db-1', 'GET', '/kv/k5').body).toBe('1005');
  });

  const misconfigured: Array<{ name: string; host: string | undefined; reason: string; message: string }> = [
    {
      name: 'PRIMARY_HOST unset',
      host: undefined,
      reason: 'no-primary-host',
      message: "db-1 is a replica but PRIMARY_HOST is not set: add env PRIMARY_HOST with the primary's stable DNS name (for example db-0.db).",
    },
    {
      name: 'the headless Service name (reaches every member)',
      host: 'db',
      reason: 'not-the-primary',
      message: "db-1 connects to db, which reaches db-0, db-1, not only the primary: a replica must replicate from the primary alone. Use the primary's own DNS name (for example db-0.<service>).",
    },
  ];
  for (const t of misconfigured) {
    it(`${t.name}: replication stops at once with the reason`, () => {
      const c = newCluster();
      db(c, t.host);
      expect(c.appStatus('db-1')?.detail).toMatchObject({ replication: 'stopped', reason: t.reason });
      expect(lines(c)).toContain(`app/db-1 replication-stopped primary=${t.host ?? '?'} reason=${t.reason}`);
      expect(c.events().find((e) => e.reason === 'ReplicationStopped' && e.object.name === 'db-1')?.message).toBe(t.message);
    });
  }

  it('a Deployment cannot run it: no ordinal, no role', () => {
    const c = newCluster();
    applyOk(c, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
      annotations:
        sim.k8s.course/app: replicated-db
    spec:
      containers:
      - name: db
        image: db:1
`);
    c.runUntilStable();
    const pod = c.list('Pod')[0].metadata.name;
    expect(c.appStatus(pod)).toMatchObject({ role: 'unknown', serving: false });
    expect(send(c, pod, 'GET', '/kv/a')).toEqual({
      status: 503,
      body: `${pod} cannot tell its role: a replicated database takes it from the ordinal in its hostname (db-0 is the primary), so run it as a StatefulSet.`,
    });
  });
});
