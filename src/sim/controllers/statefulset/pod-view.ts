// An incremental view of one StatefulSet's pods, kept current from the controller's watch events,
// so that an OrderedReady sync does work in proportion to what changed instead of walking all N
// pods (see "Performance" in src/sim/README.md). It is a cache only: the sync uses it when the
// pods are in the plain shape (every owned pod matches, has an in-range ordinal, no duplicate
// ordinal) and falls back to the full upstream pass otherwise; test/sim/statefulset/pod-view.test.ts
// checks both paths produce the same runs.
import type { KubeObject } from '../../api';
import type { ObjectStore } from '../../cluster/store';
import { controllerRef } from '../../cluster/objects';
import { selectorMatches } from '../../cluster/labels';
import { getOrdinal, getPodRevision, getStartOrdinal, isCreated, isMemberOf, isRunningAndReady, isTerminating, replicasOf } from './utils';

/** Counts of the view's pods taken at the start of a sync (the pods the upstream pass would see). */
export interface PodViewSnapshot {
  created: number;
  ready: number;
  /** Created, non-terminating pods per controller-revision-hash label. */
  liveByRevision: Map<string, number>;
  /** Every pod's revision label (truncateHistory keeps these revisions). */
  revisions: string[];
}

/** A pod's key in its set's view: the name (a set's pods share its namespace), so no string is built per event. */
function podKey(pod: KubeObject): string {
  return pod.metadata.name;
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

export class SetPodView {
  readonly uid: string;
  /** The spec object the view was built for (stored objects are frozen and replaced on write). */
  readonly spec: unknown;
  readonly start: number;
  readonly size: number;
  /** In-range pods by ordinal − start. */
  readonly slots: (KubeObject | undefined)[];
  private readonly slotOf = new Map<string, number>();
  /** Owned pods outside the plain shape (no match, out of range, duplicate ordinal): the sync falls back. */
  readonly anomalies = new Set<string>();
  private created = 0;
  private ready = 0;
  private readonly liveByRevision = new Map<string, number>();
  private readonly allByRevision = new Map<string, number>();
  /**
   * Slots that need processReplica: empty ones, and pods that were not a no-op at their last
   * check or that an event (on the pod or its claims) touched since. The others are skipped by an
   * OrderedReady pass: processReplica would return false for them without a write.
   */
  readonly dirty: Uint8Array;
  /** Min-heap of the dirty slots (entries whose flag was cleared are stale and skipped). */
  private readonly heap: number[] = [];
  /** No pod above this slot is on a revision other than `staleFor` (and not terminating). */
  staleTop = -1;
  staleFor = '';

  constructor(private readonly set: KubeObject) {
    this.uid = set.metadata.uid ?? '';
    this.spec = set.spec;
    this.start = getStartOrdinal(set);
    this.size = replicasOf(set);
    this.slots = new Array(this.size);
    this.dirty = new Uint8Array(this.size).fill(1);
    for (let i = 0; i < this.size; i++) this.heap.push(i); // ascending: already a heap
  }

  /** Flags slot `index` for a check by the next pass. */
  markDirty(index: number): void {
    if (index < 0 || index >= this.size || this.dirty[index] === 1) return;
    this.dirty[index] = 1;
    this.push(index);
  }

  /** Clears the flag of a slot found to be a no-op (its heap entry is already popped). */
  markClean(index: number): void {
    this.dirty[index] = 0;
  }

  /** Pops the lowest dirty slot, or −1. A popped slot stays flagged until markClean or requeue. */
  popDirty(): number {
    while (this.heap.length > 0) {
      const top = this.pop();
      if (this.dirty[top] === 1) return top;
    }
    return -1;
  }

  /** Puts back flagged slots popped by a pass but still dirty. */
  requeue(indexes: number[]): void {
    for (const i of indexes) if (this.dirty[i] === 1) this.push(i);
  }

  private push(value: number): void {
    const h = this.heap;
    let i = h.length;
    h.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] <= value) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = value;
  }

  private pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && h[l + 1] < h[l] ? l + 1 : l;
        if (h[c] >= last) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  static build(set: KubeObject, store: ObjectStore): SetPodView {
    const view = new SetPodView(set);
    for (const pod of store.listOwnedBy(view.uid, 'Pod')) if (controllerRef(pod)?.uid === view.uid) view.add(pod);
    return view;
  }

  snapshot(): PodViewSnapshot {
    return { created: this.created, ready: this.ready, liveByRevision: new Map(this.liveByRevision), revisions: this.revisionNames() };
  }

  /** Created pods now (a sync reads the counts before its first write: no snapshot needed). */
  get createdCount(): number {
    return this.created;
  }

  get readyCount(): number {
    return this.ready;
  }

  /** Created, non-terminating pods on `revision` now. */
  liveOn(revision: string): number {
    return this.liveByRevision.get(revision) ?? 0;
  }

  /** Every pod's revision label now. */
  revisionNames(): string[] {
    return [...this.allByRevision.keys()];
  }

  /** Restart the "stale" scan when the update revision changed. */
  staleScanFor(revision: string): void {
    if (this.staleFor === revision) return;
    this.staleFor = revision;
    this.staleTop = this.size - 1;
  }

  add(pod: KubeObject): void {
    const key = podKey(pod);
    const index = getOrdinal(pod) - this.start;
    const plain =
      pod.metadata.namespace === this.set.metadata.namespace &&
      selectorMatches(this.set.spec?.selector, pod.metadata.labels) && isMemberOf(this.set, pod) &&
      getOrdinal(pod) >= 0 && index >= 0 && index < this.size && this.slots[index] === undefined;
    if (!plain) {
      this.anomalies.add(key);
      return;
    }
    this.slots[index] = pod;
    this.slotOf.set(key, index);
    this.count(pod, 1);
    this.markDirty(index);
    if (index > this.staleTop && getPodRevision(pod) !== this.staleFor && !isTerminating(pod)) this.staleTop = index;
  }

  remove(pod: KubeObject): void {
    const key = podKey(pod);
    if (this.anomalies.delete(key)) return;
    const index = this.slotOf.get(key);
    if (index === undefined) return;
    const stored = this.slots[index]!;
    this.slotOf.delete(key);
    this.slots[index] = undefined;
    this.count(stored, -1);
    this.markDirty(index);
  }

  /** A claim of one of our ordinals changed: its pod's retention check must run again. */
  claimChanged(claim: KubeObject): void {
    const m = /-([0-9]+)$/.exec(claim.metadata.name);
    if (!m || !claim.metadata.name.endsWith(`-${this.set.metadata.name}-${m[1]}`)) return;
    this.markDirty(Number(m[1]) - this.start);
  }

  private count(pod: KubeObject, by: number): void {
    const created = isCreated(pod);
    if (created) this.created += by;
    if (isRunningAndReady(pod)) this.ready += by;
    const revision = getPodRevision(pod);
    if (created && !isTerminating(pod)) bump(this.liveByRevision, revision, by);
    bump(this.allByRevision, revision, by);
  }
}

/** The views of one cluster's sets, by set uid, fed by the controller's Pod and claim watches. */
export class PodViews {
  private readonly byUid = new Map<string, SetPodView>();

  /** The current view of `set`, rebuilt when the set's spec changed or it holds anomalies. */
  viewOf(set: KubeObject, store: ObjectStore): SetPodView {
    const uid = set.metadata.uid ?? '';
    let view = this.byUid.get(uid);
    if (!view || view.spec !== set.spec || view.anomalies.size > 0) {
      view = SetPodView.build(set, store);
      this.byUid.set(uid, view);
    }
    return view;
  }

  forget(uid: string | undefined): void {
    if (uid !== undefined) this.byUid.delete(uid);
  }

  podEvent(pod: KubeObject, old: KubeObject | undefined, deleted: boolean): void {
    if (this.byUid.size === 0) return;
    if (old) {
      const ref = controllerRef(old);
      if (ref) this.byUid.get(ref.uid)?.remove(old);
    }
    if (!deleted) {
      const ref = controllerRef(pod);
      if (ref) this.byUid.get(ref.uid)?.add(pod);
    }
  }

  claimEvent(claim: KubeObject): void {
    for (const view of this.byUid.values()) view.claimChanged(claim);
  }
}
