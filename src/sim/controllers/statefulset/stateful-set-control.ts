// The StatefulSet algorithm (stateful_set_control.go): revisions, then processReplica over the
// in-range pods, fixPodClaim and processCondemned over the condemned ones, then the update step.
import type { KubeObject } from '../../api';
import { ApiError } from '../../cluster/store';
import { StatefulPodControl, type StatefulSetSideEffects } from './stateful-pod-control';
import {
  allowsBurst, getEndOrdinal, getOrdinal, getPodRevision, getStartOrdinal, getStatefulSetMaxUnavailable,
  isCreated, isFailed, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating,
  isUnavailable, minReadySeconds, newVersionedStatefulSetPod, podInOrdinalRange, replicasOf, identityMatches,
  storageMatches,
} from './utils';
import {
  applyRevision, equalRevision, hashControllerRevision, getPatch, newRevision, nextRevision, revisionNumber,
  sortControllerRevisions, controllerRevisionName,
} from './history';
import { completeRollingUpdate, inconsistentStatus, updateStatus, type StatefulSetStatus } from './status-updater';
import type { SetPodView } from './pod-view';

/** Upstream slowStartBatch initial size. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** A shared empty list for the common "nothing to add" answer (read only). */
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];
/** Upper bound on collision retries when naming a revision. */
const MAX_COLLISION_RETRIES = 100;

/**
 * `slowStartBatch`: run `fn` over `count` items in batches of 1, 2, 4, …; stop after the first
 * batch with an error. Returns the number of successes and the first error.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: (i: number) => void): { successes: number; error?: unknown } {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: unknown;
    for (let i = 0; i < batch; i++) {
      try {
        fn(index + i);
        successes++;
      } catch (err) {
        error ??= err;
      }
    }
    index += batch;
    remaining -= batch;
    if (error !== undefined) return { successes, error };
  }
  return { successes };
}

/** `runForAll`: monotonic → sequential, stop at the first "stop" or error; burst → slowStartBatch. */
function runForAll(count: number, fn: (i: number) => boolean, monotonic: boolean): boolean {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (fn(i)) return true;
    return false;
  }
  const { error } = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, (i) => {
    fn(i);
  });
  if (error !== undefined) throw error;
  return false;
}

// identityMatches && storageMatches, memoized per (frozen pod, frozen set spec): both objects are
// replaced on every write, so a hit means neither changed since the last check.
const consistentFor = new WeakMap<object, object>();

function consistentPod(set: KubeObject, pod: KubeObject): boolean {
  const spec = set.spec as object;
  if (Object.isFrozen(pod) && Object.isFrozen(spec) && consistentFor.get(pod) === spec) return true;
  const ok = identityMatches(set, pod) && storageMatches(set, pod);
  if (ok && Object.isFrozen(pod) && Object.isFrozen(spec)) consistentFor.set(pod, spec);
  return ok;
}

/** spec.revisionHistoryLimit (unset or negative: no limit). */
function historyLimit(set: KubeObject): number {
  return typeof set.spec?.revisionHistoryLimit === 'number' && set.spec.revisionHistoryLimit >= 0 ? set.spec.revisionHistoryLimit : Infinity;
}

export interface SyncOutcome {
  status?: StatefulSetStatus;
  error?: unknown;
}

/** What a no-write getStatefulSetRevisions answer depended on besides the (frozen) set spec. */
interface RevisionMemo {
  name: string;
  namespace: string | undefined;
  uid: string | undefined;
  annotations: unknown;
  collisionCount: unknown;
  currentRevision: unknown;
  /** The revisions (frozen stored objects) it was computed from, in order. */
  sorted: KubeObject[];
  result: { current: KubeObject; update: KubeObject; collisionCount: number };
}

function memoHolds(memo: RevisionMemo, set: KubeObject, sorted: KubeObject[]): boolean {
  if (
    memo.name !== set.metadata.name || memo.namespace !== set.metadata.namespace || memo.uid !== set.metadata.uid ||
    memo.annotations !== set.metadata.annotations || memo.collisionCount !== set.status?.collisionCount ||
    memo.currentRevision !== set.status?.currentRevision || memo.sorted.length !== sorted.length
  ) return false;
  for (let i = 0; i < sorted.length; i++) if (memo.sorted[i] !== sorted[i]) return false;
  return true;
}

