// The object store: the API server's storage as the controllers see it. Every write replaces a
// frozen object (older versions stay valid, so snapshots share structure), bumps a cluster-wide
// resourceVersion, bumps metadata.generation when the spec changes, and notifies watchers
// synchronously. Indexes by kind, uid and owner uid keep controller lookups off full scans.
import type { KubeObject } from '../api';
import type { SimulatedClock } from './clock';
import type { SeededRandom } from './random';
import { copySharingFrozen, deepEqual, deepEqualExcept, deepFreeze } from './objects';
import { selectorMatches, labelsMatch, type LabelSelector } from './labels';
import { applyDefaults } from './defaults';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  /** The object after the write (for DELETED: the last stored version). */
  object: KubeObject;
  /** The object before the write (MODIFIED and DELETED). */
  old?: KubeObject;
}

export type WatchListener = (event: WatchEvent) => void;

export type ApiErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid';

export class ApiError extends Error {
  constructor(
    readonly reason: ApiErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Kinds without a namespace. */
export const CLUSTER_SCOPED_KINDS = new Set(['PersistentVolume', 'StorageClass', 'Node', 'Namespace', 'ClusterRole', 'ClusterRoleBinding']);

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function keyOf(obj: KubeObject): string {
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name);
}

export interface DeleteRequest {
  /** Seconds before removal; 0 removes at once (unless finalizers hold the object). */
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Precondition: only delete this incarnation. */
  uid?: string;
}

/** One entry of the change log that `history()` folds into snapshots. */
export interface ChangeRecord {
  t: number;
  key: string;
  object: KubeObject | undefined;
}

function hasControllerRef(refs: KubeObject['metadata']['ownerReferences']): boolean {
  if (!refs) return false;
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return true;
  return false;
}

export class ObjectStore {
  private byKind = new Map<string, Map<string, KubeObject>>();
  /**
   * The same objects by kind, namespace ('' when cluster-scoped) and name: `get` runs tens of
   * thousands of times per large run, and three lookups of existing strings beat building a key.
   */
  private byName = new Map<string, Map<string, Map<string, KubeObject>>>();
  private byUid = new Map<string, KubeObject>();
  private byOwner = new Map<string, Set<string>>();
  /** The same index per owner uid then kind, so a set's few revisions are not found among its N pods. */
  private byOwnerKind = new Map<string, Map<string, Set<string>>>();
  /** Keys of objects without a controller reference, per kind (adoption candidates). */
  private orphans = new Map<string, Set<string>>();
  private listeners: WatchListener[] = [];
  private resourceVersion = 0;
  /** Every write in order; the cluster trims it (see history.ts). */
  readonly changes: ChangeRecord[] = [];

  constructor(
    private readonly clock: SimulatedClock,
    private readonly random: SeededRandom,
    readonly defaultNamespace = 'default',
  ) {}

  watch(listener: WatchListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const ns = CLUSTER_SCOPED_KINDS.has(kind) ? '' : (namespace ?? this.defaultNamespace);
    return this.byName.get(kind)?.get(ns)?.get(name);
  }

  getByUid(uid: string): KubeObject | undefined {
    return this.byUid.get(uid);
  }

  /** Objects of `kind`, in creation order (insertion order of the index). */
  list(kind: string, namespace?: string, selector?: LabelSelector | Record<string, string>): KubeObject[] {
    const out: KubeObject[] = [];
    const objects = this.byKind.get(kind);
    if (!objects) return out;
    const isSelector = selector !== undefined && ('matchLabels' in selector || 'matchExpressions' in selector);
    for (const obj of objects.values()) {
      if (namespace !== undefined && !CLUSTER_SCOPED_KINDS.has(kind) && (obj.metadata.namespace ?? '') !== namespace) continue;
      if (selector !== undefined) {
        const ok = isSelector
          ? selectorMatches(selector as LabelSelector, obj.metadata.labels)
          : labelsMatch(selector as Record<string, string>, obj.metadata.labels);
        if (!ok) continue;
      }
      out.push(obj);
    }
    return out;
  }

