// Deployments through the engine and its scripted kubelet: names (ComputeHash, generateName),
// RollingUpdate and Recreate orderings (rolloutRolling, rolloutRecreate), and status.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../../../src/sim';
import { deployment } from '../../../fixtures/k8s';

/** A three-replica Deployment `web` (container `app`); `strategy` is extra spec lines at two spaces. */
function manifest(image: string, strategy = ''): string {
  return deployment('web', { replicas: 3, container: 'app', image, extraSpec: strategy });
}

/** Timeline lines after `from`, pod names as rsK-I like the trace replays. */
function lines(cluster: Cluster, from = 0): string[] {
  const rsNumber = new Map<string, number>();
  const podAlias = new Map<string, string>();
  const counts = new Map<string, number>();
  const out: string[] = [];
  for (const e of cluster.timeline()) {
    if (e.kind === 'rs' && e.event === 'created') rsNumber.set(e.name, rsNumber.size + 1);
    if (e.kind === 'pod' && e.event === 'created') {
      const k = Number(/rs=(\d+)/.exec(e.text)?.[1]);
      const i = counts.get(String(k)) ?? 0;
      counts.set(String(k), i + 1);
      podAlias.set(e.name, `rs${k}-${i}`);
    }
    if (e.t < from) continue;
    const name = e.kind === 'rs' ? String(rsNumber.get(e.name)) : podAlias.get(e.name) ?? e.name;
    out.push(`${e.kind}/${name} ${e.event}`);
  }
  return out;
}

