// Every behavioural claim of content/lessons/14-node-failure.mdx, checked against the engine's node
// model: node lifecycle controller (50 s grace period), NoExecute taint manager (300 s), PodGC,
// the StatefulSet's at-most-one-pod-per-identity rule, ReadWriteOnce Multi-Attach, drain and PDBs.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../src/sim';
import { webSet } from './statefulset-manifests';
import { appAnnotations, claim, deployment, docs, mountedVolume, pdb as podDisruptionBudget, service, statefulSet } from '../fixtures/k8s';

const api = (replicas: number) => docs(deployment('api', { replicas, image: 'api:1.0' }), service('api'));

/** One PersistentVolume `pv-data` (ReadWriteOnce), its claim `data`, and a one-replica Deployment `db` using it. */
const sharedVolume = docs(
  `apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-data}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
`,
  claim('data'),
  deployment('db', { replicas: 1, image: 'mysql:8', podExtra: mountedVolume('data', '/var/lib/mysql', 'persistentVolumeClaim: {claimName: data}') }),
);

/** A PodDisruptionBudget over the pods of webSet() (`app: nginx`), to append to it. */
const pdb = (budget: string) => `---\n${podDisruptionBudget('web', 'nginx', budget)}`;

function started(yaml: string, nodes?: number): Cluster {
  const c = createCluster({ seed: 14, ...(nodes ? { nodes } : {}) });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const nodeOf = (c: Cluster, pod: string): string => c.get('Pod', pod)?.spec?.nodeName;
const isReady = (p: KubeObject | undefined) => (p?.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True');
const nodeReady = (c: Cluster, n: string) => c.get('Node', n)?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status;
const taintsOf = (c: Cluster, n: string) => (c.get('Node', n)?.spec?.taints ?? []).map((t: any) => `${t.key}:${t.effect}`);
const terminating = (p: KubeObject | undefined) => p?.metadata?.deletionTimestamp !== undefined;
const lines = (c: Cluster) => c.timeline().map((e) => e.text);
const timeOf = (c: Cluster, text: string) => c.timeline().find((e) => e.text === text)?.t ?? NaN;
const outOfService = (c: Cluster, n: string) =>
  c.patch('Node', n, { spec: { taints: [...(c.get('Node', n)!.spec.taints ?? []), { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } });

describe('14-node-failure claims', () => {
  it('14-node-failure: a silent node stays Ready during the grace period, then turns Unknown after 50 s', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    c.stopNode(node);
    c.advance(49_000);
    expect(nodeReady(c, node)).toBe('True');
    c.advance(2_000);
    expect(nodeReady(c, node)).toBe('Unknown');
  });

  it('14-node-failure: at the same moment the node is tainted unreachable, NoSchedule and NoExecute', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    c.stopNode(node);
    c.advance(49_000);
    expect(taintsOf(c, node)).toEqual([]);
    c.advance(2_000);
    expect(taintsOf(c, node)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });

  it('14-node-failure: the pods on the silent node are marked not Ready, so Services stop sending them traffic', () => {
    const c = started(api(3));
    const node = 'node-2';
    const victims = c.list('Pod').filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    expect(victims.length).toBeGreaterThan(0);
    c.stopNode(node);
    c.advance(51_000);
    for (const v of victims) expect(isReady(c.get('Pod', v))).toBe(false);
    const reached = new Set(Array.from({ length: 40 }, () => c.request('api').pod));
    for (const v of victims) expect(reached.has(v)).toBe(false);
    expect(reached.size).toBeGreaterThan(0);
  });

  it('14-node-failure: the pods are allowed to stay 300 s, then deleted (Terminating) by taint-based eviction', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    const t0 = c.now();
    c.stopNode(node);
    c.advance(50_000 + 299_000);
    expect(terminating(c.get('Pod', 'web-1'))).toBe(false);
    c.advance(2_000);
    const pod = c.get('Pod', 'web-1');
    expect(terminating(pod)).toBe(true);
    expect(pod?.metadata.deletionTimestamp).toBe(t0 + 50_000 + 300_000);
    expect(lines(c)).toContain(`pod/web-1 evicted node ${node} unreachable`);
  });

  it('14-node-failure: a node that comes back within the 300 s keeps its pods', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    const uid = c.get('Pod', 'web-1')?.metadata.uid;
    c.stopNode(node);
    c.advance(200_000);
    c.startNode(node);
    c.advance(600_000);
    expect(c.get('Pod', 'web-1')?.metadata.uid).toBe(uid);
    expect(isReady(c.get('Pod', 'web-1'))).toBe(true);
  });

  it('14-node-failure: with no kubelet to confirm, the deleted pod stays Terminating indefinitely', () => {
    const c = started(api(3));
    const node = 'node-2';
    const victims = c.list('Pod').filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    c.stopNode(node);
    c.advance(24 * 3_600_000);
    for (const v of victims) expect(terminating(c.get('Pod', v))).toBe(true);
  });

  it('14-node-failure: a Deployment replaces the deleted pods at once, with new names, on healthy nodes', () => {
    const c = started(api(3));
    const node = 'node-2';
    const victims = c.list('Pod').filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name);
    c.stopNode(node);
    c.advance(50_000 + 300_000 + 5_000);
    const live = c.list('Pod').filter((p) => !terminating(p));
    expect(live).toHaveLength(3);
    expect(live.every((p) => isReady(p) && p.spec.nodeName !== node && !victims.includes(p.metadata.name))).toBe(true);
    // Back at full strength about five and a half minutes after the node went silent.
    const replaced = c.timeline().filter((e) => e.kind === 'pod' && / ready$/.test(e.text) && !victims.some((v) => e.text.includes(v)));
    expect(replaced.at(-1)!.t).toBeLessThan(c.now());
    expect(victims.every((v) => terminating(c.get('Pod', v)))).toBe(true);
  });

  it('14-node-failure: to a ReplicaSet, a Terminating pod no longer counts towards replicas', () => {
    const c = started(api(3));
    c.stopNode('node-2');
    c.advance(400_000);
    const rs = c.list('ReplicaSet')[0];
    expect(rs.status.replicas).toBe(3);
    expect(c.list('Pod').filter((p) => terminating(p)).length).toBeGreaterThan(0);
    expect(c.list('Pod').length).toBeGreaterThan(3);
  });

  it('14-node-failure: a StatefulSet does not recreate the pod, on any node, while the old object is Terminating', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    const uid = c.get('Pod', 'web-1')?.metadata.uid;
    c.stopNode(node);
    c.advance(3_600_000);
    const named = c.list('Pod').filter((p) => p.metadata.name === 'web-1');
    expect(named).toHaveLength(1);
    expect(named[0].metadata.uid).toBe(uid);
    expect(terminating(named[0])).toBe(true);
    expect(lines(c).filter((t) => t.startsWith('pod/web-1 created'))).toHaveLength(1);
  });

  it('14-node-failure: nothing in the StatefulSet controller times out: still no web-1 after a day', () => {
    const c = started(webSet());
    const uid = c.get('Pod', 'web-1')?.metadata.uid;
    c.stopNode(nodeOf(c, 'web-1'));
    c.advance(24 * 3_600_000);
    expect(c.get('Pod', 'web-1')?.metadata.uid).toBe(uid);
    expect(isReady(c.get('Pod', 'web-1'))).toBe(false);
  });

  it('14-node-failure: a Deployment pod sharing a ReadWriteOnce volume hits a Multi-Attach error on the new node', () => {
    const c = started(sharedVolume);
    const [old] = c.list('Pod');
    c.stopNode(old.spec.nodeName);
    c.advance(600_000);
    const replacement = c.list('Pod').find((p) => p.metadata.uid !== old.metadata.uid)!;
    expect(replacement.spec.nodeName).not.toBe(old.spec.nodeName);
    expect(replacement.status.phase).not.toBe('Running');
    const warning = c.events().find((e) => e.reason === 'FailedAttachVolume');
    expect(warning?.type).toBe('Warning');
    expect(warning?.message).toContain('Multi-Attach error for volume "pv-data"');
  });

  it('14-node-failure: the out-of-service taint releases the volume, so the Deployment\'s stuck replacement can start', () => {
    const c = started(sharedVolume);
    const [old] = c.list('Pod');
    c.stopNode(old.spec.nodeName);
    c.advance(600_000);
    const replacement = c.list('Pod').find((p) => p.metadata.uid !== old.metadata.uid)!;
    expect(replacement.status.phase).not.toBe('Running');
    expect(outOfService(c, old.spec.nodeName).ok).toBe(true);
    c.advance(60_000);
    expect(c.list('Pod').find((p) => p.metadata.uid === old.metadata.uid)).toBeUndefined();
    expect(c.get('Pod', replacement.metadata.name)?.status.phase).toBe('Running');
  });

  describe('four ways out: the StatefulSet creates web-1 again, with its claim, once the old pod is really gone', () => {
    const lost = () => {
      const c = started(webSet());
      const node = nodeOf(c, 'web-1');
      const uid = c.get('Pod', 'web-1')!.metadata.uid as string;
      c.stopNode(node);
      c.advance(400_000);
      expect(terminating(c.get('Pod', 'web-1'))).toBe(true);
      return { c, node, uid };
    };
    const back = (c: Cluster, uid: string) => {
      const pod = c.get('Pod', 'web-1')!;
      expect(pod.metadata.uid).not.toBe(uid);
      expect(isReady(pod)).toBe(true);
      expect(pod.spec.volumes.find((v: any) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe('www-web-1');
      return pod;
    };

    it('14-node-failure: 1. the node comes back: its kubelet confirms, web-1 is recreated, on the same node', () => {
      const { c, node, uid } = lost();
      c.startNode(node);
      c.advance(60_000);
      expect(back(c, uid).spec.nodeName).toBe(node);
    });

    it('14-node-failure: 2. the Node object is deleted: the pod garbage collector removes the pod', () => {
      const { c, node, uid } = lost();
      c.deleteObject('Node', node);
      c.advance(60_000);
      expect(back(c, uid).spec.nodeName).not.toBe(node);
    });

    it('14-node-failure: 3. a force delete removes the object at once, without waiting for any confirmation', () => {
      const { c, uid } = lost();
      c.deletePod('web-1', { force: true });
      expect(c.get('Pod', 'web-1')?.metadata.uid).not.toBe(uid); // gone before any time passes
      c.advance(60_000);
      back(c, uid);
    });

    it('14-node-failure: 4. the out-of-service taint: PodGC force-deletes the node\'s terminating pods', () => {
      const { c, node, uid } = lost();
      expect(outOfService(c, node).ok).toBe(true);
      c.advance(60_000);
      expect(back(c, uid).spec.nodeName).not.toBe(node);
    });

    it('14-node-failure: waiting longer never releases it', () => {
      const { c, uid } = lost();
      c.advance(7 * 24 * 3_600_000);
      expect(c.get('Pod', 'web-1')?.metadata.uid).toBe(uid);
    });
  });

  it('14-node-failure: drain cordons the node, evicts its pods, and nothing new is scheduled there', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    const uid = c.get('Pod', 'web-1')?.metadata.uid;
    c.drain(node);
    c.advance(120_000);
    expect(c.get('Node', node)?.spec.unschedulable).toBe(true);
    expect(lines(c)).toContain(`node/${node} drained`);
    expect(c.list('Pod').filter((p) => p.spec.nodeName === node)).toEqual([]);
    const pod = c.get('Pod', 'web-1')!;
    expect(pod.metadata.uid).not.toBe(uid);
  });

  it('14-node-failure: a drained StatefulSet pod comes back under the same name with the same claim, on another node', () => {
    const c = started(webSet());
    const node = nodeOf(c, 'web-1');
    c.drain(node);
    c.advance(120_000);
    const pod = c.get('Pod', 'web-1')!;
    expect(isReady(pod)).toBe(true);
    expect(pod.spec.nodeName).not.toBe(node);
    expect(pod.spec.volumes.find((v: any) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe('www-web-1');
  });

  describe('drain with a PodDisruptionBudget, two members of three on the drained node', () => {
    /** Three replicas on two nodes: one node holds two of them. */
    const twoOnOneNode = (budget?: string) => {
      const c = started(webSet() + (budget ? pdb(budget) : ''), 2);
      const byNode = new Map<string, string[]>();
      for (const p of ['web-0', 'web-1', 'web-2']) byNode.set(nodeOf(c, p), [...(byNode.get(nodeOf(c, p)) ?? []), p]);
      const [node, members] = [...byNode].find(([, ps]) => ps.length === 2)!;
      return { c, node, members };
    };
    /** The largest number of the set's pods that were not Ready at the same time, sampled every 100 ms. */
    const worstUnavailable = (c: Cluster, ms: number) => {
      let worst = 0;
      for (let t = 0; t < ms; t += 100) {
        c.advance(100);
        const ready = ['web-0', 'web-1', 'web-2'].filter((p) => isReady(c.get('Pod', p)) && !terminating(c.get('Pod', p))).length;
        worst = Math.max(worst, 3 - ready);
      }
      return worst;
    };

    it('14-node-failure: with maxUnavailable: 1, the second eviction is refused until the first pod is Ready again', () => {
      const { c, node, members } = twoOnOneNode('maxUnavailable: 1');
      c.drain(node);
      expect(worstUnavailable(c, 60_000)).toBe(1);
      expect(c.events().some((e) => e.reason === 'EvictionBlocked')).toBe(true);
      expect(lines(c)).toContain(`node/${node} drained`);
      const deleting = (m: string) => c.timeline().find((e) => e.text === `pod/${m} deleting`)!.t;
      const [first, second] = [...members].sort((a, b) => deleting(a) - deleting(b));
      const firstBack = c.timeline().find((e) => e.text === `pod/${first} ready` && e.t > deleting(first))!.t;
      // The second member goes only after the first one is back and Ready (at the next 5 s retry).
      expect(deleting(second)).toBeGreaterThan(firstBack);
    });

    it('14-node-failure: minAvailable: 2 gives the same protection', () => {
      const { c, node } = twoOnOneNode('minAvailable: 2');
      c.drain(node);
      expect(worstUnavailable(c, 60_000)).toBe(1);
      expect(lines(c)).toContain(`node/${node} drained`);
    });

    it('14-node-failure: kubectl drain keeps retrying a refused eviction every 5 seconds', () => {
      const { c, node } = twoOnOneNode('maxUnavailable: 0');
      const t0 = c.now();
      c.drain(node);
      c.advance(30_000);
      const blocked = [...new Set(c.events().filter((e) => e.reason === 'EvictionBlocked').map((e) => e.t - t0))];
      expect(blocked).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    });

    it('14-node-failure: without the PDB, the drain evicts both members at once', () => {
      const { c, node } = twoOnOneNode();
      c.drain(node);
      expect(worstUnavailable(c, 60_000)).toBe(2);
    });

    it('14-node-failure: maxUnavailable: 0 blocks the drain forever', () => {
      const { c, node, members } = twoOnOneNode('maxUnavailable: 0');
      const uids = members.map((m) => c.get('Pod', m)?.metadata.uid);
      c.drain(node);
      c.advance(3_600_000);
      expect(members.map((m) => c.get('Pod', m)?.metadata.uid)).toEqual(uids);
      expect(lines(c)).not.toContain(`node/${node} drained`);
    });
  });

  it('14-node-failure: a node cut off for 10 minutes: the Deployment pod is replaced at once, web-1 only when the node is back', () => {
    const c = started(webSet() + '---\n' + api(3));
    const node = nodeOf(c, 'web-1');
    const apiVictim = c.list('Pod', { app: 'api' }).find((p) => p.spec.nodeName === node)!.metadata.name;
    const webUid = c.get('Pod', 'web-1')!.metadata.uid;
    c.stopNode(node);
    c.advance(360_000);
    expect(terminating(c.get('Pod', apiVictim))).toBe(true);
    expect(c.list('Pod', { app: 'api' }).filter((p) => !terminating(p) && isReady(p))).toHaveLength(3);
    c.advance(240_000);
    expect(c.get('Pod', 'web-1')?.metadata.uid).toBe(webUid);
    expect(terminating(c.get('Pod', 'web-1'))).toBe(true);
    c.startNode(node);
    c.advance(60_000);
    expect(c.get('Pod', 'web-1')?.metadata.uid).not.toBe(webUid);
    expect(isReady(c.get('Pod', 'web-1'))).toBe(true);
    expect(c.get('Pod', apiVictim)).toBeUndefined();
  });

  it('14-node-failure: draining a node with two of three etcd members under maxUnavailable: 1 keeps the quorum throughout', () => {
    const c = createCluster({ seed: 14, nodes: 2 });
    const etcd = docs(
      statefulSet('etcd', { image: 'etcd:3.5', port: 2379, annotations: appAnnotations('quorum', '/var/lib/etcd'), dataPath: '/var/lib/etcd' }),
      podDisruptionBudget('etcd', 'etcd', 'maxUnavailable: 1'),
    );
    expect(c.apply(etcd).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    c.runUntilStable();
    const byNode = new Map<string, string[]>();
    for (const p of ['etcd-0', 'etcd-1', 'etcd-2']) byNode.set(nodeOf(c, p), [...(byNode.get(nodeOf(c, p)) ?? []), p]);
    const [node] = [...byNode].find(([, ps]) => ps.length === 2)!;
    c.drain(node);
    let minReachable = Infinity;
    for (let t = 0; t < 60_000; t += 100) {
      c.advance(100);
      const reachable = ['etcd-0', 'etcd-1', 'etcd-2'].filter((m) => {
        const role = c.appStatus(m)?.role;
        return role === 'leader' || role === 'follower';
      }).length;
      minReachable = Math.min(minReachable, reachable);
    }
    expect(lines(c)).toContain(`node/${node} drained`);
    expect(minReachable).toBeGreaterThanOrEqual(2);
    expect(c.events().some((e) => e.reason === 'QuorumLost')).toBe(false);
  });

  it('14-node-failure: a PDB cannot stop a node from crashing: its pods are still evicted after 300 s', () => {
    const c = started(webSet() + pdb('maxUnavailable: 0'));
    c.stopNode(nodeOf(c, 'web-1'));
    c.advance(400_000);
    expect(terminating(c.get('Pod', 'web-1'))).toBe(true);
  });

  it('14-node-failure: a PDB does not slow down the StatefulSet controller\'s own scale-down', () => {
    const c = started(webSet() + pdb('maxUnavailable: 0'));
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    expect(c.list('Pod').map((p) => p.metadata.name)).toEqual(['web-0']);
  });
});