export class StatefulSetControl {
  readonly podControl: StatefulPodControl;
  /**
   * getStatefulSetRevisions answers that wrote nothing, by set spec object (frozen, replaced when
   * the spec changes): every sync of a set recomputes the candidate revision otherwise.
   */
  private readonly revisionMemo = new WeakMap<object, RevisionMemo>();

  constructor(readonly api: StatefulSetSideEffects) {
    this.podControl = new StatefulPodControl(api);
  }

  /**
   * `UpdateStatefulSet`: performUpdate, then truncateHistory (also after an error). With `view`
   * (an OrderedReady set whose pods are in the plain shape, see pod-view.ts) the pods come from
   * the incremental view and `pods` is ignored.
   */
  updateStatefulSet(set: KubeObject, pods: KubeObject[], view?: SetPodView): SyncOutcome {
    const revisions = sortControllerRevisions(this.api.listRevisions(set));
    // truncateHistory needs the pods' revisions as of now only when it may delete something: the
    // list it gets after the pass has at most one more revision (getStatefulSetRevisions creates one).
    const podRevisions = view && revisions.length + 1 > historyLimit(set) ? view.revisionNames() : NO_NAMES;
    let current: KubeObject | undefined;
    let update: KubeObject | undefined;
    let outcome: SyncOutcome;
    try {
      const r = this.getStatefulSetRevisions(set, revisions);
      current = r.current;
      update = r.update;
      if (view) {
        const result = this.updateStatefulSetPodsIncremental(set, r.current, r.update, r.collisionCount, view);
        outcome = this.finishUpdate(set, result);
      } else {
        outcome = this.performUpdate(set, pods, r.current, r.update, r.collisionCount);
      }
    } catch (err) {
      outcome = { error: err };
    }
    try {
      // The pass created at most one revision: with room for it under the limit there is nothing to truncate.
      if (revisions.length + 1 > historyLimit(set)) this.truncateHistory(set, view ? [] : pods, this.api.listRevisions(set), current, update, podRevisions);
    } catch (err) {
      outcome.error ??= err;
    }
    return outcome;
  }

  private performUpdate(set: KubeObject, pods: KubeObject[], current: KubeObject, update: KubeObject, collisionCount: number): SyncOutcome {
    return this.finishUpdate(set, this.updateStatefulSetPods(set, current, update, collisionCount, pods));
  }

  private finishUpdate(set: KubeObject, { status, error }: { status: StatefulSetStatus; error?: unknown }): SyncOutcome {
    try {
      this.updateStatefulSetStatus(set, status);
    } catch (err) {
      return { status, error: error ?? err };
    }
    return { status, error };
  }

