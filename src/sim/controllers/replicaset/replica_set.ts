// One sync of a ReplicaSet (pkg/controller/replicaset/replica_set.go syncReplicaSet, manageReplicas,
// and replica_set_utils.go calculateStatus).
import type { KubeObject, OwnerReference } from '../../api';
import type { ReplicaSetControl } from './replica_set_control';
import { getPodsToDelete } from './pod_ranking';
import { isPodActive, isPodAvailable, isPodReady } from './pod_state';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow_start';
import { selectorMatches } from '../../cluster/labels';
import { claimObjects } from './controller_ref_manager';

/** Upstream `BurstReplicas`: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

function ownRef(rs: KubeObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** `ClaimPods` (PodControllerRefManager). */
export function claimPods(rs: KubeObject, pods: KubeObject[], control: ReplicaSetControl): KubeObject[] {
  return claimObjects(rs, ownRef(rs), pods, (pod) => selectorMatches(rs.spec?.selector, pod.metadata.labels), (pod, ownerReferences) => {
    control.setOwnerReferences(pod, ownerReferences);
    return { ...pod, metadata: { ...pod.metadata, ownerReferences } };
  });
}

/** `controller.GetPodFromTemplate`: a pod for the template with our controller reference. */
export function podFromTemplate(rs: KubeObject): KubeObject {
  const template = rs.spec?.template ?? {};
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [ownRef(rs)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

function specReplicas(rs: KubeObject): number {
  const r = rs.spec?.replicas;
  return typeof r === 'number' && r >= 0 ? Math.floor(r) : 1;
}

/** `manageReplicas`: create or delete pods until the active ones match spec.replicas. */
export function manageReplicas(rs: KubeObject, filteredPods: KubeObject[], control: ReplicaSetControl): void {
  const diff = filteredPods.length - specReplicas(rs);
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => control.createPod(podFromTemplate(rs)));
  } else if (diff > 0) {
    const count = Math.min(diff, BURST_REPLICAS);
    for (const pod of getPodsToDelete(filteredPods, control.relatedPods(), count)) control.deletePod(pod);
  }
}

/** `calculateStatus`: counts over the active pods seen at the start of the sync. */
export function calculateStatus(rs: KubeObject, filteredPods: KubeObject[], now: number): Record<string, unknown> {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = typeof rs.spec?.minReadySeconds === 'number' ? rs.spec.minReadySeconds : 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (Object.entries(templateLabels).every(([k, v]) => pod.metadata.labels?.[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  return {
    replicas: filteredPods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 1,
  };
}

/** `syncReplicaSet`. */
export function syncReplicaSet(rs: KubeObject, control: ReplicaSetControl): void {
  const active = control.pods().filter(isPodActive);
  const filteredPods = claimPods(rs, active, control);
  if (rs.metadata.deletionTimestamp === undefined) manageReplicas(rs, filteredPods, control);
  const status = calculateStatus(rs, filteredPods, control.now());
  control.updateStatus(rs, status);
  const minReadySeconds = typeof rs.spec?.minReadySeconds === 'number' ? rs.spec.minReadySeconds : 0;
  // Upstream requeues after minReadySeconds when every pod is ready but not all are available yet.
  if (minReadySeconds > 0 && status.readyReplicas === specReplicas(rs) && status.availableReplicas !== specReplicas(rs)) {
    control.requeueAfter(minReadySeconds * 1000);
  }
}
