// The `quorum` model. Ideas followed: the Raft paper (Ongaro & Ousterhout 2014, §5.2 election,
// §5.3 replication: "a log entry is committed once the leader that created the entry has replicated
// it on a majority of the servers"), etcd's FAQ "Why an odd number of cluster members?" (a cluster of
// N tolerates (N-1)/2 failures; 4 members tolerate no more than 3) and docs "StatefulSets" → Rolling
// Updates (one pod at a time, in reverse ordinal order).
import { describe, expect, it } from 'vitest';
import { applyOk, deploymentApp, lines, newCluster, podNames, send, statefulApp } from './helpers';
import type { SimCluster } from '../../../src/sim/cluster/cluster';

function etcd(c: SimCluster, replicas = 3, extra: Partial<Parameters<typeof statefulApp>[0]> = {}): void {
  applyOk(c, statefulApp({ name: 'etcd', replicas, model: 'quorum', ...extra }));
  c.runUntilStable();
}

describe('quorum: leader election and majority writes (Raft §5.2, §5.3)', () => {
  it('elects a leader once a majority is up, and commits with every member’s ack', () => {
    const c = newCluster();
    etcd(c);
    expect(lines(c)).toEqual(['app/etcd-0 leader term=1']);
    expect(send(c, 'etcd-2', 'PUT', '/kv/config', { body: 'v1' })).toEqual({
      status: 200,
      body: 'committed config index=1 term=1 acks=3/3 (forwarded to the leader etcd-0)',
      headers: { 'x-raft-leader': 'etcd-0', 'x-raft-index': '1' },
    });
    expect(send(c, 'etcd-1', 'GET', '/kv/config')).toEqual({ status: 200, body: 'v1', headers: { 'x-raft-leader': 'etcd-0' } });
    // etcd-2 was not up for the election, so it holds the log and the term but no vote.
    expect(c.readFile('etcd-2', '/data/raft.json')).toBe('{"term":1,"index":1,"lastTerm":1,"data":{"config":"v1"}}');
    expect(c.readFile('etcd-1', '/data/raft.json')).toBe('{"term":1,"votedFor":"etcd-0","index":1,"lastTerm":1,"data":{"config":"v1"}}');
    expect(c.appStatus('etcd-0')).toEqual({
      pod: 'etcd-0',
      model: 'quorum',
      role: 'leader',
      serving: true,
      detail: { term: 1, leader: 'etcd-0', members: 3, reachable: 3, majority: 2, faultTolerance: 1, commitIndex: 1 },
    });
    const elected = c.events().find((e) => e.reason === 'LeaderElected');
    expect(elected?.message).toBe('etcd-0 was elected leader for term 1 with the votes of etcd-0, etcd-1 (2 of 3 members; a majority is 2).');
  });

  it('losing 2 of 3 stops writes (one timeline line per outage); a returning member restores them', () => {
    const c = newCluster();
    etcd(c);
    c.setReady('etcd-1', false);
    c.advance(100);
    expect(send(c, 'etcd-0', 'PUT', '/kv/a', { body: '1' }).body).toBe('committed a index=1 term=1 acks=2/3');
    c.setReady('etcd-2', false);
    c.advance(100);
    const refused = send(c, 'etcd-0', 'PUT', '/kv/a', { body: '2' });
    expect(refused).toEqual({
      status: 503,
      body: 'write rejected: no quorum. Only 1 of 3 members is reachable and a write needs 2 (a majority of 3); etcd tolerates 1 failed member.',
    });
    send(c, 'etcd-0', 'PUT', '/kv/a', { body: '3' });
    expect(send(c, 'etcd-0', 'GET', '/kv/a').status).toBe(503);
    expect(lines(c)).toEqual(['app/etcd-0 leader term=1', 'app/etcd quorum-lost reachable=1/3', 'app/etcd write rejected: no quorum (1/3)']);
    expect(c.appStatus('etcd-0')).toMatchObject({ role: 'follower', serving: false });
    c.setReady('etcd-2', true);
    c.advance(999);
    expect(send(c, 'etcd-0', 'PUT', '/kv/a', { body: '4' }).body).toBe(
      'write rejected: etcd has no leader yet; an election runs 1000 ms after the leader is lost. Retry shortly.',
    );
    c.advance(100);
    expect(lines(c).slice(3)).toEqual(['app/etcd write rejected: no leader (2/3)', 'app/etcd-0 leader term=2']);
    expect(send(c, 'etcd-2', 'PUT', '/kv/a', { body: '5' }).status).toBe(200);
    expect(send(c, 'etcd-2', 'GET', '/kv/a').body).toBe('5');
  });

  it('a new leader is the member with the most up-to-date log (Raft §5.4.1)', () => {
    const c = newCluster();
    etcd(c);
    c.setReady('etcd-1', false);
    c.advance(100);
    send(c, 'etcd-0', 'PUT', '/kv/k', { body: 'only on 0 and 2' });
    c.setReady('etcd-1', true);
    c.setReady('etcd-0', false);
    // The leader goes as etcd-1 returns, so nothing replicates the entry to etcd-1 first.
    c.advance(1500);
    expect(lines(c)).toEqual(['app/etcd-0 leader term=1', 'app/etcd-0 leader-lost term=1', 'app/etcd-2 leader term=2']);
    expect(send(c, 'etcd-1', 'GET', '/kv/k').body).toBe('only on 0 and 2');
  });

  it('election-timeout-ms sets the wait before an election (etcd --election-timeout)', () => {
    const times = (timeout?: string) => {
      const c = newCluster();
      etcd(c, 3, timeout ? { params: { 'election-timeout-ms': timeout } } : {});
      const ready1 = c.timeline().find((e) => e.text === 'pod/etcd-1 ready')!.t;
      return c.timeline().find((e) => e.text === 'app/etcd-0 leader term=1')!.t - ready1;
    };
    // The apps controller syncs 10 ms after etcd-1's readiness change.
    expect(times()).toBe(1010);
    expect(times('300')).toBe(310);
  });

  const sizes: Array<{ members: number; tolerates: number }> = [
    { members: 1, tolerates: 0 },
    { members: 2, tolerates: 0 },
    { members: 3, tolerates: 1 },
    { members: 4, tolerates: 1 },
    { members: 5, tolerates: 2 },
  ];
  for (const s of sizes) {
    it(`${s.members} member(s) tolerate ${s.tolerates} failure(s) (etcd FAQ: why an odd number)`, () => {
      const c = newCluster();
      etcd(c, s.members);
      for (let down = 0; down <= s.members; down++) {
        for (let i = 0; i < s.members; i++) c.setReady(`etcd-${i}`, i < s.members - down);
        c.advance(1500);
        const target = down < s.members ? 'etcd-0' : undefined;
        const ok = target ? send(c, target, 'PUT', '/kv/x', { body: String(down) }).status === 200 : false;
        expect({ down, ok }).toEqual({ down, ok: down <= s.tolerates });
        expect(c.appStatus('etcd-0')?.detail.faultTolerance).toBe(s.tolerates);
      }
    });
  }
});