  /** Objects with an ownerReference to `ownerUid` (any kind, or only `kind`). */
  listOwnedBy(ownerUid: string, kind?: string): KubeObject[] {
    const keys = kind === undefined ? this.byOwner.get(ownerUid) : this.byOwnerKind.get(ownerUid)?.get(kind);
    if (!keys) return [];
    const out: KubeObject[] = [];
    for (const key of keys) {
      const k = kind ?? key.slice(0, key.indexOf('/'));
      const obj = this.byKind.get(k)?.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Objects of `kind` with no controller reference (candidates for adoption). */
  listOrphans(kind: string, namespace?: string): KubeObject[] {
    const keys = this.orphans.get(kind);
    const objects = this.byKind.get(kind);
    if (!keys || !objects) return [];
    const out: KubeObject[] = [];
    for (const key of keys) {
      const obj = objects.get(key);
      if (obj && (namespace === undefined || (obj.metadata.namespace ?? '') === namespace)) out.push(obj);
    }
    return out;
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  all(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const m of this.byKind.values()) for (const o of m.values()) out.push(o);
    return out;
  }

  get size(): number {
    let n = 0;
    for (const m of this.byKind.values()) n += m.size;
    return n;
  }

  /** POST: assigns namespace, name (generateName), uid, resourceVersion, generation, creationTimestamp. */
  /**
   * `options.uid`: for objects the cluster itself bootstraps (its nodes), whose uids come from a
   * stream of their own so that the main random stream (pod names, uids, IPs) stays as it was.
   */
  create(input: KubeObject, options: { uid?: string } = {}): KubeObject {
    const obj = copySharingFrozen(input); // frozen parts come from stored, already defaulted objects
    obj.metadata = obj.metadata ?? ({} as KubeObject['metadata']);
    applyDefaults(obj); // the API server defaults every object it stores
    if (CLUSTER_SCOPED_KINDS.has(obj.kind)) delete obj.metadata.namespace;
    else obj.metadata.namespace = obj.metadata.namespace || this.defaultNamespace;
    if (!obj.metadata.name) {
      if (!obj.metadata.generateName) throw new ApiError('Invalid', `${obj.kind}: metadata.name or metadata.generateName is required`);
      // Upstream retries a taken generated name; so do we (bounded).
      for (let i = 0; i < 100; i++) {
        const name = obj.metadata.generateName + this.random.suffix(5);
        if (!this.get(obj.kind, obj.metadata.namespace, name)) {
          obj.metadata.name = name;
          break;
        }
      }
    }
    const key = keyOf(obj);
    if (this.byKind.get(obj.kind)?.has(key)) {
      throw new ApiError('AlreadyExists', `${obj.kind} "${obj.metadata.name}" already exists`);
    }
    obj.metadata.uid = options.uid ?? this.random.uid();
    obj.metadata.creationTimestamp = this.clock.now();
    obj.metadata.generation = 1;
    // Only when present: deleting a property makes the object a slow dictionary-mode one.
    if ('deletionTimestamp' in obj.metadata) delete obj.metadata.deletionTimestamp;
    if ('deletionGracePeriodSeconds' in obj.metadata) delete obj.metadata.deletionGracePeriodSeconds;
    this.commit(key, obj, undefined);
    return this.get(obj.kind, obj.metadata.namespace, obj.metadata.name)!;
  }

  /** PUT: metadata (but identity fields), spec and other top-level fields; status is kept. */
  update(input: KubeObject): KubeObject {
    const old = this.mustGet(input);
    // Frozen subtrees (parts of stored versions) are shared, not copied: they are immutable and
    // already defaulted, so the defaulters below never write into them.
    const obj = copySharingFrozen(input);
    obj.status = old.status;
    applyDefaults(obj);
    const { deletionTimestamp: _dt, deletionGracePeriodSeconds: _dg, ...rest } = obj.metadata;
    // Identity and deletion fields come from the stored version (absent ones stay absent: no
    // `delete`, which would turn the metadata into a slow dictionary-mode object).
    obj.metadata = {
      ...rest,
      name: old.metadata.name,
      namespace: old.metadata.namespace,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      ...(old.metadata.deletionTimestamp === undefined ? {} : { deletionTimestamp: old.metadata.deletionTimestamp }),
      ...(old.metadata.deletionGracePeriodSeconds === undefined ? {} : { deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds }),
      generation: old.metadata.generation,
    };
    if (!deepEqual(old.spec, obj.spec)) obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
    if (this.sameContent(old, obj)) return old;
    // Removing the last finalizer of an object being deleted completes the deletion.
    if (old.metadata.deletionTimestamp !== undefined && !(obj.metadata.finalizers?.length) && !(obj.kind === 'Pod' && (old.metadata.deletionGracePeriodSeconds ?? 0) > 0)) {
      this.commit(keyOf(old), obj, old);
      this.remove(keyOf(old));
      return obj;
    }
    this.commit(keyOf(old), obj, old);
    return this.get(old.kind, old.metadata.namespace, old.metadata.name)!;
  }

  /** PUT .../status: only status changes. */
  updateStatus(input: KubeObject): KubeObject {
    const old = this.mustGet(input);
    if (deepEqual(old.status, input.status)) return old;
    const obj: KubeObject = { ...old, status: copySharingFrozen(input.status) };
    this.commit(keyOf(old), obj, old);
    return this.get(old.kind, old.metadata.namespace, old.metadata.name)!;
  }

  /**
   * POST pods/NAME/binding (`BindingREST.Create` → `setPodHostAndAnnotations`): sets spec.nodeName
   * and the PodScheduled=True condition in ONE write (one watch event), as the API server does.
   * Conflict when the pod is already bound or being deleted. The result equals an update of
   * spec.nodeName followed by a status write of the condition, minus the intermediate version.
   */
  bindPod(namespace: string | undefined, name: string, nodeName: string, uid?: string): KubeObject {
    const old = this.get('Pod', namespace, name);
    if (!old) throw new ApiError('NotFound', `Pod "${name}" not found`);
    if (uid !== undefined && uid !== old.metadata.uid) {
      throw new ApiError('Conflict', `Pod "${name}": the object was replaced (uid precondition failed)`);
    }
    if (old.metadata.deletionTimestamp !== undefined) throw new ApiError('Conflict', `pod ${name} is being deleted, cannot be assigned to a host`);
    if (old.spec?.nodeName) throw new ApiError('Conflict', `pod ${name} is already assigned to node "${old.spec.nodeName}"`);
    const t = this.clock.now();
    const conditions: any[] = Array.isArray(old.status?.conditions) ? [...old.status.conditions] : [];
    const i = conditions.findIndex((c) => c?.type === 'PodScheduled');
    // podutil.UpdatePodCondition: the transition time moves only when the status changes.
    if (i < 0) conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: t });
    else if (conditions[i].status !== 'True') conditions[i] = { ...conditions[i], status: 'True', lastTransitionTime: t };
    const obj: KubeObject = {
      ...old,
      metadata: { ...old.metadata, generation: (old.metadata.generation ?? 1) + 1 },
      spec: { ...old.spec, nodeName },
      status: { ...old.status, conditions },
    };
    this.commit(keyOf(old), obj, old);
    return obj;
  }

