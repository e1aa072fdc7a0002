// Nodes, scheduling and node failure. Sources named per rule: kube-scheduler default plugins
// (NodeUnschedulable, TaintToleration, NodeAffinity, InterPodAffinity, NodeResourcesFit),
// node lifecycle controller `monitorNodeHealth` (--node-monitor-grace-period 50 s) and
// `MarkPodsNotReady`, DefaultTolerationSeconds (300 s), the NoExecute taint manager, PodGC
// `gcOrphaned`/`gcTerminating`, KEP-2268 non-graceful node shutdown, `kubectl drain` + Eviction API.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCluster, type Cluster, type KubeObject } from '../../../src/sim';
import { deployment as webDeployment, pdb as budget, statefulSet } from '../../fixtures/k8s';

// The database set of these tests (headless Service db, StatefulSet db); `extra` adds pod-spec lines at six spaces.
const sts = (replicas: number, extra = '') => statefulSet('db', { replicas, podExtra: extra });

const deployment = (replicas: number) => webDeployment('web', { replicas, container: 'c', image: 'nginx' });

function started(yaml: string, nodes?: number): Cluster {
  const c = createCluster({ seed: 1, ...(nodes ? { nodes } : {}) });
  const r = c.apply(yaml);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const nodeOf = (c: Cluster, pod: string) => c.get('Pod', pod)?.spec?.nodeName;
const ready = (p: KubeObject | undefined) => (p?.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True');
const nodeReadyStatus = (c: Cluster, n: string) => c.get('Node', n)?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status;

describe('nodes and scheduling', () => {
  it('a cluster starts with three Ready nodes, labelled with hostname and zone', () => {
    const c = createCluster();
    const nodes = c.list('Node');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(nodes.map((n) => n.metadata.labels?.['kubernetes.io/hostname'])).toEqual(['node-1', 'node-2', 'node-3']);
    expect(nodes.every((n) => nodeReadyStatus(c, n.metadata.name) === 'True')).toBe(true);
  });

  it('the nodes do not shift the random stream: pod names are the same with one node or five', () => {
    const names = (n: number) => started(deployment(3), n).list('Pod').map((p) => p.metadata.name).sort();
    expect(names(5)).toEqual(names(1));
  });

  it('spreads the pods of one owner over the nodes (fewest of its pods first)', () => {
    const c = started(sts(3));
    expect(['db-0', 'db-1', 'db-2'].map((p) => nodeOf(c, p)).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(c.get('Pod', 'db-0')?.status?.hostIP).toMatch(/^10\.0\.0\.1\d$/);
  });

  it('nodeSelector: a pod only lands on a matching node; with none it stays Pending with the scheduler reason', () => {
    const c = started(sts(1, '      nodeSelector: {disktype: ssd}\n'));
    expect(c.get('Pod', 'db-0')?.status?.phase).toBe('Pending');
    expect(c.events().find((e) => e.reason === 'FailedScheduling')?.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    c.apply("apiVersion: v1\nkind: Node\nmetadata:\n  name: node-4\n  labels: {disktype: ssd}\n");
    c.runUntilStable();
    expect(nodeOf(c, 'db-0')).toBe('node-4');
  });

  it('required pod anti-affinity on kubernetes.io/hostname: a fourth replica on three nodes stays Pending', () => {
    const anti = `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: db}}
            topologyKey: kubernetes.io/hostname
`;
    const c = started(sts(4, anti));
    expect(new Set(['db-0', 'db-1', 'db-2'].map((p) => nodeOf(c, p))).size).toBe(3);
    expect(c.get('Pod', 'db-3')?.status?.phase).toBe('Pending');
    expect(c.events().filter((e) => e.reason === 'FailedScheduling').at(-1)?.message).toContain("3 node(s) didn't match pod anti-affinity rules");
  });

  it('a NoSchedule taint keeps pods away unless they tolerate it', () => {
    const c = createCluster({ nodes: [{ name: 'gpu', taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }] });
    c.apply(sts(1));
    c.runUntilStable();
    expect(c.events().find((e) => e.reason === 'FailedScheduling')?.message).toContain('1 node(s) had untolerated taint {gpu: true}');
    const d = createCluster({ nodes: [{ name: 'gpu', taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }] });
    d.apply(sts(1, '      tolerations: [{key: gpu, operator: Equal, value: "true", effect: NoSchedule}]\n'));
    d.runUntilStable();
    expect(nodeOf(d, 'db-0')).toBe('gpu');
  });

  it('cordon: no new pods there; uncordon lets them back', () => {
    const c = createCluster();
    c.cordon('node-1');
    c.cordon('node-2');
    c.apply(deployment(3));
    c.runUntilStable();
    expect(new Set(c.list('Pod').map((p) => p.spec.nodeName))).toEqual(new Set(['node-3']));
    expect(() => c.cordon('node-9')).toThrow('There is no node named "node-9". Nodes: node-1, node-2, node-3.');
  });
});

describe('node failure', () => {
  it('timeline: NotReady/Unknown after the 50 s grace period, pods NotReady, evicted after 300 s more', () => {
    const c = started(sts(3));
    const node = nodeOf(c, 'db-1')!;
    const t0 = c.now();
    c.stopNode(node);
    c.advance(49_000);
    expect(nodeReadyStatus(c, node)).toBe('True');
    expect(ready(c.get('Pod', 'db-1'))).toBe(true);
    c.advance(2_000);
    expect(nodeReadyStatus(c, node)).toBe('Unknown');
    expect(c.get('Node', node)?.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(ready(c.get('Pod', 'db-1'))).toBe(false);
    expect(c.resolve('db-1.db')).toEqual([]); // out of the endpoints, so out of DNS
    c.advance(300_000);
    const pod = c.get('Pod', 'db-1');
    expect(pod?.metadata.deletionTimestamp).toBe(t0 + 50_000 + 300_000);
    expect(c.timeline().map((e) => e.text)).toEqual(expect.arrayContaining([`node/${node} not-ready`, `pod/db-1 evicted node ${node} unreachable`]));
  });

  it('StatefulSet: the evicted pod stays Terminating and is NOT replaced while its node is unreachable', () => {
    const c = started(sts(3));
    const node = nodeOf(c, 'db-1')!;
    c.stopNode(node);
    c.advance(3_600_000);
    const pods = c.list('Pod').filter((p) => p.metadata.name === 'db-1');
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.deletionTimestamp).toBeDefined();
    expect(pods[0].spec.nodeName).toBe(node);
  });

  it('Deployment: replacements start on other nodes while the evicted pods stay Terminating', () => {
    const c = started(deployment(3));
    const node = 'node-2';
    const before = c.list('Pod').filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    expect(before.length).toBeGreaterThan(0);
    c.stopNode(node);
    c.advance(400_000);
    const live = c.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(live).toHaveLength(3);
    expect(live.every((p) => p.spec.nodeName !== node && ready(p))).toBe(true);
    expect(c.list('Pod').filter((p) => before.includes(p.metadata.name)).every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
  });

  it.each([
    ['the node returns: its kubelet finishes the deletion, then the pod is recreated', (c: Cluster, n: string) => c.startNode(n)],
    ['the Node object is deleted: PodGC removes the orphaned pod', (c: Cluster, n: string) => c.deleteObject('Node', n)],
    ['someone force-deletes the pod', (c: Cluster) => c.deletePod('db-1', { force: true })],
    ['the out-of-service taint is added (non-graceful node shutdown)', (c: Cluster, n: string) => {
      const node = c.get('Node', n)!;
      c.patch('Node', n, { spec: { taints: [...node.spec.taints, { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } });
    }],
  ])('StatefulSet pod comes back once it is really gone: %s', (_name, act) => {
    const c = started(sts(3));
    const node = nodeOf(c, 'db-1')!;
    const uid = c.get('Pod', 'db-1')!.metadata.uid;
    c.stopNode(node);
    c.advance(400_000);
    act(c, node);
    c.advance(120_000);
    const pod = c.get('Pod', 'db-1')!;
    expect(pod.metadata.uid).not.toBe(uid);
    expect(ready(pod)).toBe(true);
  });

  it('a node that returns before the 300 s are up keeps its pods', () => {
    const c = started(sts(3));
    const node = nodeOf(c, 'db-2')!;
    const uid = c.get('Pod', 'db-2')!.metadata.uid;
    c.stopNode(node);
    c.advance(120_000);
    c.startNode(node);
    c.advance(600_000);
    expect(c.get('Pod', 'db-2')?.metadata.uid).toBe(uid);
    expect(ready(c.get('Pod', 'db-2'))).toBe(true);
    expect(c.get('Node', node)?.spec.taints).toBeUndefined();
  });

  it('property: never two live pods of one StatefulSet ordinal, across node failures and returns', () => {
    const action = fc.oneof(
      fc.record({ stop: fc.constantFrom('node-1', 'node-2', 'node-3') }),
      fc.record({ start: fc.constantFrom('node-1', 'node-2', 'node-3') }),
      fc.record({ force: fc.constantFrom('db-0', 'db-1', 'db-2') }),
      fc.record({ wait: fc.integer({ min: 1_000, max: 400_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 8 }), (actions) => {
        const c = started(sts(3));
        const check = () => {
          const names = c.list('Pod').map((p) => p.metadata.name);
          return new Set(names).size === names.length;
        };
        for (const a of actions) {
          if ('stop' in a) c.stopNode(a.stop);
          else if ('start' in a) c.startNode(a.start);
          else if ('force' in a) c.deletePod(a.force, { force: true });
          else {
            for (let t = 0; t < a.wait; t += 10_000) {
              c.advance(Math.min(10_000, a.wait - t));
              if (!check()) return false;
            }
          }
          if (!check()) return false;
        }
        return true;
      }),
      { numRuns: 30 },
    );
  }, 30_000);
});

describe('drain and PodDisruptionBudgets', () => {
  const pdb = (minAvailable: number) => `---\n${budget('db', 'db', `minAvailable: ${minAvailable}`)}`;

  it('a drain evicts the pods when the budget allows, and the node ends cordoned and empty', () => {
    const c = started(sts(3) + pdb(2));
    const node = nodeOf(c, 'db-2')!;
    c.drain(node);
    c.advance(120_000);
    expect(c.get('Node', node)?.spec.unschedulable).toBe(true);
    expect(c.timeline().map((e) => e.text)).toContain(`node/${node} drained`);
  });

  it('a drain that would break minAvailable waits, retrying every 5 s, until the budget allows it', () => {
    const c = started(sts(3) + pdb(3));
    const node = nodeOf(c, 'db-2')!;
    c.drain(node);
    c.advance(30_000);
    expect(c.get('Pod', 'db-2')?.metadata.deletionTimestamp).toBeUndefined();
    const blocked = c.events().filter((e) => e.reason === 'EvictionBlocked');
    expect(blocked.length).toBeGreaterThanOrEqual(6);
    expect(blocked[0].message).toBe("Cannot evict pod as it would violate the pod's disruption budget (db).");
    const uid = c.get('Pod', 'db-2')?.metadata.uid;
    c.apply(sts(3) + pdb(2));
    c.advance(10_000);
    // Evicted at the next retry; the StatefulSet recreates it on a node that is not cordoned.
    expect(c.get('Pod', 'db-2')?.metadata.uid).not.toBe(uid);
    expect(nodeOf(c, 'db-2')).not.toBe(node);
  });
});

describe('ReadWriteOnce volumes and node loss (attach/detach controller)', () => {
  const shared = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-data}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: mysql:8
        volumeMounts: [{name: data, mountPath: /var/lib/mysql}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
`;

  it('a Deployment replacement cannot attach the volume while the old pod is Terminating on the lost node', () => {
    const c = started(shared);
    const [old] = c.list('Pod');
    c.stopNode(old.spec.nodeName);
    c.advance(600_000);
    const replacement = c.list('Pod').find((p) => p.metadata.uid !== old.metadata.uid)!;
    expect(replacement.spec.nodeName).not.toBe(old.spec.nodeName);
    expect(replacement.status.phase).toBe('Pending');
    expect(c.events().find((e) => e.reason === 'FailedAttachVolume')?.message).toBe(
      `Multi-Attach error for volume "pv-data" Volume is already used by pod(s) ${old.metadata.name}`,
    );
    // Only once the old pod is really gone can the volume move.
    c.deletePod(old.metadata.name, { force: true });
    c.advance(10_000);
    expect(c.get('Pod', replacement.metadata.name)?.status.phase).toBe('Running');
  });

  it('property: a ReadWriteOnce claim is never used by Running pods on two nodes at once', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ stop: fc.constantFrom('node-1', 'node-2', 'node-3') }), fc.record({ start: fc.constantFrom('node-1', 'node-2', 'node-3') }), fc.record({ wait: fc.integer({ min: 1_000, max: 400_000 }) })), { minLength: 1, maxLength: 6 }), (actions) => {
        const c = started(shared);
        const ok = () => {
          const nodes = new Set(c.list('Pod').filter((p) => p.status?.phase === 'Running').map((p) => p.spec.nodeName));
          return nodes.size <= 1;
        };
        for (const a of actions) {
          if ('stop' in a) c.stopNode(a.stop);
          else if ('start' in a) c.startNode(a.start);
          else for (let t = 0; t < a.wait; t += 20_000) {
            c.advance(Math.min(20_000, a.wait - t));
            if (!ok()) return false;
          }
          if (!ok()) return false;
        }
        return true;
      }),
      { numRuns: 15 },
    );
  }, 30_000);
});
