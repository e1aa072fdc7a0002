// Claims made in content/lessons/08-deployments.mdx, each checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type KubeObject } from '../../src/sim';
import * as k8s from '../fixtures/k8s';

function deployment(replicas: number, volumes = ''): string {
  return k8s.deployment('web', { replicas, podExtra: volumes });
}

const sharedClaim = `${k8s.claim('uploads', { accessMode: 'ReadWriteMany' })}---\n`;
const sharedMount = k8s.mountedVolume('uploads', '/srv/uploads', 'persistentVolumeClaim: {claimName: uploads}');

type Cluster = ReturnType<typeof createCluster>;

function started(yaml: string, options: Parameters<typeof createCluster>[0] = { seed: 3 }): Cluster {
  const cluster = createCluster(options);
  const result = cluster.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(cluster.runUntilStable().stable).toBe(true);
  return cluster;
}

const names = (pods: KubeObject[]): string[] => pods.map((p) => p.metadata.name).sort();

describe('08-deployments claims', () => {
  it('08-deployments: a Deployment owns a ReplicaSet named after it and its template hash, which owns the pods', () => {
    const cluster = started(deployment(3));
    const [rs] = cluster.list('ReplicaSet');
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[a-z0-9]+$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    for (const pod of cluster.list('Pod')) {
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name });
    }
  });

  it('08-deployments: pod names are the ReplicaSet name plus a random five-character suffix', () => {
    const cluster = started(deployment(3));
    const rsName = cluster.list('ReplicaSet')[0].metadata.name;
    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(pod.metadata.name).toMatch(new RegExp(`^${rsName}-[a-z0-9]{5}$`));
    expect(new Set(names(pods)).size).toBe(3);
  });

  it('08-deployments: a deleted pod is replaced by one with a new name and a new IP', () => {
    const cluster = started(deployment(3));
    const victim = cluster.list('Pod')[1];
    cluster.deletePod(victim.metadata.name);
    cluster.runUntilStable();
    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(3);
    expect(names(pods)).not.toContain(victim.metadata.name);
    const ips = pods.map((p) => p.status?.podIP);
    expect(ips).not.toContain(victim.status?.podIP);
  });

  it('08-deployments: pods of a Deployment get no per-pod DNS names, even behind a headless Service', () => {
    const headless = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
---
`;
    const cluster = started(headless + deployment(2));
    const pods = cluster.list('Pod');
    for (const pod of pods) {
      expect(pod.spec.subdomain).toBeUndefined();
      expect(cluster.resolve(`${pod.metadata.name}.web.default.svc.cluster.local`)).toEqual([]);
    }
    expect(cluster.resolve('web.default.svc.cluster.local')).toHaveLength(2);
  });

  it('08-deployments: all replicas are created together, without waiting for one another to be Ready', () => {
    const cluster = started(deployment(3), { seed: 3, kubelet: { staggerMs: 2000 } });
    const created = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'created');
    const ready = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'ready');
    expect(created).toHaveLength(3);
    expect(new Set(created.map((e) => e.t)).size).toBe(1);
    expect(ready).toHaveLength(3);
    expect(Math.min(...ready.map((e) => e.t))).toBeGreaterThan(created[0].t);
  });

  it('08-deployments: scale-down removes a pod that is not Ready before any Ready pod', () => {
    const cluster = started(deployment(3));
    const notReady = cluster.list('Pod')[2].metadata.name;
    cluster.setReady(notReady, false);
    cluster.advance(500);
    cluster.scale('Deployment', 'web', 2);
    cluster.runUntilStable();
    const left = names(cluster.list('Pod'));
    expect(left).toHaveLength(2);
    expect(left).not.toContain(notReady);
  });

  it('08-deployments: among Ready pods, scale-down removes the one Ready for the shortest time', () => {
    const cluster = started(deployment(3), { seed: 3, kubelet: { staggerMs: 1000 } });
    const readyAt = new Map(
      cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'ready').map((e) => [e.name, e.t] as const),
    );
    const newest = [...readyAt.entries()].sort((a, b) => b[1] - a[1])[0][0];
    cluster.scale('Deployment', 'web', 2);
    cluster.runUntilStable();
    expect(names(cluster.list('Pod'))).not.toContain(newest);
  });

  it('08-deployments: a Deployment has no volumeClaimTemplates field', () => {
    const cluster = createCluster();
    const result = cluster.apply(deployment(2).replace('  replicas: 2\n', '  replicas: 2\n  volumeClaimTemplates: []\n'));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'schema-unknown-field', path: 'spec.volumeClaimTemplates' });
  });

  it('08-deployments: every replica mounts the same claim and sees the same files', () => {
    const cluster = started(sharedClaim + deployment(2, sharedMount));
    const [a, b] = cluster.list('Pod');
    const claims = [a, b].map((p) => p.spec.volumes[0].persistentVolumeClaim.claimName);
    expect(claims).toEqual(['uploads', 'uploads']);
    cluster.writeFile(a.metadata.name, '/srv/uploads/logo.png', 'png');
    expect(cluster.readFile(b.metadata.name, '/srv/uploads/logo.png')).toBe('png');
  });

  it('08-deployments: changing the template starts a new ReplicaSet with a new hash and new pod names', () => {
    const cluster = started(deployment(2));
    const oldRs = cluster.list('ReplicaSet')[0].metadata.name;
    const oldPods = names(cluster.list('Pod'));
    cluster.patch('Deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    cluster.runUntilStable();
    const sets = cluster.list('ReplicaSet');
    const newRs = sets.find((r) => r.metadata.name !== oldRs)!;
    expect(newRs.metadata.name).toMatch(/^web-[a-z0-9]+$/);
    expect(sets.find((r) => r.metadata.name === oldRs)?.spec.replicas).toBe(0);
    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.name.startsWith(`${newRs.metadata.name}-`)).toBe(true);
      expect(oldPods).not.toContain(pod.metadata.name);
    }
  });

  it('08-deployments: the pod-deletion-cost annotation keeps a pod that would otherwise be removed first', () => {
    const cluster = started(deployment(3), { seed: 3, kubelet: { staggerMs: 1000 } });
    const readyOrder = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'ready').map((e) => e.name);
    const newest = readyOrder[readyOrder.length - 1];
    const patched = cluster.patch('Pod', newest, {
      metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '100' } },
    });
    expect(patched.ok).toBe(true);
    cluster.scale('Deployment', 'web', 2);
    cluster.runUntilStable();
    const left = names(cluster.list('Pod'));
    expect(left).toContain(newest);
    expect(left).not.toContain(readyOrder[1]);
  });

  it('08-deployments: deleting the Deployment deletes its ReplicaSets and their pods', () => {
    const cluster = started(deployment(2));
    cluster.deleteObject('Deployment', 'web');
    cluster.runUntilStable();
    expect(cluster.list('ReplicaSet')).toEqual([]);
    expect(cluster.list('Pod')).toEqual([]);
  });
});
