// Builders shared by the engine tests.
import type { Cluster, KubeObject, ClusterOptions } from '../../src/sim';
import { createCluster } from '../../src/sim';

export interface SetOptions {
  name?: string;
  replicas?: number;
  policy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: unknown;
  ordinalsStart?: number;
  minReadySeconds?: number;
  retention?: { whenDeleted?: string; whenScaled?: string };
  claims?: boolean;
  image?: string;
  revisionHistoryLimit?: number;
}

export function statefulSet(o: SetOptions = {}): KubeObject {
  const name = o.name ?? 'web';
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: o.replicas ?? 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: name } },
      ...(o.policy ? { podManagementPolicy: o.policy } : {}),
      ...(o.updateStrategy ? { updateStrategy: o.updateStrategy } : {}),
      ...(o.ordinalsStart !== undefined ? { ordinals: { start: o.ordinalsStart } } : {}),
      ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
      ...(o.retention ? { persistentVolumeClaimRetentionPolicy: o.retention } : {}),
      ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{ name: 'nginx', image: o.image ?? 'nginx:0.8', volumeMounts: o.claims === false ? undefined : [{ name: 'www', mountPath: '/data' }] }],
        },
      },
      ...(o.claims === false
        ? {}
        : { volumeClaimTemplates: [{ metadata: { name: 'www', labels: { app: 'other', tier: 'db' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
    },
  };
}

export function cluster(options: ClusterOptions = {}): Cluster {
  return createCluster({ seed: 7, ...options });
}

export function podNames(c: Cluster): string[] {
  return c.list('Pod').map((p) => p.metadata.name).sort();
}

export function livePods(c: Cluster): KubeObject[] {
  return c
    .list('Pod')
    .filter((p) => p.metadata.deletionTimestamp === undefined)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export function revisionNumber(c: Cluster, pod: KubeObject): number {
  const rev = c.get('ControllerRevision', pod.metadata.labels?.['controller-revision-hash'] ?? '');
  return Number((rev as any)?.revision ?? -1);
}

export function isReady(p: KubeObject): boolean {
  return p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function applyOk(c: Cluster, obj: KubeObject): void {
  const r = c.apply([obj]);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
}

export function setImage(c: Cluster, image: string, name = 'web'): void {
  const r = c.patch('StatefulSet', name, { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
}