describe('quorum: membership and data (etcd: members have stable names and keep their data)', () => {
  it('a restarted member with a PersistentVolumeClaim rejoins with its log', () => {
    const c = newCluster();
    etcd(c);
    send(c, 'etcd-0', 'PUT', '/kv/a', { body: '1' });
    c.deletePod('etcd-2');
    c.runUntilStable();
    expect(c.appStatus('etcd-2')).toMatchObject({ role: 'follower', serving: true, detail: { commitIndex: 1 } });
  });

  it('a member on an emptyDir comes back without its data and may not vote', () => {
    const c = newCluster();
    etcd(c, 3, { storage: 'emptyDir' });
    send(c, 'etcd-0', 'PUT', '/kv/a', { body: '1' });
    c.deletePod('etcd-2');
    c.runUntilStable();
    expect(c.appStatus('etcd-2')).toMatchObject({ role: 'data-lost', serving: false, detail: { reachable: 2 } });
    expect(send(c, 'etcd-2', 'GET', '/kv/a')).toEqual({
      status: 503,
      body: 'etcd-2 lost its data directory (/data/raft.json): it cannot rejoin with an empty log. Keep member data on a PersistentVolumeClaim.',
    });
    expect(send(c, 'etcd-0', 'PUT', '/kv/b', { body: '2' }).body).toBe('committed b index=2 term=1 acks=2/3');
  });

  it('a Deployment’s replacement pod has a new name and is not a member', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('etcd', 3, 'quorum'));
    c.runUntilStable();
    const [first] = podNames(c, { app: 'etcd' });
    c.deletePod(first);
    c.runUntilStable();
    const fresh = podNames(c, { app: 'etcd' }).find((p) => c.appStatus(p)?.role === 'not-a-member');
    expect(fresh).toBeDefined();
    expect(send(c, fresh!, 'PUT', '/kv/a', { body: '1' }).body).toMatch(/^[\w-]+ is not a member of etcd \(members: [\w-]+, [\w-]+, [\w-]+\): a quorum member needs a stable name, so run the members as a StatefulSet\.$/);
    expect(c.appStatus(podNames(c, { app: 'etcd' }).find((p) => p !== fresh)!)?.detail.reachable).toBe(2);
  });

  it('scaling the StatefulSet does not change the membership; the members annotation does', () => {
    const c = newCluster();
    etcd(c);
    c.scale('StatefulSet', 'etcd', 5);
    c.runUntilStable();
    expect(c.appStatus('etcd-4')).toMatchObject({ role: 'not-a-member' });
    c.patch('StatefulSet', 'etcd', { spec: { template: { metadata: { annotations: { 'sim.k8s.course/members': '5' } } } } });
    c.runUntilStable();
    expect(c.appStatus('etcd-4')).toMatchObject({ role: 'follower', detail: { members: 5, majority: 3 } });
  });
});

