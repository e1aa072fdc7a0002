// Pod predicates shared by the workload controllers (pkg/api/v1/pod and pkg/controller helpers).
import type { KubeObject } from '../../api';

function readyCondition(pod: KubeObject): { status?: string; lastTransitionTime?: unknown } | undefined {
  const conditions = pod.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c: { type?: string }) => c && c.type === 'Ready');
}

/** `podutil.IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the Ready condition last changed (simulated ms), if known. */
export function podReadySince(pod: KubeObject): number | undefined {
  const t = readyCondition(pod)?.lastTransitionTime;
  return typeof t === 'number' ? t : undefined;
}

/** `podutil.IsPodAvailable`: ready for at least minReadySeconds (simulated ms `now`). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** `controller.IsPodActive`: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function maxContainerRestarts(pod: KubeObject): number {
  const statuses = pod.status?.containerStatuses;
  if (!Array.isArray(statuses)) return 0;
  let max = 0;
  for (const s of statuses) if (typeof s?.restartCount === 'number' && s.restartCount > max) max = s.restartCount;
  return max;
}
