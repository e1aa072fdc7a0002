// history() folds old changes early (src/sim/cluster/history.ts) to keep few versions alive; the
// snapshots must be exactly those of the plain algorithm (keep a window of the last 10,000–20,000
// changes, fold the rest, one snapshot per distinct time, the last 500), which this test keeps as
// a reference fed by its own watch on the store.
import { describe, expect, it } from 'vitest';
import { createCluster, type ClusterSnapshot, type KubeObject } from '../../../src/sim';
import type { SimCluster } from '../../../src/sim/cluster/cluster';
import { keyOf } from '../../../src/sim/cluster/store';
import { statefulSet } from '../helpers';

class ReferenceHistory {
  private base = new Map<string, KubeObject>();
  readonly changes: Array<{ t: number; key: string; object: KubeObject | undefined }> = [];
  trims = 0;

  trim(): void {
    if (this.changes.length <= 20_000) return;
    this.trims++;
    const drop = this.changes.length - 10_000;
    for (let i = 0; i < drop; i++) {
      const c = this.changes[i];
      if (c.object) this.base.set(c.key, c.object);
      else this.base.delete(c.key);
    }
    this.changes.splice(0, drop);
  }

  snapshots(): ClusterSnapshot[] {
    const state = new Map(this.base);
    const out: ClusterSnapshot[] = [];
    for (let i = 0; i < this.changes.length; i++) {
      const c = this.changes[i];
      if (c.object) state.set(c.key, c.object);
      else state.delete(c.key);
      const next = this.changes[i + 1];
      if (!next || next.t !== c.t) {
        out.push({ t: c.t, objects: [...state.values()] });
        if (out.length > 500) out.shift();
      }
    }
    return out;
  }
}

function sameHistory(actual: ClusterSnapshot[], expected: ClusterSnapshot[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} snapshots, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a.t !== e.t) return `snapshot ${i}: t=${a.t}, expected ${e.t}`;
    if (a.objects.length !== e.objects.length) return `snapshot ${i}: ${a.objects.length} objects, expected ${e.objects.length}`;
    for (let j = 0; j < a.objects.length; j++) if (a.objects[j] !== e.objects[j]) return `snapshot ${i}: object ${j} differs`;
  }
  return undefined;
}

describe('history() with early folding', () => {
  it('returns the same snapshots as the plain windowed log, through and past the 20,000-change window', () => {
    const c = createCluster({ seed: 3, nodes: 5, kubelet: { bindDelayMs: 0, readyDelayMs: 0, terminateDelayMs: 0 } }) as unknown as SimCluster;
    const store = c.engine.store;
    const ref = new ReferenceHistory();
    // The objects the cluster starts with (its nodes) were written before this watch.
    for (const o of store.all()) ref.changes.push({ t: 0, key: keyOf(o), object: o });
    store.watch((e) => ref.changes.push({ t: c.now(), key: keyOf(e.object), object: e.type === 'DELETED' ? undefined : e.object }));
    const run = (maxSteps: number) => {
      for (let i = 0; i < maxSteps; i++) {
        if (c.runUntilStable({ maxSteps: 1 }).steps === 0) return;
        ref.trim();
      }
    };
    const checks: string[] = [];
    const check = (label: string) => {
      const problem = sameHistory(c.history(), ref.snapshots());
      checks.push(problem ? `${label}: ${problem}` : `${label}: ok`);
    };
    check('empty');
    c.apply([statefulSet({ replicas: 500 })]);
    check('after apply, no step');
    run(200);
    check('200 steps');
    run(1_000_000);
    check('created');
    c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } });
    run(1_000_000);
    check('rolled');
    c.scale('StatefulSet', 'web', 120);
    run(1_000_000);
    c.scale('StatefulSet', 'web', 260);
    run(3000);
    check('mid scale-up');
    run(1_000_000);
    check('scaled');
    for (const image of ['nginx:3', 'nginx:4', 'nginx:5', 'nginx:6', 'nginx:7']) {
      c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } });
      run(1_000_000);
      check(`rolled to ${image.replace(":", " ")}`);
    }
    expect(ref.trims).toBeGreaterThan(0); // the window moved at least once
    expect(checks).toEqual(checks.map((l) => `${l.split(':')[0]}: ok`));
    // The history really holds 500 distinct times at the end, and objects are shared, not copied.
    const h = c.history();
    expect(h.length).toBe(500);
    expect(h.at(-1)!.objects.find((o) => o.kind === 'StatefulSet')).toBe(store.get('StatefulSet', 'default', 'web'));
  }, 60_000);
});