  /** `getStatefulSetRevisions`: reuse the newest equal revision, roll back to an older equal one, or create. */
  getStatefulSetRevisions(set: KubeObject, sorted: KubeObject[]): { current: KubeObject; update: KubeObject; collisionCount: number } {
    const memo = set.spec && typeof set.spec === 'object' ? this.revisionMemo.get(set.spec) : undefined;
    if (memo && memoHolds(memo, set, sorted)) return memo.result;
    let collisionCount = Number(set.status?.collisionCount ?? 0);
    const candidate = newRevision(set, nextRevision(sorted), collisionCount);
    const equal = sorted.filter((r) => equalRevision(r, candidate));
    let update: KubeObject;
    if (equal.length > 0 && sorted[sorted.length - 1] === equal[equal.length - 1]) {
      update = sorted[sorted.length - 1];
      // No write on this path: the same inputs give the same answer next sync (see memoHolds).
      const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
      const result = { current, update, collisionCount };
      if (set.spec && typeof set.spec === 'object' && Object.isFrozen(set.spec) && sorted.every((r) => Object.isFrozen(r))) {
        this.revisionMemo.set(set.spec as object, {
          name: set.metadata.name, namespace: set.metadata.namespace, uid: set.metadata.uid, annotations: set.metadata.annotations,
          collisionCount: set.status?.collisionCount, currentRevision: set.status?.currentRevision, sorted, result,
        });
      }
      return result;
    } else if (equal.length > 0) {
      const older = equal[equal.length - 1];
      update = this.api.updateRevision({ ...older, revision: revisionNumber(candidate) } as KubeObject);
    } else {
      const created = this.createControllerRevision(set, candidate, collisionCount);
      update = created.revision;
      collisionCount = created.collisionCount;
    }
    const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  /** `history.CreateControllerRevision`: on a name collision with other data, bump collisionCount. */
  private createControllerRevision(set: KubeObject, candidate: KubeObject, collisionCount: number): { revision: KubeObject; collisionCount: number } {
    const patch = getPatch(set);
    for (let attempt = 0; attempt < MAX_COLLISION_RETRIES; attempt++) {
      const hash = hashControllerRevision(patch, collisionCount);
      const rev = { ...candidate, metadata: { ...candidate.metadata, name: controllerRevisionName(set.metadata.name, hash), labels: { ...candidate.metadata.labels, 'controller.kubernetes.io/hash': hash } } } as KubeObject;
      try {
        return { revision: this.api.createRevision(rev), collisionCount };
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
        const existing = this.api.getRevision(set.metadata.namespace, rev.metadata.name);
        if (existing && equalRevision(existing, rev)) return { revision: existing, collisionCount };
        collisionCount++;
      }
    }
    throw new Error(`could not find a free name for a ControllerRevision of ${set.metadata.name}`);
  }

  /** `updateStatefulSet`: one pass over the pods; returns the status to write. */
  updateStatefulSetPods(set: KubeObject, currentRevision: KubeObject, updateRevision: KubeObject, collisionCount: number, pods: KubeObject[]): { status: StatefulSetStatus; error?: unknown } {
    const now = this.api.now();
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const minReady = minReadySeconds(set);
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0,
      currentRevision: currentRevision.metadata.name,
      updateRevision: updateRevision.metadata.name,
      collisionCount,
    };
    // Every other return path recounts after the pass; only the deletion path uses this count.
    if (set.metadata.deletionTimestamp !== undefined) updateStatus(status, minReady, now, pods);

    const start = getStartOrdinal(set);
    const end = getEndOrdinal(set);
    const replicas: KubeObject[] = new Array(replicasOf(set));
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      const ordinal = getOrdinal(pod);
      if (podInOrdinalRange(pod, set)) replicas[ordinal - start] = pod;
      else if (ordinal >= 0) condemned.push(pod);
    }
    // Empty slots get their placeholder pod (newVersionedStatefulSetPod) lazily, when the pass
    // reaches them: OrderedReady stops at the first one, so building all N would be wasted work.
    const placeholder = (i: number): KubeObject =>
      (replicas[i] ??= newVersionedStatefulSetPod(currentSet, updateSet, currentRevision.metadata.name, updateRevision.metadata.name, start + i));
    void end;
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));

    // firstUnavailablePod (1.34+: availability-aware); a missing replica is unavailable.
    let firstUnhealthyPod: KubeObject | undefined;
    for (let i = 0; i < replicas.length; i++) {
      if (!replicas[i] || isUnavailable(replicas[i], minReady, now)) {
        firstUnhealthyPod = placeholder(i);
        break;
      }
    }
    if (!firstUnhealthyPod) {
      for (let i = condemned.length - 1; i >= 0; i--) {
        if (isUnavailable(condemned[i], minReady, now)) {
          firstUnhealthyPod = condemned[i];
          break;
        }
      }
    }

    if (set.metadata.deletionTimestamp !== undefined) return { status };

    const monotonic = !allowsBurst(set);
    const counted = () => [...replicas.filter((p) => p !== undefined), ...condemned];
    const finish = (error?: unknown) => {
      updateStatus(status, minReady, now, counted());
      return { status, error };
    };

    try {
      const processReplicaFn = (i: number) => {
        placeholder(i);
        return this.processReplica(set, updateSet, monotonic, replicas, i);
      };
      if (runForAll(replicas.length, processReplicaFn, monotonic)) return finish();
      const fixPodClaim = (i: number): boolean => {
        if (!this.podControl.claimsMatchRetentionPolicy(updateSet, condemned[i])) this.podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]);
        return false;
      };
      if (runForAll(condemned.length, fixPodClaim, monotonic)) return finish();
      if (runForAll(condemned.length, (i) => this.processCondemned(set, firstUnhealthyPod, monotonic, condemned, i), monotonic)) return finish();
    } catch (err) {
      return finish(err);
    }
    updateStatus(status, minReady, now, counted());
    if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
    try {
      this.updateStatefulSetAfterInvariantEstablished(set, replicas, updateRevision, status, now);
    } catch (err) {
      return { status, error: err };
    }
    return { status };
  }

  /**
   * `updateStatefulSetPods` for an OrderedReady set (minReadySeconds 0, not deleting, no condemned
   * pods) over the incremental view: the same decisions and writes as the full pass, but the
   * slots the view already checked are skipped and the counts come from the view's counters.
   */
  updateStatefulSetPodsIncremental(set: KubeObject, currentRevision: KubeObject, updateRevision: KubeObject, collisionCount: number, view: SetPodView): { status: StatefulSetStatus; error?: unknown } {
    // The sets with each revision's template, built on first use (most syncs touch one slot).
    let currentSet: KubeObject | undefined;
    let updateSet: KubeObject | undefined;
    const currentName = currentRevision.metadata.name;
    const updateName = updateRevision.metadata.name;
    // computeReplicaStatus over the pods as they were at the start of the sync (nothing wrote a pod yet).
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: view.createdCount,
      readyReplicas: view.readyCount,
      currentReplicas: view.liveOn(currentName),
      updatedReplicas: view.liveOn(updateName),
      availableReplicas: view.readyCount,
      currentRevision: currentName,
      updateRevision: updateName,
      collisionCount,
    };
    const start = view.start;
    // processReplica over the dirty slots in ordinal order; a clean slot holds a pod for which it
    // would return false without a write, so skipping it changes nothing.
    const popped: number[] = [];
    try {
      let cursor = -1;
      for (let i = view.popDirty(); i >= 0; i = view.popDirty()) {
        popped.push(i);
        if (i <= cursor) continue; // re-flagged by a write of this pass: the next pass sees it
        cursor = i;
        const pod = view.slots[i];
        updateSet ??= applyRevision(set, updateRevision);
        if (pod && this.isSettled(set, updateSet, pod)) {
          view.markClean(i);
          continue;
        }
        const target = pod ?? newVersionedStatefulSetPod((currentSet ??= applyRevision(set, currentRevision)), updateSet, currentName, updateName, start + i);
        if (this.processReplicaPod(set, updateSet, true, target)) return { status };
      }
    } catch (err) {
      return { status, error: err };
    } finally {
      view.requeue(popped);
    }
    if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
    try {
      // Every slot passed processReplica, so none is unavailable: updateStatefulSetAfterInvariantEstablished
      // deletes up to maxUnavailable pods, highest ordinal first, that are not on the update revision.
      const rolling = set.spec?.updateStrategy?.rollingUpdate;
      let updateMin = 0;
      let maxUnavailable = 1;
      if (rolling) {
        updateMin = Number(rolling.partition ?? 0);
        maxUnavailable = getStatefulSetMaxUnavailable(rolling.maxUnavailable, replicasOf(set));
      }
      view.staleScanFor(updateName);
      let deleted = 0;
      let lowering = true;
      for (let t = Math.min(view.staleTop, view.size - 1); t >= updateMin && deleted < maxUnavailable; t--) {
        const pod = view.slots[t];
        if (pod && getPodRevision(pod) !== updateName && !isTerminating(pod)) {
          lowering = false;
          this.podControl.deleteStatefulPod(set, pod);
          deleted++;
          status.currentReplicas--;
        } else if (lowering) {
          view.staleTop = t - 1;
        }
      }
    } catch (err) {
      return { status, error: err };
    }
    return { status };
  }

  /** True when processReplica (monotonic, minReadySeconds 0) returns false and writes nothing. */
  private isSettled(set: KubeObject, updateSet: KubeObject, pod: KubeObject): boolean {
    if (isFailed(pod) || isSucceeded(pod) || !isCreated(pod) || isPending(pod) || isTerminating(pod) || !isRunningAndReady(pod)) return false;
    let retentionMatch = true;
    try {
      retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet, pod);
    } catch {
      retentionMatch = true;
    }
    return retentionMatch && consistentPod(set, pod);
  }

  /** `processReplica`: returns true when the (monotonic) pass must stop. */
  processReplica(set: KubeObject, updateSet: KubeObject, monotonic: boolean, replicas: KubeObject[], i: number): boolean {
    return this.processReplicaPod(set, updateSet, monotonic, replicas[i]);
  }

  private processReplicaPod(set: KubeObject, updateSet: KubeObject, monotonic: boolean, pod: KubeObject): boolean {
    const minReady = minReadySeconds(set);
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!isTerminating(pod)) {
        if (isFailed(pod)) this.api.event(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating failed Pod ${pod.metadata.name}`);
        else this.api.event(set, 'Normal', 'RecreatingTerminatedPod', `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating terminated Pod ${pod.metadata.name}`);
        this.podControl.deleteStatefulPod(set, pod);
      }
      return true;
    }
    if (!isCreated(pod)) {
      if (this.podControl.podClaimIsStale(set, pod)) return true;
      this.podControl.createStatefulPod(set, pod);
      return monotonic;
    }
    if (isPending(pod)) this.podControl.createMissingPersistentVolumeClaims(set, pod);
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, minReady, this.api.now()) && monotonic) return true;
    let retentionMatch = true;
    try {
      retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet, pod);
    } catch {
      retentionMatch = true;
    }
    if (consistentPod(set, pod) && retentionMatch) return false;
    this.podControl.updateStatefulPod(updateSet, pod);
    return false;
  }

  /** `processCondemned`: delete the highest condemned pod when it is healthy or the first unhealthy one. */
  processCondemned(set: KubeObject, firstUnhealthyPod: KubeObject | undefined, monotonic: boolean, condemned: KubeObject[], i: number): boolean {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthyPod) return true;
    if (!isRunningAndAvailable(pod, minReadySeconds(set), this.api.now()) && monotonic && pod !== firstUnhealthyPod) return true;
    this.podControl.deleteStatefulPod(set, pod);
    return monotonic;
  }

  /**
   * `updateStatefulSetAfterInvariantEstablished` (MaxUnavailableStatefulSet, on by default in 1.35):
   * with maxUnavailable 1 this is the classic one-pod-at-a-time, highest-ordinal-first update.
   */
  updateStatefulSetAfterInvariantEstablished(set: KubeObject, replicas: KubeObject[], updateRevision: KubeObject, status: StatefulSetStatus, now: number): void {
    const rolling = set.spec?.updateStrategy?.rollingUpdate;
    let updateMin = 0;
    let maxUnavailable = 1;
    if (rolling) {
      updateMin = Number(rolling.partition ?? 0);
      maxUnavailable = getStatefulSetMaxUnavailable(rolling.maxUnavailable, replicasOf(set));
    }
    const minReady = minReadySeconds(set);
    let unavailable = 0;
    for (let t = replicas.length - 1; t >= 0; t--) if (isUnavailable(replicas[t], minReady, now)) unavailable++;
    if (unavailable >= maxUnavailable) return;
    const toDelete = maxUnavailable - unavailable;
    let deleted = 0;
    for (let t = replicas.length - 1; t >= updateMin && deleted < toDelete; t--) {
      const pod = replicas[t];
      if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
        this.podControl.deleteStatefulPod(set, pod);
        deleted++;
        status.currentReplicas--;
      }
    }
  }

  /** `updateStatefulSetStatus`: completeRollingUpdate, then write only when inconsistent. */
  updateStatefulSetStatus(set: KubeObject, status: StatefulSetStatus): void {
    completeRollingUpdate(set, status);
    if (!inconsistentStatus(set, status)) return;
    let target = set;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        this.api.updateSetStatus(target, { ...status });
        return;
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'Conflict')) throw err;
        const fresh = this.api.getSet(set.metadata.namespace, set.metadata.name);
        if (!fresh) return;
        target = fresh;
      }
    }
  }

  /** `truncateHistory`: keep live revisions and at most revisionHistoryLimit others (oldest go first). */
  truncateHistory(set: KubeObject, pods: KubeObject[], revisions: KubeObject[], current: KubeObject | undefined, update: KubeObject | undefined, podRevisions: string[] = []): void {
    const limit = historyLimit(set);
    if (revisions.length <= limit) return; // the non-live ones cannot be more
    const live = new Set<string>(podRevisions);
    if (current) live.add(current.metadata.name);
    if (update) live.add(update.metadata.name);
    for (const pod of pods) live.add(getPodRevision(pod));
    const history = sortControllerRevisions(revisions).filter((r) => !live.has(r.metadata.name));
    if (history.length <= limit) return;
    for (const rev of history.slice(0, history.length - limit)) this.api.deleteRevision(rev);
  }
}

export { isCreated };