  /**
   * DELETE. Finalizers or a grace period mark the object (deletionTimestamp) instead of removing it;
   * Foreground/Orphan propagation add their finalizer (the garbage collector honours it).
   * Returns the object after the call (marked) or the removed one, or undefined when absent.
   */
  delete(kind: string, namespace: string | undefined, name: string, request: DeleteRequest = {}): KubeObject | undefined {
    const old = this.get(kind, namespace, name);
    if (!old) throw new ApiError('NotFound', `${kind} "${name}" not found`);
    if (request.uid !== undefined && request.uid !== old.metadata.uid) {
      throw new ApiError('Conflict', `${kind} "${name}": the object was replaced (uid precondition failed)`);
    }
    const key = keyOf(old);
    const grace = request.gracePeriodSeconds ?? 0;
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (old.metadata.deletionTimestamp === undefined) {
      if (request.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      if (request.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    }
    if (finalizers.length === 0 && grace === 0) {
      // Pods have a graceful strategy: even grace 0 is written as a deletionTimestamp first
      // (updateForGracefulDeletionAndFinalizers), then removed at once.
      if (old.kind === 'Pod' && old.metadata.deletionTimestamp === undefined) {
        this.commit(key, { ...old, metadata: { ...old.metadata, deletionTimestamp: this.clock.now(), deletionGracePeriodSeconds: 0 } }, old);
      }
      this.remove(key);
      return old;
    }
    const alreadyShorter = old.metadata.deletionTimestamp !== undefined && (old.metadata.deletionGracePeriodSeconds ?? 0) <= grace;
    if (alreadyShorter && deepEqual(finalizers, old.metadata.finalizers ?? [])) return old;
    const metadata = { ...old.metadata, deletionTimestamp: old.metadata.deletionTimestamp ?? this.clock.now(), deletionGracePeriodSeconds: grace };
    if (finalizers.length > 0) metadata.finalizers = finalizers;
    this.commit(key, { ...old, metadata }, old);
    return this.get(kind, namespace, name);
  }

  private mustGet(input: KubeObject): KubeObject {
    const old = this.get(input.kind, input.metadata?.namespace, input.metadata?.name);
    if (!old) throw new ApiError('NotFound', `${input.kind} "${input.metadata?.name}" not found`);
    if (input.metadata.uid !== undefined && input.metadata.uid !== old.metadata.uid) {
      throw new ApiError('Conflict', `${input.kind} "${input.metadata.name}": the object was replaced (uid precondition failed)`);
    }
    if (input.metadata.resourceVersion !== undefined && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw new ApiError('Conflict', `Operation cannot be fulfilled on ${input.kind} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    return old;
  }

  private sameContent(a: KubeObject, b: KubeObject): boolean {
    // Everything but metadata.resourceVersion (both always carry metadata).
    const ra = a as unknown as Record<string, unknown>;
    const rb = b as unknown as Record<string, unknown>;
    return deepEqualExcept(ra, rb, 'metadata') && deepEqualExcept(a.metadata as unknown as Record<string, unknown>, b.metadata as unknown as Record<string, unknown>, 'resourceVersion');
  }

  private commit(key: string, obj: KubeObject, old: KubeObject | undefined): void {
    // Callers hand over fresh objects; only a shared (frozen) metadata needs a copy.
    if (Object.isFrozen(obj.metadata)) obj.metadata = { ...obj.metadata, resourceVersion: String(++this.resourceVersion) };
    else obj.metadata.resourceVersion = String(++this.resourceVersion);
    deepFreeze(obj);
    let objects = this.byKind.get(obj.kind);
    if (!objects) this.byKind.set(obj.kind, (objects = new Map()));
    objects.set(key, obj);
    let byNamespace = this.byName.get(obj.kind);
    if (!byNamespace) this.byName.set(obj.kind, (byNamespace = new Map()));
    const ns = obj.metadata.namespace ?? '';
    let named = byNamespace.get(ns);
    if (!named) byNamespace.set(ns, (named = new Map()));
    named.set(obj.metadata.name, obj);
    this.byUid.set(obj.metadata.uid!, obj);
    if (old && old.metadata.ownerReferences === obj.metadata.ownerReferences) this.touchOwners(key, obj);
    else {
      if (old) this.unindexOwners(key, old);
      this.indexOwners(key, obj);
    }
    this.changes.push({ t: this.clock.now(), key, object: obj });
    this.notify({ type: old ? 'MODIFIED' : 'ADDED', object: obj, old });
  }

  private remove(key: string): void {
    const kind = key.slice(0, key.indexOf('/'));
    const objects = this.byKind.get(kind);
    const old = objects?.get(key);
    if (!objects || !old) return;
    objects.delete(key);
    this.byName.get(kind)?.get(old.metadata.namespace ?? '')?.delete(old.metadata.name);
    if (this.byUid.get(old.metadata.uid!) === old) this.byUid.delete(old.metadata.uid!);
    this.unindexOwners(key, old);
    this.changes.push({ t: this.clock.now(), key, object: undefined });
    this.notify({ type: 'DELETED', object: old, old });
  }

  private indexOwners(key: string, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!hasControllerRef(refs)) {
      let keys = this.orphans.get(obj.kind);
      if (!keys) this.orphans.set(obj.kind, (keys = new Set()));
      keys.add(key);
    }
    if (!refs) return;
    for (const ref of refs) {
      let keys = this.byOwner.get(ref.uid);
      if (!keys) this.byOwner.set(ref.uid, (keys = new Set()));
      keys.add(key);
      let kinds = this.byOwnerKind.get(ref.uid);
      if (!kinds) this.byOwnerKind.set(ref.uid, (kinds = new Map()));
      let ofKind = kinds.get(obj.kind);
      if (!ofKind) kinds.set(obj.kind, (ofKind = new Set()));
      ofKind.add(key);
    }
  }

  /**
   * unindexOwners + indexOwners for a write that kept the ownerReferences array: the same sets,
   * so only the key's position changes (it moves to the end, as a delete and re-add does;
   * listOwnedBy order is the order of last writes and controllers see it).
   */
  private touchOwners(key: string, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!hasControllerRef(refs)) {
      const keys = this.orphans.get(obj.kind)!;
      keys.delete(key);
      keys.add(key);
    }
    if (!refs) return;
    for (const ref of refs) {
      const keys = this.byOwner.get(ref.uid)!;
      keys.delete(key);
      keys.add(key);
      const ofKind = this.byOwnerKind.get(ref.uid)!.get(obj.kind)!;
      ofKind.delete(key);
      ofKind.add(key);
    }
  }

  private unindexOwners(key: string, obj: KubeObject): void {
    this.orphans.get(obj.kind)?.delete(key);
    const refs = obj.metadata.ownerReferences;
    if (!refs) return;
    for (const ref of refs) {
      const keys = this.byOwner.get(ref.uid);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byOwner.delete(ref.uid);
      const kinds = this.byOwnerKind.get(ref.uid);
      const ofKind = kinds?.get(obj.kind);
      if (kinds && ofKind) {
        ofKind.delete(key);
        if (ofKind.size === 0) {
          kinds.delete(obj.kind);
          if (kinds.size === 0) this.byOwnerKind.delete(ref.uid);
        }
      }
    }
  }

  private notify(event: WatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
