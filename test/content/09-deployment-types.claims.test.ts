// Every behavioural claim of content/lessons/09-deployment-types.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { claim, deployment, docs, mountedVolume, statefulSet } from '../fixtures/k8s';

/** A single-instance component `db` as a Deployment mounting one shared claim `data`. */
function statelessDb(options: { replicas?: number; strategy?: string } = {}): string {
  const { replicas = 1, strategy = '' } = options;
  return docs(
    claim('data'),
    deployment('db', {
      replicas,
      extraSpec: strategy,
      image: 'mysql:8.4',
      podExtra: mountedVolume('data', '/var/lib/mysql', 'persistentVolumeClaim: {claimName: data}'),
    }),
  );
}

/** The same component as a StatefulSet: headless Service `db`, one claim per pod from template `data`. */
function statefulDb(replicas = 1): string {
  return statefulSet('db', { replicas, image: 'mysql:8.4', port: 3306, dataPath: '/var/lib/mysql' });
}

const NEW_IMAGE = { spec: { template: { spec: { containers: [{ name: 'db', image: 'mysql:8.4.1' }] } } } };

function started(yaml: string): Cluster {
  const c = createCluster({ seed: 9 });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(c.runUntilStable().stable).toBe(true);
  return c;
}

const podNames = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();

/** The largest number of pods that existed (not yet gone) at any one time after `from`. */
function maxPodsAlive(c: Cluster, from: number): number {
  let alive = c.history().filter((s) => s.t <= from).at(-1)?.objects.filter((o) => o.kind === 'Pod').length ?? 0;
  let max = alive;
  for (const e of c.timeline().filter((x) => x.t > from && x.kind === 'pod')) {
    if (e.event === 'created') alive += 1;
    if (e.event === 'gone') alive -= 1;
    max = Math.max(max, alive);
  }
  return max;
}

