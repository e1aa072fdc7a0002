// Adoption and release by selector (pkg/controller/controller_ref_manager.go), shared by the
// ReplicaSet controller (its pods) and the Deployment controller (its ReplicaSets).
import type { KubeObject, OwnerReference } from '../../api';
import { controllerRef } from '../../cluster/objects';

/**
 * `BaseControllerRefManager.ClaimObject` over `candidates`: keep the owned objects that still match,
 * release the owned ones that no longer do, adopt matching orphans. A deleting owner only keeps.
 * `write` stores new ownerReferences and returns the stored object.
 */
export function claimObjects(
  owner: KubeObject,
  ownerRef: OwnerReference,
  candidates: KubeObject[],
  matches: (obj: KubeObject) => boolean,
  write: (obj: KubeObject, ownerReferences: OwnerReference[]) => KubeObject,
): KubeObject[] {
  const claimed: KubeObject[] = [];
  const deleting = owner.metadata.deletionTimestamp !== undefined;
  for (const obj of candidates) {
    const ref = controllerRef(obj);
    const match = matches(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (match) claimed.push(obj);
      else if (!deleting) write(obj, (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid));
      continue;
    }
    if (!match || deleting || obj.metadata.deletionTimestamp !== undefined) continue;
    claimed.push(write(obj, [...(obj.metadata.ownerReferences ?? []), ownerRef]));
  }
  return claimed;
}
