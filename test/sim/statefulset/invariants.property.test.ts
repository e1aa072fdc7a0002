// Random action sequences against the whole engine; invariants checked after every step and, for
// the upstream creation-order invariant, at the instant each pod is created (watch on the store).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../src/sim/cluster/cluster';
import { getOrdinal, isRunningAndReady, isTerminating, identityMatches, storageMatches } from '../../../src/sim/controllers/statefulset/utils';
import { statefulSet } from '../helpers';
import { advanceAction, performSetAction, setActions } from './actions';
import type { KubeObject } from '../../../src/sim';

const action = fc.oneof(...setActions(5), advanceAction);

describe('StatefulSet invariants under random actions', () => {
  for (const policy of ['OrderedReady', 'Parallel'] as const) {
    it(`${policy}: identity, creation order, Retain keeps claims, runUntilStable terminates`, () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (actions, seed) => {
          const c = new SimCluster({ seed });
          const set = statefulSet({ replicas: 3, policy });
          const violations: string[] = [];
          c.engine.store.watch((e) => {
            if (e.object.kind === 'PersistentVolumeClaim' && e.type === 'DELETED') violations.push(`Retain deleted ${e.object.metadata.name}`);
            if (e.object.kind !== 'Pod' || e.type !== 'ADDED') return;
            const created = e.object;
            const liveSet = c.engine.store.get('StatefulSet', 'default', 'web')!;
            // assertMonotonicInvariants, at creation time: identity and storage hold, claims exist.
            if (!identityMatches(liveSet, created)) violations.push(`${created.metadata.name} identity`);
            if (!storageMatches(liveSet, created)) violations.push(`${created.metadata.name} storage`);
            for (const v of created.spec?.volumes ?? []) {
              if (v.persistentVolumeClaim && !c.engine.store.get('PersistentVolumeClaim', 'default', v.persistentVolumeClaim.claimName)) violations.push(`claim ${v.persistentVolumeClaim.claimName} missing`);
            }
            if (policy === 'OrderedReady') {
              // A pod is created only when every predecessor is Running, Ready and not terminating.
              for (let o = 0; o < getOrdinal(created); o++) {
                const p = c.engine.store.get('Pod', 'default', `web-${o}`);
                if (!p || !isRunningAndReady(p) || isTerminating(p)) violations.push(`web-${getOrdinal(created)} created while web-${o} not Ready`);
              }
            }
          });
          c.apply([set]);
          c.advance(2000);
          for (const a of actions) {
            performSetAction(c, a);
            c.advance(50);
            const byOrdinal = new Map<number, number>();
            for (const p of c.engine.store.list('Pod')) byOrdinal.set(getOrdinal(p), (byOrdinal.get(getOrdinal(p)) ?? 0) + 1);
            for (const [o, n] of byOrdinal) if (n > 1) violations.push(`${n} pods for ordinal ${o}`);
          }
          const run = c.runUntilStable({ maxSteps: 20_000 });
          expect(run.stable).toBe(true);
          expect(violations).toEqual([]);
          // Heal everything: the set converges to spec.replicas pods at the newest revision.
          for (const p of c.engine.store.list('Pod') as KubeObject[]) c.setReady(p.metadata.name, true);
          expect(c.runUntilStable({ maxSteps: 20_000 }).stable).toBe(true);
          const live = c.engine.store.get('StatefulSet', 'default', 'web')!;
          expect(live.status.replicas).toBe(live.spec.replicas);
          expect(live.status.updatedReplicas).toBe(live.spec.replicas);
          expect(live.status.readyReplicas).toBe(live.spec.replicas);
        }),
        { numRuns: 60, seed: 42 },
      );
    });
  }
});