describe('09-deployment-types claims', () => {
  it('09-deployment-types: stateless multi-instance is a Deployment whose replicas share one claim', () => {
    const c = started(statelessDb({ replicas: 3 }).replace('ReadWriteOnce', 'ReadWriteMany'));
    const pods = c.list('Pod');
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map((p) => p.spec.volumes[0].persistentVolumeClaim.claimName))).toEqual(new Set(['data']));
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name)).toEqual(['data']);
  });

  it('09-deployment-types: stateful single-instance is a StatefulSet with one pod db-0, its own claim and its own DNS name', () => {
    const c = started(statefulDb(1));
    expect(podNames(c)).toEqual(['db-0']);
    expect(c.get('Pod', 'db-0')?.spec.volumes.find((v: { name: string }) => v.name === 'data')?.persistentVolumeClaim.claimName).toBe('data-db-0');
    expect(c.resolve('db-0.db.default.svc.cluster.local')).toEqual([c.get('Pod', 'db-0')?.status.podIP]);
  });

  it('09-deployment-types: stateful multi-instance gives every instance its own claim', () => {
    const c = started(statefulDb(3));
    expect(podNames(c)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  it('09-deployment-types: a single-replica Deployment briefly runs two pods during an update (RollingUpdate surges)', () => {
    // ReadWriteMany (a shared filesystem): the surge pod may land on another node and still mount it.
    const c = started(statelessDb().replace('ReadWriteOnce', 'ReadWriteMany'));
    const t = c.now();
    c.patch('Deployment', 'db', NEW_IMAGE);
    c.runUntilStable();
    expect(maxPodsAlive(c, t)).toBe(2);
    expect(c.list('Pod')).toHaveLength(1);
  });

  it('09-deployment-types: with a ReadWriteOnce claim the surge pod on another node cannot attach the volume, and the update hangs', () => {
    const c = started(statelessDb());
    const [old] = c.list('Pod');
    c.patch('Deployment', 'db', NEW_IMAGE);
    c.advance(600_000);
    const pods = c.list('Pod');
    expect(pods).toHaveLength(2);
    const surge = pods.find((p) => p.metadata.uid !== old.metadata.uid)!;
    expect(surge.spec.nodeName).not.toBe(old.spec.nodeName);
    expect(surge.status.phase).toBe('Pending');
    expect(c.events().some((e) => e.reason === 'FailedAttachVolume' && e.message.startsWith('Multi-Attach error for volume'))).toBe(true);
    expect(c.get('Pod', old.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('09-deployment-types: with strategy Recreate the old pod is gone before the new one is created', () => {
    const c = started(statelessDb({ strategy: '  strategy: {type: Recreate}\n' }));
    const t = c.now();
    c.patch('Deployment', 'db', NEW_IMAGE);
    c.runUntilStable();
    expect(maxPodsAlive(c, t)).toBe(1);
    const tl = c.timeline().filter((e) => e.t >= t && e.kind === 'pod').map((e) => e.event);
    expect(tl.indexOf('gone')).toBeLessThan(tl.indexOf('created'));
  });

  it('09-deployment-types: a single-instance StatefulSet update stops the old instance before the new one starts', () => {
    const c = started(statefulDb(1));
    const t = c.now();
    c.patch('StatefulSet', 'db', NEW_IMAGE);
    c.runUntilStable();
    expect(maxPodsAlive(c, t)).toBe(1);
    const tl = c.timeline().filter((e) => e.t >= t && e.kind === 'pod').map((e) => e.text);
    expect(tl.indexOf('pod/db-0 gone')).toBeLessThan(tl.indexOf('pod/db-0 created rev=2'));
  });

  it('09-deployment-types: switching from stateless to stateful mounts a new, empty claim: the data stays on the old one', () => {
    const c = started(statelessDb());
    const before = c.list('Pod')[0].metadata.name;
    c.writeFile(before, '/var/lib/mysql/orders.ibd', 'order 1');
    // The switch: stop the component (delete the Deployment), then start it as a StatefulSet.
    c.deleteObject('Deployment', 'db');
    c.runUntilStable();
    expect(c.list('Pod')).toEqual([]);
    c.apply(statefulDb(1));
    c.runUntilStable();
    expect(c.readFile('db-0', '/var/lib/mysql/orders.ibd')).toBeUndefined();
    expect(c.get('PersistentVolumeClaim', 'data')).toBeDefined();
    expect(c.get('PersistentVolumeClaim', 'data-db-0')).toBeDefined();
  });

  it('09-deployment-types: after restoring the backup into the new claim, the stateful instance finds its data', () => {
    const c = started(statelessDb());
    const before = c.list('Pod')[0].metadata.name;
    c.writeFile(before, '/var/lib/mysql/orders.ibd', 'order 1');
    const backup = c.readFile(before, '/var/lib/mysql/orders.ibd') as string;
    c.deleteObject('Deployment', 'db');
    c.runUntilStable();
    c.apply(statefulDb(1));
    c.runUntilStable();
    c.writeFile('db-0', '/var/lib/mysql/orders.ibd', backup);
    c.deletePod('db-0');
    c.runUntilStable();
    expect(c.readFile('db-0', '/var/lib/mysql/orders.ibd')).toBe('order 1');
  });

  it('09-deployment-types: switching stateful multi-instance to stateless leaves every instance\'s claim behind', () => {
    const c = started(statefulDb(3));
    c.writeFile('db-1', '/var/lib/mysql/orders.ibd', 'written on db-1');
    c.deleteObject('StatefulSet', 'db');
    c.runUntilStable();
    expect(c.list('Pod')).toEqual([]);
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    c.apply(statelessDb({ replicas: 3 }).replace('ReadWriteOnce', 'ReadWriteMany'));
    c.runUntilStable();
    for (const pod of c.list('Pod')) expect(c.readFile(pod.metadata.name, '/var/lib/mysql/orders.ibd')).toBeUndefined();
  });
});
