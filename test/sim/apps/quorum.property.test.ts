// Property (issue 7): the quorum model never accepts a write without a majority, for random
// sequences of member failures. Raft §5.3: an entry is committed once stored on a majority; and
// Leader Completeness (§5.4): an acknowledged write is never lost while members keep their volumes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyOk, newCluster, send, statefulApp } from './helpers';
import type { SimCluster } from '../../../src/sim/cluster/cluster';
import type { KubeObject } from '../../../src/sim';

type Action =
  | { type: 'unready' | 'ready' | 'delete' | 'fail'; member: number }
  | { type: 'write'; member: number; value: number }
  | { type: 'advance'; ms: number };

const action = (members: number): fc.Arbitrary<Action> =>
  fc.oneof(
    fc.record({ type: fc.constantFrom('unready' as const, 'ready' as const, 'delete' as const, 'fail' as const), member: fc.nat(members - 1) }),
    fc.record({ type: fc.constant('write' as const), member: fc.nat(members - 1), value: fc.nat(1_000_000) }),
    fc.record({ type: fc.constant('advance' as const), ms: fc.constantFrom(10, 100, 500, 1000, 3000) }),
  );

/** Reachable as the test sees it, independently of the model: Running, Ready, not being deleted. */
function up(pod: KubeObject | undefined): boolean {
  return (
    pod !== undefined &&
    pod.status?.phase === 'Running' &&
    pod.metadata.deletionTimestamp === undefined &&
    (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
  );
}

function holders(c: SimCluster, members: number, index: number, value: string): number {
  let n = 0;
  for (let i = 0; i < members; i++) {
    const name = `etcd-${i}`;
    if (!up(c.get('Pod', name))) continue;
    const file = c.readFile(name, '/data/raft.json');
    const state = file ? (JSON.parse(file) as { index: number; data: Record<string, string> }) : undefined;
    if (state?.index === index && state.data.x === value) n++;
  }
  return n;
}

describe('quorum property: no write is accepted without a majority (Raft §5.3, §5.4)', () => {
  for (const members of [3, 5]) {
    it(`${members} members, random failures and writes`, () => {
      fc.assert(
        fc.property(fc.array(action(members), { minLength: 1, maxLength: 30 }), (actions) => {
          const c = newCluster();
          applyOk(c, statefulApp({ name: 'etcd', replicas: members, model: 'quorum', policy: 'Parallel' }));
          c.runUntilStable();
          const majority = Math.floor(members / 2) + 1;
          let lastAcked: string | undefined;
          for (const a of actions) {
            if (a.type === 'advance') c.advance(a.ms);
            else if (a.type === 'unready') c.setReady(`etcd-${a.member}`, false);
            else if (a.type === 'ready') c.setReady(`etcd-${a.member}`, true);
            else if (a.type === 'delete') c.deletePod(`etcd-${a.member}`);
            else if (a.type === 'fail') c.failPod(`etcd-${a.member}`);
            else if (a.type === 'write') {
              const name = `etcd-${a.member}`;
              if (!up(c.get('Pod', name))) continue;
              const liveBefore = Array.from({ length: members }, (_, i) => c.get('Pod', `etcd-${i}`)).filter(up).length;
              const value = String(a.value);
              const r = send(c, name, 'PUT', '/kv/x', { body: value });
              if (r.status === 200) {
                expect(liveBefore).toBeGreaterThanOrEqual(majority);
                const index = Number(r.headers?.['x-raft-index']);
                expect(holders(c, members, index, value)).toBeGreaterThanOrEqual(majority);
                lastAcked = value;
              } else {
                expect(r.status).toBe(503);
                if (liveBefore < majority) expect(r.body).toMatch(/^write rejected: no quorum\./);
              }
            }
            c.advance(1);
          }
          // Every member back: the last acknowledged value is what the group reads.
          for (let i = 0; i < members; i++) c.setReady(`etcd-${i}`, true);
          c.advance(10_000);
          for (let i = 0; i < members; i++) c.setReady(`etcd-${i}`, true);
          c.advance(3_000);
          const read = send(c, 'etcd-0', 'GET', '/kv/x');
          if (lastAcked === undefined) expect(read.status).toBe(404);
          else expect(read).toMatchObject({ status: 200, body: lastAcked });
        }),
        { numRuns: members === 3 ? 60 : 30, seed: 20261124 },
      );
    }, 60_000);
  }
});
