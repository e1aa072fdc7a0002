// Random actions on the StatefulSet `web` (container `nginx`) for the property tests: what a user,
// a failing container or the passing of time does to it. Each test adds its own actions.
import fc from 'fast-check';
import type { SimCluster } from '../../../src/sim/cluster/cluster';

export type SetAction =
  | { type: 'scale'; replicas: number }
  | { type: 'deletePod'; ordinal: number; force: boolean }
  | { type: 'failPod'; ordinal: number }
  | { type: 'setReady'; ordinal: number; ready: boolean }
  | { type: 'image'; version: number }
  | { type: 'advance'; ms: number };

/** scale, deletePod, failPod, setReady and image, in that order, for replicas and ordinals up to `max`. */
export function setActions(max: number): fc.Arbitrary<SetAction>[] {
  return [
    fc.record({ type: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max }) }),
    fc.record({ type: fc.constant('deletePod' as const), ordinal: fc.integer({ min: 0, max }), force: fc.boolean() }),
    fc.record({ type: fc.constant('failPod' as const), ordinal: fc.integer({ min: 0, max }) }),
    fc.record({ type: fc.constant('setReady' as const), ordinal: fc.integer({ min: 0, max }), ready: fc.boolean() }),
    fc.record({ type: fc.constant('image' as const), version: fc.integer({ min: 1, max: 3 }) }),
  ];
}

/** Up to 4 s of simulated time passing. */
export const advanceAction: fc.Arbitrary<SetAction> = fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) });

/** Does `a` to the StatefulSet `web` and its pods `web-<ordinal>`. */
export function performSetAction(c: SimCluster, a: SetAction): void {
  switch (a.type) {
    case 'scale':
      return void c.scale('StatefulSet', 'web', a.replicas);
    case 'deletePod':
      return void c.deletePod(`web-${a.ordinal}`, { force: a.force });
    case 'failPod':
      return void c.failPod(`web-${a.ordinal}`);
    case 'setReady':
      return void c.setReady(`web-${a.ordinal}`, a.ready);
    case 'image':
      return void c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:${a.version}` }] } } } });
    case 'advance':
      return void c.advance(a.ms);
  }
}
