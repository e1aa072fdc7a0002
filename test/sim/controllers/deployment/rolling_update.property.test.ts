// Property: a RollingUpdate Deployment stays within maxSurge / maxUnavailable at every step
// (upstream rolloutRolling: reconcileNewReplicaSet + reconcileOldReplicaSets), whatever the
// sequence of image changes and scalings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCluster, type Cluster, type KubeObject } from '../../../../src/sim';
import { deployment } from '../../../fixtures/k8s';

function manifest(replicas: number, image: string, maxSurge: number | string, maxUnavailable: number | string): string {
  const strategy = `  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: ${JSON.stringify(maxSurge)}, maxUnavailable: ${JSON.stringify(maxUnavailable)}}
`;
  return deployment('web', { replicas, container: 'app', image, extraSpec: strategy });
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function resolve(value: number | string, total: number, up: boolean): number {
  if (typeof value === 'number') return value;
  const exact = (Number(value.slice(0, -1)) * total) / 100;
  return up ? Math.ceil(exact) : Math.floor(exact);
}

type Action = { kind: 'image'; version: number } | { kind: 'scale'; replicas: number } | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('image' as const), version: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 100, max: 4000 }) }),
);

const limit: fc.Arbitrary<number | string> = fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('25%', '50%', '0%'));

describe('Deployment RollingUpdate bounds (property)', () => {
  it('never runs more than replicas + maxSurge pods, nor fewer than replicas - maxUnavailable available pods once stable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), limit, limit, fc.array(action, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (start, surgeRaw, unavailableRaw, actions, seed) => {
        // Both zero is rejected by validation; mirror that by forcing a surge of 1.
        const surgeSpec = surgeRaw === 0 || surgeRaw === '0%' ? (unavailableRaw === 0 || unavailableRaw === '0%' ? 1 : surgeRaw) : surgeRaw;
        const cluster: Cluster = createCluster({ seed, kubelet: { bindDelayMs: 100, readyDelayMs: 700, staggerMs: 0 } });
        let replicas = start;
        let image = 1;
        expect(cluster.apply(manifest(replicas, `app:${image}`, surgeSpec, unavailableRaw)).ok).toBe(true);
        cluster.runUntilStable({ maxMs: 60_000 });
        let stable = true;

        const check = (label: string) => {
          let surge = resolve(surgeSpec, replicas, true);
          let unavailable = resolve(unavailableRaw, replicas, false);
          if (surge === 0 && unavailable === 0) unavailable = 1;
          unavailable = Math.min(unavailable, replicas);
          const pods = cluster.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined);
          expect(pods.length, `${label}: pods`).toBeLessThanOrEqual(replicas + surge);
          if (stable) expect(pods.filter(isReady).length, `${label}: available`).toBeGreaterThanOrEqual(replicas - unavailable);
        };

        for (const a of actions) {
          if (a.kind === 'image') {
            image = a.version;
            expect(cluster.apply(manifest(replicas, `app:${image}`, surgeSpec, unavailableRaw)).ok).toBe(true);
          } else if (a.kind === 'scale') {
            replicas = a.replicas;
            stable = false;
            cluster.scale('Deployment', 'web', replicas);
          }
          const ms = a.kind === 'wait' ? a.ms : 3000;
          for (let t = 0; t < ms; t += 50) {
            cluster.advance(50);
            check(`${JSON.stringify(a)} +${t}ms`);
            // Availability is promised once the Deployment has settled at its current size.
            const st = cluster.get('Deployment', 'web')?.status ?? {};
            if (st.replicas === replicas && st.updatedReplicas === replicas && st.availableReplicas === replicas) stable = true;
          }
        }
        const end = cluster.runUntilStable({ maxMs: 120_000 });
        expect(end.stable).toBe(true);
        stable = true;
        check('end');
        const d = cluster.get('Deployment', 'web') as KubeObject;
        expect(d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
        const images = new Set(cluster.list('Pod').map((p) => p.spec.containers[0].image));
        expect([...images]).toEqual([`app:${image}`]);
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });
});
