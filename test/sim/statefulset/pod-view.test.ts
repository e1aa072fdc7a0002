// The incremental pod view (controllers/statefulset/pod-view.ts) is a cache: every run must be the
// same, write for write, with it switched off (the full upstream pass on every sync) and on.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SimCluster } from '../../../src/sim/cluster/cluster';
import { incrementalSync } from '../../../src/sim/controllers/statefulset/stateful-set';
import { SetPodView } from '../../../src/sim/controllers/statefulset/pod-view';
import { statefulSet, type SetOptions } from '../helpers';
import { advanceAction, performSetAction, setActions, type SetAction } from './actions';

type Action = SetAction | { type: 'partition'; partition: number } | { type: 'orphan'; ordinal: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  ...setActions(6),
  fc.record({ type: fc.constant('partition' as const), partition: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ type: fc.constant('orphan' as const), ordinal: fc.integer({ min: 0, max: 8 }) }),
  advanceAction,
);

function perform(c: SimCluster, a: Action): void {
  switch (a.type) {
    case 'partition':
      return void c.patch('StatefulSet', 'web', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: a.partition } } } });
    case 'orphan':
      // A bare pod with the set's labels and name pattern: adopted by the set.
      if (c.engine.store.get('Pod', 'default', `web-${a.ordinal}`)) return;
      c.engine.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${a.ordinal}`, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:0.1' }] } });
      return;
    default:
      return performSetAction(c, a);
  }
}

/** Everything observable about a run: timeline, events, final objects. */
function run(incremental: boolean, options: SetOptions, actions: Action[], seed: number): string {
  incrementalSync.enabled = incremental;
  const c = new SimCluster({ seed });
  c.apply([statefulSet(options)]);
  c.advance(2000);
  for (const a of actions) {
    try {
      perform(c, a);
    } catch (err) {
      // Missing pods and the like: the same in both runs.
      void err;
    }
    c.advance(50);
  }
  c.runUntilStable({ maxSteps: 20_000 });
  const objects = c.engine.store.all().map((o) => ({ kind: o.kind, name: o.metadata.name, rv: o.metadata.resourceVersion, status: o.status, labels: o.metadata.labels, owners: o.metadata.ownerReferences }));
  return JSON.stringify({ timeline: c.timeline(), events: c.events(), objects, now: c.now() });
}

afterEach(() => {
  incrementalSync.enabled = true;
});

describe('StatefulSet incremental pod view', () => {
  const shapes: Array<[string, SetOptions]> = [
    ['OrderedReady with claims', { replicas: 3 }],
    ['OrderedReady without claims', { replicas: 4, claims: false }],
    ['OrderedReady, retention Delete', { replicas: 3, retention: { whenDeleted: 'Delete', whenScaled: 'Delete' } }],
    ['OrderedReady, ordinals.start 2, maxUnavailable 2', { replicas: 3, ordinalsStart: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }],
    ['OnDelete', { replicas: 3, updateStrategy: { type: 'OnDelete' } }],
  ];
  for (const [label, options] of shapes) {
    it(`${label}: the same run with the view off and on`, () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (actions, seed) => {
          expect(run(true, options, actions, seed)).toBe(run(false, options, actions, seed));
        }),
        { numRuns: 40, seed: 7 },
      );
    });
  }

  it('keeps counts and the checked prefix in step with pod writes', () => {
    incrementalSync.enabled = true;
    const c = new SimCluster({ seed: 3 });
    c.apply([statefulSet({ replicas: 3, claims: false })]);
    c.runUntilStable({ maxSteps: 10_000 });
    const set = c.engine.store.get('StatefulSet', 'default', 'web')!;
    const view = SetPodView.build(set, c.engine.store);
    expect(view.anomalies.size).toBe(0);
    expect(view.slots.map((p) => p?.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(view.snapshot()).toMatchObject({ created: 3, ready: 3 });
    // Every slot starts dirty; popping yields ordinal order.
    expect([view.popDirty(), view.popDirty(), view.popDirty(), view.popDirty()]).toEqual([0, 1, 2, -1]);
    for (const i of [0, 1, 2]) view.markClean(i);
    const pod = c.engine.store.get('Pod', 'default', 'web-1')!;
    view.remove(pod);
    expect(view.snapshot()).toMatchObject({ created: 2, ready: 2 });
    view.add(pod);
    expect(view.snapshot()).toMatchObject({ created: 3, ready: 3 });
    // A claim of ordinal 2 changed: slot 2 is checked again; claims of other sets are ignored.
    view.claimChanged({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-2' } });
    view.claimChanged({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-db-0' } });
    expect([view.popDirty(), view.popDirty(), view.popDirty()]).toEqual([1, 2, -1]);
    view.requeue([2]);
    expect(view.popDirty()).toBe(2);
    // A pod of another ordinal range is an anomaly: the sync falls back to the full pass.
    view.add({ ...pod, metadata: { ...pod.metadata, name: 'web-7' } });
    expect(view.anomalies.has('web-7')).toBe(true);
  });
});
