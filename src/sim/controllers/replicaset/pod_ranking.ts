// Which pods a ReplicaSet deletes first on scale-down: upstream's deletion ranking, as a pure sort.
import type { KubeObject } from '../../api';
import { isPodReady, podReadySince, maxContainerRestarts, isPodActive } from './pod_state';

// podPhaseToOrdinal in pkg/controller/controller_utils.go: Pending < Unknown < Running.
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[DELETION_COST];
  if (raw === undefined || !/^-?\d+$/.test(raw)) return 0;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : 0;
}

/** A later timestamp first, an unknown one before any known one: upstream `afterOrZero`. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

export interface RankedPod {
  pod: KubeObject;
  /** How many related active pods share this pod's node (upstream `Rank`). */
  rank: number;
}

/**
 * True when `a` should be deleted before `b`. Mirrors `ActivePodsWithRanks.Less` as of v1.20
 * (LogarithmicScaleDown off, which is what the traces recorded), plus pod-deletion-cost (1.21+).
 */
export function preferForDeletion(a: RankedPod, b: RankedPod): boolean {
  const nodeA = a.pod.spec?.nodeName ?? '';
  const nodeB = b.pod.spec?.nodeName ?? '';
  // 1. Unassigned < assigned.
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  // 2. Pending < Unknown < Running.
  const phaseA = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA < phaseB;
  // 3. Not ready < ready.
  const readyA = isPodReady(a.pod);
  const readyB = isPodReady(b.pod);
  if (readyA !== readyB) return !readyA;
  // 4. Lower pod-deletion-cost < higher.
  const costA = deletionCost(a.pod);
  const costB = deletionCost(b.pod);
  if (costA !== costB) return costA < costB;
  // 5. Doubled up < not doubled up: more co-located pods first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for a shorter time < ready longer.
  if (readyA && readyB) {
    const sinceA = podReadySince(a.pod);
    const sinceB = podReadySince(b.pod);
    if (sinceA !== sinceB) return afterOrZero(sinceA, sinceB);
  }
  // 7. More container restarts first.
  const restartsA = maxContainerRestarts(a.pod);
  const restartsB = maxContainerRestarts(b.pod);
  if (restartsA !== restartsB) return restartsA > restartsB;
  // 8. Newer creation first.
  const createdA = a.pod.metadata.creationTimestamp;
  const createdB = b.pod.metadata.creationTimestamp;
  if (createdA !== createdB) return afterOrZero(createdA, createdB);
  return false;
}

/** Ranks each pod by the active related pods on its node: `getPodsRankedByRelatedPodsOnSameNode`. */
export function rankByRelatedPodsOnSameNode(podsToRank: KubeObject[], relatedPods: KubeObject[]): RankedPod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/** The `diff` pods to delete, best candidates first: `getPodsToDelete`. */
export function getPodsToDelete(filteredPods: KubeObject[], relatedPods: KubeObject[], diff: number): KubeObject[] {
  if (diff <= 0) return [];
  if (diff >= filteredPods.length) return [...filteredPods];
  const ranked = rankByRelatedPodsOnSameNode(filteredPods, relatedPods);
  // A stable sort with upstream's Less, so equal pods keep their listing order.
  ranked.sort((a, b) => (preferForDeletion(a, b) ? -1 : preferForDeletion(b, a) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
