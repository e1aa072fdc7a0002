// The engine core: timer order, seeded ids, the store's write semantics, strategic merge patch.
import { describe, expect, it } from 'vitest';
import { SimulatedClock, TimerQueue } from '../../../src/sim/cluster/clock';
import { SeededRandom, SUFFIX_ALPHABET } from '../../../src/sim/cluster/random';
import { ObjectStore, ApiError } from '../../../src/sim/cluster/store';
import { strategicMerge } from '../../../src/sim/cluster/patch';
import { createCluster } from '../../../src/sim';
import { statefulSet } from '../../fixtures/k8s';

describe('TimerQueue', () => {
  it('orders by time, then by insertion; cancelled items never run', () => {
    const q = new TimerQueue<string>();
    q.schedule(10, 'b');
    q.schedule(5, 'a');
    const c = q.schedule(10, 'x');
    q.schedule(10, 'c');
    q.cancel(c);
    const out: string[] = [];
    for (let item = q.pop(); item; item = q.pop()) out.push(item.value);
    expect(out).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('the clock never goes backwards', () => {
    const clock = new SimulatedClock();
    clock.advanceTo(10);
    clock.advanceTo(3);
    expect(clock.now()).toBe(10);
  });
});

describe('SeededRandom', () => {
  it('is reproducible and uses the Kubernetes suffix alphabet', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    const s = a.suffix();
    expect(b.suffix()).toBe(s);
    expect(s).toMatch(new RegExp(`^[${SUFFIX_ALPHABET}]{5}$`));
    expect(a.uid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ips = new Set(Array.from({ length: 200 }, () => a.podIp()));
    expect(ips.size).toBe(200);
  });
});

describe('ObjectStore', () => {
  const make = () => new ObjectStore(new SimulatedClock(), new SeededRandom(1));
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec: { a: 1 } };

  it('create assigns identity; update bumps resourceVersion always and generation on spec change only', () => {
    const s = make();
    const created = s.create(cm);
    expect(created.metadata).toMatchObject({ namespace: 'default', generation: 1, creationTimestamp: 0 });
    const relabeled = s.update({ ...created, metadata: { ...created.metadata, labels: { x: 'y' } } });
    expect(relabeled.metadata.generation).toBe(1);
    expect(Number(relabeled.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const respec = s.update({ ...relabeled, spec: { a: 2 } });
    expect(respec.metadata.generation).toBe(2);
    expect(() => s.create(cm)).toThrow(ApiError);
    expect(Object.isFrozen(respec.metadata)).toBe(true);
  });

  it('a stale resourceVersion is a Conflict', () => {
    const s = make();
    const created = s.create(cm);
    s.update({ ...created, spec: { a: 3 } });
    expect(() => s.update({ ...created, spec: { a: 4 } })).toThrow(/modified/);
  });

  it('finalizers hold a deleted object until the last one is removed', () => {
    const s = make();
    const created = s.create({ ...cm, metadata: { name: 'c', finalizers: ['x'] } });
    const marked = s.delete('ConfigMap', 'default', 'c')!;
    expect(marked.metadata.deletionTimestamp).toBe(0);
    s.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(s.get('ConfigMap', 'default', 'c')).toBeUndefined();
    expect(created.metadata.uid).toBeDefined();
  });

  it('generateName gets a 5-character suffix', () => {
    const s = make();
    const o = s.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: '', generateName: 'web-' } });
    expect(o.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });
});

describe('strategicMerge', () => {
  const base = { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'K', value: '1' }] }, { name: 'b', image: 'y:1' }], volumes: [{ name: 'v' }] } };

  it('merges containers by name and env by name', () => {
    const out = strategicMerge(base, { spec: { containers: [{ name: 'b', image: 'y:2' }, { name: 'a', env: [{ name: 'L', value: '2' }] }] } });
    expect(out.spec.containers).toEqual([
      { name: 'a', image: 'x:1', env: [{ name: 'K', value: '1' }, { name: 'L', value: '2' }] },
      { name: 'b', image: 'y:2' },
    ]);
  });

  it('$patch: replace, $patch: delete and null', () => {
    expect(strategicMerge(base, { spec: { $patch: 'replace', replicas: 1 } })).toEqual({ spec: { replicas: 1 } });
    expect(strategicMerge(base, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }).spec.containers).toEqual([{ name: 'b', image: 'y:1' }]);
    expect(strategicMerge(base, { spec: { volumes: null } }).spec).not.toHaveProperty('volumes');
    expect(base.spec.containers).toHaveLength(2);
  });
});

describe('Cluster verbs', () => {
  it('apply reports created / unchanged / configured like kubectl', () => {
    const c = createCluster();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    expect(c.apply(yaml).applied.map((a) => a.action)).toEqual(['created']);
    expect(c.apply(yaml).applied.map((a) => a.action)).toEqual(['unchanged']);
    expect(c.apply(yaml.replace('"1"', '"2"')).applied.map((a) => a.action)).toEqual(['configured']);
  });

  it('patch of a missing object explains what to do', () => {
    const c = createCluster();
    const r = c.patch('sts', 'nope', { spec: { replicas: 2 } });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].message).toBe('There is no StatefulSet named "nope" in namespace default. Apply it first, or check the name.');
  });

  it('runUntilStable stops at its step bound', () => {
    const c = createCluster();
    c.apply(statefulSet('web', { withService: false, container: 'a', image: 'nginx:1' }));
    const r = c.runUntilStable({ maxSteps: 3 });
    expect(r).toMatchObject({ stable: false, steps: 3 });
    expect(c.runUntilStable().stable).toBe(true);
  });

  it('history holds snapshots oldest first, sharing frozen objects', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n');
    c.advance(10);
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg2\ndata:\n  a: "1"\n');
    const h = c.history();
    const configMaps = (s: { objects: Array<{ kind: string }> }) => s.objects.filter((o) => o.kind === 'ConfigMap');
    expect(h.map((s) => configMaps(s).length)).toEqual([1, 2]);
    expect(h[1].t).toBe(10);
    expect(configMaps(h[0])[0]).toBe(configMaps(h[1])[0]);
  });
});
