// StatefulSet status (stateful_set_control.go computeReplicaStatus / updateStatus /
// completeRollingUpdate / inconsistentStatus; stateful_set_status_updater.go).
import type { KubeObject } from '../../api';
import { getPodRevision, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './utils';

export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/** `computeReplicaStatus`: placeholders (no phase) are not counted; terminating pods count in replicas. */
export function computeReplicaStatus(pods: KubeObject[], minReadySeconds: number, now: number, currentRevision: string, updateRevision: string) {
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (isCreated(pod)) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) s.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const revision = getPodRevision(pod);
      if (revision === currentRevision) s.currentReplicas++;
      if (revision === updateRevision) s.updatedReplicas++;
    }
  }
  return s;
}

/** `updateStatus`: overwrite the counts of `status` from `pods`. */
export function updateStatus(status: StatefulSetStatus, minReadySeconds: number, now: number, pods: KubeObject[]): void {
  Object.assign(status, computeReplicaStatus(pods, minReadySeconds, now, status.currentRevision, status.updateRevision));
}

/** `completeRollingUpdate`: RollingUpdate only; when every pod is updated and ready. */
export function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): void {
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** `inconsistentStatus`: only these fields trigger a write (collisionCount alone does not). */
export function inconsistentStatus(set: KubeObject, status: StatefulSetStatus): boolean {
  const old = set.status ?? {};
  return (
    status.observedGeneration > (old.observedGeneration ?? 0) ||
    status.replicas !== (old.replicas ?? 0) ||
    status.currentReplicas !== (old.currentReplicas ?? 0) ||
    status.readyReplicas !== (old.readyReplicas ?? 0) ||
    status.updatedReplicas !== (old.updatedReplicas ?? 0) ||
    status.currentRevision !== (old.currentRevision ?? '') ||
    status.availableReplicas !== (old.availableReplicas ?? 0) ||
    status.updateRevision !== (old.updateRevision ?? '')
  );
}
