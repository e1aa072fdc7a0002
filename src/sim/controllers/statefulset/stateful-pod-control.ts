// The StatefulSet controller's side effects behind a narrow interface (stateful_pod_control.go).
// Tests replace `StatefulSetSideEffects` with a fake; `storeSideEffects` is the real one.
import type { KubeObject } from '../../api';
import type { ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { deepCopy, deepEqual } from '../../cluster/objects';
import { podDeleteGracePeriod } from '../../cluster/pod-deletion';
import {
  claimNamesFor, claimOwnerRefsFor, getPersistentVolumeClaims, hasStaleOwnerRef, hasUnexpectedController, identityMatches,
  isClaimOwnerUpToDate, storageMatches, updateIdentity, updateStorage, getPersistentVolumeClaimRetentionPolicy,
} from './utils';

/** The API calls the algorithm makes; each may throw an ApiError. */
export interface StatefulSetSideEffects {
  now(): number;
  getClaim(namespace: string | undefined, name: string): KubeObject | undefined;
  createClaim(claim: KubeObject): KubeObject;
  updateClaim(claim: KubeObject): KubeObject;
  createPod(pod: KubeObject): KubeObject;
  updatePod(pod: KubeObject): KubeObject;
  deletePod(pod: KubeObject): void;
  getPod(namespace: string | undefined, name: string): KubeObject | undefined;
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** ControllerRevisions owned by the set (after adoption). */
  listRevisions(set: KubeObject): KubeObject[];
  createRevision(revision: KubeObject): KubeObject;
  updateRevision(revision: KubeObject): KubeObject;
  deleteRevision(revision: KubeObject): void;
  getRevision(namespace: string | undefined, name: string): KubeObject | undefined;
  updateSetStatus(set: KubeObject, status: Record<string, unknown>): KubeObject;
  getSet(namespace: string | undefined, name: string): KubeObject | undefined;
}

export function storeSideEffects(ctx: ControllerContext): StatefulSetSideEffects {
  const store = ctx.store;
  return {
    now: () => ctx.now(),
    getClaim: (ns, name) => store.get('PersistentVolumeClaim', ns, name),
    createClaim: (claim) => store.create(claim),
    updateClaim: (claim) => store.update(claim),
    createPod: (pod) => store.create(pod),
    updatePod: (pod) => {
      const old = store.get('Pod', pod.metadata.namespace, pod.metadata.name);
      // Pod validation: only metadata (and a few spec fields, none of ours) may change on a live pod.
      if (old && !deepEqual(old.spec?.volumes, pod.spec?.volumes)) {
        throw new ApiError('Invalid', `Pod "${pod.metadata.name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`, \`spec.initContainers[*].image\`, \`spec.activeDeadlineSeconds\`, \`spec.tolerations\` (only additions to existing tolerations) or \`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)`);
      }
      return store.update(pod);
    },
    deletePod: (pod) => {
      store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: podDeleteGracePeriod(pod, false), uid: pod.metadata.uid });
    },
    getPod: (ns, name) => store.get('Pod', ns, name),
    event: (obj, type, reason, message) => ctx.event(obj, type, reason, message),
    listRevisions: (set) => {
      // Owned revisions whose controller is this set (nearly always all of them: then no second array).
      const owned = store.listOwnedBy(set.metadata.uid ?? '', 'ControllerRevision');
      const controlled = (r: KubeObject) => r.metadata.ownerReferences?.some((o) => o.uid === set.metadata.uid && o.controller === true);
      return owned.every(controlled) ? owned : owned.filter(controlled);
    },
    createRevision: (rev) => store.create(rev),
    updateRevision: (rev) => store.update(rev),
    deleteRevision: (rev) => {
      store.delete('ControllerRevision', rev.metadata.namespace, rev.metadata.name, { uid: rev.metadata.uid });
    },
    getRevision: (ns, name) => store.get('ControllerRevision', ns, name),
    updateSetStatus: (set, status) => store.updateStatus({ ...set, status }),
    getSet: (ns, name) => store.get('StatefulSet', ns, name),
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `StatefulPodControl`. */
export class StatefulPodControl {
  constructor(readonly api: StatefulSetSideEffects) {}

  /** `recordPodEvent`. */
  private recordPodEvent(verb: string, set: KubeObject, pod: KubeObject, err?: unknown): void {
    if (err === undefined) {
      const reason = `Successful${verb[0].toUpperCase()}${verb.slice(1)}`;
      this.api.event(set, 'Normal', reason, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } else {
      const reason = `Failed${verb[0].toUpperCase()}${verb.slice(1)}`;
      this.api.event(set, 'Warning', reason, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`);
    }
  }

  /** `recordClaimEvent`. */
  private recordClaimEvent(verb: string, set: KubeObject, pod: KubeObject, claim: KubeObject, err?: unknown): void {
    if (err === undefined) {
      const reason = `Successful${verb[0].toUpperCase()}${verb.slice(1)}`;
      this.api.event(set, 'Normal', reason, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    } else {
      const reason = `Failed${verb[0].toUpperCase()}${verb.slice(1)}`;
      this.api.event(set, 'Warning', reason, `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(err)}`);
    }
  }

  /** `createPersistentVolumeClaims`: existing claims are reused as they are; deleting ones block. */
  createPersistentVolumeClaims(set: KubeObject, pod: KubeObject): void {
    const errors: string[] = [];
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const existing = this.api.getClaim(claim.metadata.namespace, claim.metadata.name);
      if (!existing) {
        try {
          this.api.createClaim(claim);
          this.recordClaimEvent('create', set, pod, claim);
        } catch (err) {
          errors.push(`failed to create PVC ${claim.metadata.name}: ${errorText(err)}`);
          if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) this.recordClaimEvent('create', set, pod, claim, err);
        }
      } else if (existing.metadata.deletionTimestamp !== undefined) {
        errors.push(`pvc ${claim.metadata.name} is being deleted`);
      }
    }
    if (errors.length > 0) throw new Error(errors.join('; '));
  }

  /** `createMissingPersistentVolumeClaims`. */
  createMissingPersistentVolumeClaims(set: KubeObject, pod: KubeObject): void {
    this.createPersistentVolumeClaims(set, pod);
    this.updatePodClaimForRetentionPolicy(set, pod);
  }

  /** `CreateStatefulPod`: PVCs first, then the pod, then the retention refs. */
  createStatefulPod(set: KubeObject, pod: KubeObject): void {
    try {
      this.createPersistentVolumeClaims(set, pod);
    } catch (err) {
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    let created: KubeObject;
    try {
      created = this.api.createPod(pod);
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      this.updatePodClaimForRetentionPolicy(set, created);
    } catch (err) {
      this.recordPodEvent('update', set, created, err);
      throw err;
    }
    this.recordPodEvent('create', set, created);
  }

  /** `UpdateStatefulPod`: repair identity, storage and claim refs, then one pod update. */
  updateStatefulPod(set: KubeObject, podIn: KubeObject): void {
    let pod = deepCopy(podIn);
    for (let attempt = 0; attempt < 5; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      if (!storageMatches(set, pod)) {
        updateStorage(set, pod);
        consistent = false;
        try {
          this.createPersistentVolumeClaims(set, pod);
        } catch (err) {
          this.recordPodEvent('update', set, pod, err);
          throw err;
        }
      }
      if (!this.claimsMatchRetentionPolicy(set, pod)) {
        try {
          this.updatePodClaimForRetentionPolicy(set, pod);
        } catch (err) {
          this.recordPodEvent('update', set, pod, err);
          throw err;
        }
      }
      if (consistent) return;
      try {
        this.api.updatePod(pod);
        this.recordPodEvent('update', set, pod);
        return;
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'Conflict') {
          const fresh = this.api.getPod(pod.metadata.namespace, pod.metadata.name);
          if (!fresh) throw err;
          pod = deepCopy(fresh);
          continue;
        }
        this.recordPodEvent('update', set, pod, err);
        throw err;
      }
    }
  }

  /** `DeleteStatefulPod`. */
  deleteStatefulPod(set: KubeObject, pod: KubeObject): void {
    try {
      this.api.deletePod(pod);
      this.recordPodEvent('delete', set, pod);
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') {
        this.recordPodEvent('delete', set, pod);
        return;
      }
      this.recordPodEvent('delete', set, pod, err);
      throw err;
    }
  }

  /** `ClaimsMatchRetentionPolicy`: claims missing from the store count as matching. */
  claimsMatchRetentionPolicy(set: KubeObject, pod: KubeObject): boolean {
    for (const name of claimNamesFor(set, pod)) {
      const existing = this.api.getClaim(set.metadata.namespace, name);
      if (!existing) continue;
      if (!isClaimOwnerUpToDate(existing, set, pod)) return false;
    }
    return true;
  }

  /** `UpdatePodClaimForRetentionPolicy`. */
  updatePodClaimForRetentionPolicy(set: KubeObject, pod: KubeObject): void {
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const existing = this.api.getClaim(claim.metadata.namespace, claim.metadata.name);
      if (!existing) continue; // a claim just created and not in the cache yet is skipped
      if (hasStaleOwnerRef(existing, set, 'StatefulSet') || hasStaleOwnerRef(existing, pod, 'Pod')) continue;
      if (hasUnexpectedController(existing, set, pod)) {
        this.api.event(set, 'Warning', 'ConflictingController', `PVC ${existing.metadata.name} is controlled by another object: the StatefulSet's retention policy does not apply to it`);
      }
      if (isClaimOwnerUpToDate(existing, set, pod)) continue;
      const refs = claimOwnerRefsFor(existing, set, pod);
      const updated = deepCopy(existing);
      updated.metadata.ownerReferences = refs;
      if (refs.length === 0) delete updated.metadata.ownerReferences;
      this.api.updateClaim(updated);
    }
  }

  /** `PodClaimIsStale`: only under whenScaled=Delete; a claim owned by an older pod of that name. */
  podClaimIsStale(set: KubeObject, pod: KubeObject): boolean {
    if (getPersistentVolumeClaimRetentionPolicy(set).whenScaled === 'Retain') return false;
    for (const name of claimNamesFor(set, pod)) {
      const existing = this.api.getClaim(set.metadata.namespace, name);
      if (existing && hasStaleOwnerRef(existing, pod, 'Pod')) return true;
    }
    return false;
  }
}