describe('quorum: one pod at a time protects the majority (docs: StatefulSet rolling updates)', () => {
  function rollWhileWriting(c: SimCluster): { outcomes: string[]; lines: string[] } {
    const outcomes: string[] = [];
    c.patch('StatefulSet', 'etcd', { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } });
    for (let t = 0; t < 20_000; t += 100) {
      c.advance(100);
      const up = podNames(c, { app: 'etcd' }).find((p) => {
        const pod = c.get('Pod', p);
        return pod?.status?.phase === 'Running' && pod.status.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
      });
      if (!up) {
        outcomes.push('no pod');
        continue;
      }
      const r = send(c, up, 'PUT', '/kv/tick', { body: String(t) });
      outcomes.push(r.status === 200 ? 'ok' : (r.body ?? '').split('.')[0]);
    }
    return { outcomes, lines: lines(c) };
  }

  it('OrderedReady rolling update (maxUnavailable 1): the group never loses its majority', () => {
    const c = newCluster();
    etcd(c);
    const { outcomes, lines: l } = rollWhileWriting(c);
    expect(l.filter((x) => x.includes('quorum-lost'))).toEqual([]);
    expect(outcomes.filter((o) => o.startsWith('write rejected: no quorum'))).toEqual([]);
    // Only the leader's own restart costs writes: no leader until the election timeout has passed.
    const refused = outcomes.filter((o) => o !== 'ok');
    expect(new Set(refused)).toEqual(new Set(['write rejected: etcd has no leader yet; an election runs 1000 ms after the leader is lost']));
    expect(refused.length).toBeLessThanOrEqual(11);
    // etcd-0 (the leader) goes last, 10 ms after etcd-1 is Ready again: etcd-1 has not caught up
    // yet, so etcd-2 holds the longer log and wins (Raft §5.4.1).
    expect(l).toEqual(['app/etcd-0 leader term=1', 'app/etcd-0 leader-lost term=1', 'app/etcd write rejected: no leader (2/3)', 'app/etcd-2 leader term=2']);
    expect(c.list('Pod').map((p) => p.spec.containers[0].image)).toEqual(['app:2', 'app:2', 'app:2']);
  });

  it('maxUnavailable 2 takes two members down together: writes are refused for lack of quorum', () => {
    const c = newCluster();
    etcd(c, 3, { policy: 'Parallel', updateStrategy: 'updateStrategy:\n  type: RollingUpdate\n  rollingUpdate:\n    maxUnavailable: 2' });
    const { outcomes, lines: l } = rollWhileWriting(c);
    expect(l).toContain('app/etcd quorum-lost reachable=1/3');
    expect(l).toContain('app/etcd write rejected: no quorum (1/3)');
    expect(outcomes.filter((o) => o.startsWith('write rejected: no quorum')).length).toBeGreaterThan(0);
  });
});