describe('Deployment through the engine', () => {
  it('names the ReplicaSet <deploy>-<hash> and its pods <rs>- plus 5 seeded characters', () => {
    const a = createCluster({ seed: 11 });
    a.apply(manifest('nginx:1.25'));
    a.runUntilStable();
    const [rs] = a.list('ReplicaSet');
    expect(rs.metadata.name).toBe(`web-${rs.metadata.labels?.['pod-template-hash']}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': rs.metadata.labels?.['pod-template-hash'] });
    const names = a.list('Pod').map((p) => p.metadata.name);
    for (const n of names) expect(n).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const b = createCluster({ seed: 11 });
    b.apply(manifest('nginx:1.25'));
    b.runUntilStable();
    expect(b.list('Pod').map((p) => p.metadata.name)).toEqual(names);
    const c = createCluster({ seed: 12 });
    c.apply(manifest('nginx:1.25'));
    c.runUntilStable();
    expect(c.list('Pod').map((p) => p.metadata.name)).not.toEqual(names);
  });

  it('RollingUpdate with the defaults (surge 1, unavailable 0 for 3 replicas) starts a new pod before stopping an old one', () => {
    const cluster = createCluster({ seed: 1 });
    cluster.apply(manifest('nginx:1.25'));
    cluster.runUntilStable();
    const from = cluster.now();
    cluster.apply(manifest('nginx:1.26'));
    cluster.runUntilStable();
    // The old pods were created and became Ready together, so they go in listing order.
    expect(lines(cluster, from)).toEqual([
      'rs/2 created', 'pod/rs2-0 created', 'pod/rs2-0 ready',
      'rs/1 scaled', 'rs/2 scaled', 'pod/rs1-0 deleting', 'pod/rs2-1 created', 'pod/rs1-0 notready', 'pod/rs1-0 gone', 'pod/rs2-1 ready',
      'rs/1 scaled', 'rs/2 scaled', 'pod/rs1-1 deleting', 'pod/rs2-2 created', 'pod/rs1-1 notready', 'pod/rs1-1 gone', 'pod/rs2-2 ready',
      'rs/1 scaled', 'pod/rs1-2 deleting', 'pod/rs1-2 notready', 'pod/rs1-2 gone',
    ]);
    const d = cluster.get('Deployment', 'web') as KubeObject;
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0, observedGeneration: 2 });
    expect(cluster.list('ReplicaSet').map((rs) => rs.spec.replicas)).toEqual([0, 3]);
  });

  it('Recreate removes every old pod before the new ReplicaSet creates one', () => {
    const recreate = '  strategy:\n    type: Recreate\n';
    const cluster = createCluster({ seed: 1 });
    cluster.apply(manifest('nginx:1.25', recreate));
    cluster.runUntilStable();
    const from = cluster.now();
    cluster.apply(manifest('nginx:1.26', recreate));
    cluster.runUntilStable();
    const seq = lines(cluster, from);
    const lastGone = Math.max(...seq.map((l, i) => (/^pod\/rs1-\d gone$/.test(l) ? i : -1)));
    const firstNew = seq.findIndex((l) => /^pod\/rs2-\d created$/.test(l));
    expect(seq.filter((l) => /^pod\/rs1-\d gone$/.test(l)).length).toBe(3);
    expect(firstNew).toBeGreaterThan(lastGone);
    expect(seq[0]).toBe('rs/1 scaled');
  });

  it('reports Available and Progressing conditions', () => {
    const cluster = createCluster({ seed: 1 });
    cluster.apply(manifest('nginx:1.25'));
    cluster.advance(50);
    let conditions = (cluster.get('Deployment', 'web') as KubeObject).status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`);
    expect(conditions).toEqual(['Available=False/MinimumReplicasUnavailable', 'Progressing=True/ReplicaSetUpdated']);
    cluster.runUntilStable();
    conditions = (cluster.get('Deployment', 'web') as KubeObject).status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`);
    expect(conditions).toEqual(['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);
  });

  it('marks a rollout that makes no progress for progressDeadlineSeconds as ProgressDeadlineExceeded (DeploymentTimedOut)', () => {
    const cluster = createCluster({ seed: 1, kubelet: { neverReady: true } });
    cluster.apply(manifest('nginx:1.25', '  progressDeadlineSeconds: 30\n'));
    const end = cluster.runUntilStable();
    expect(end.stable).toBe(true);
    const progressing = (cluster.get('Deployment', 'web') as KubeObject).status.conditions.find((c: any) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing.message).toBe(`ReplicaSet "${cluster.list('ReplicaSet')[0].metadata.name}" has timed out progressing.`);
    // The deadline counts from the last progress (the pods' creation), not from the apply.
    expect(progressing.lastTransitionTime).toBeGreaterThan(30_000);
    expect(progressing.lastTransitionTime).toBeLessThan(31_000);
  });

  it('holds a paused rollout (DeploymentPaused) and finishes it once resumed', () => {
    const cluster = createCluster({ seed: 1 });
    cluster.apply(manifest('nginx:1.25'));
    cluster.runUntilStable();
    cluster.patch('Deployment', 'web', { spec: { paused: true } });
    cluster.patch('Deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } });
    cluster.runUntilStable();
    const progressing = () => (cluster.get('Deployment', 'web') as KubeObject).status.conditions.find((c: any) => c.type === 'Progressing').reason;
    expect(progressing()).toBe('DeploymentPaused');
    expect(cluster.list('ReplicaSet').length).toBe(1);
    cluster.patch('Deployment', 'web', { spec: { paused: false } });
    cluster.runUntilStable();
    expect(progressing()).toBe('NewReplicaSetAvailable');
    expect(new Set(cluster.list('Pod').map((p) => p.spec.containers[0].image))).toEqual(new Set(['nginx:1.26']));
  });

  const cascades: Array<['Background' | 'Foreground' | 'Orphan', number, number]> = [
    ['Background', 0, 0],
    ['Foreground', 0, 0],
    ['Orphan', 1, 3],
  ];
  for (const [policy, replicaSets, pods] of cascades) {
    it(`deleting the Deployment with ${policy} propagation leaves ${replicaSets} ReplicaSet(s) and ${pods} pod(s)`, () => {
      const cluster = createCluster({ seed: 1 });
      cluster.apply(manifest('nginx:1.25'));
      cluster.runUntilStable();
      cluster.deleteObject('Deployment', 'web', { propagationPolicy: policy });
      expect(cluster.runUntilStable().stable).toBe(true);
      expect(cluster.list('Deployment')).toEqual([]);
      expect(cluster.list('ReplicaSet').length).toBe(replicaSets);
      expect(cluster.list('Pod').length).toBe(pods);
      for (const rs of cluster.list('ReplicaSet')) expect(rs.metadata.ownerReferences ?? []).toEqual([]);
    });
  }

  it('adopts an orphan ReplicaSet whose labels the Deployment selects', () => {
    const cluster = createCluster({ seed: 1 });
    cluster.apply(`apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: stray
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.0
`);
    cluster.runUntilStable();
    cluster.apply(manifest('nginx:1.25'));
    cluster.runUntilStable();
    const stray = cluster.get('ReplicaSet', 'stray') as KubeObject;
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(stray.spec.replicas).toBe(0);
  });
});
