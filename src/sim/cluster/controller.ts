// The controller contract and its work queue. A controller names the kinds it watches and, for each
// watch event, the keys to enqueue; the engine calls `sync(key, ctx)` CONTROLLER_SYNC_DELAY_MS
// later. A key queued twice before it runs is synced once (dedupe), like client-go's workqueue.
import type { KubeObject, KubeletConfig } from '../api';
import type { ObjectStore, WatchEvent } from './store';
import type { SeededRandom } from './random';
import type { QueueItem, TimerQueue } from './clock';

export interface ControllerContext {
  readonly store: ObjectStore;
  readonly random: SeededRandom;
  /** The kubelet model in force (mutable through Cluster.setKubelet). */
  readonly kubelet: KubeletConfig;
  /** Free-form per-cluster state shared between controllers and cluster features (e.g. file data). */
  readonly shared: Map<string, unknown>;
  now(): number;
  /** Records a kubectl-style Event about `obj`. */
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Syncs `key` of the calling controller again after `ms` (upstream `AddAfter`). */
  requeueAfter(key: string, ms: number): void;
  /** Runs `fn` after `ms` simulated ms (timers of the kubelet model). */
  after(ms: number, fn: () => void): void;
}

export interface WatchSpec {
  kind: string;
  /** The keys this event should enqueue (usually `namespace/name` of the owner). */
  keys(event: WatchEvent, ctx: ControllerContext): string[];
}

export interface SyncResult {
  /** Sync this key again after this many ms (e.g. minReadySeconds). */
  requeueAfterMs?: number;
}

export interface Controller {
  readonly name: string;
  readonly watches: WatchSpec[];
  /** ms from a watch event to the sync it triggers; default CONTROLLER_SYNC_DELAY_MS. */
  readonly syncDelayMs?: number;
  sync(key: string, ctx: ControllerContext): SyncResult | void;
}

/** A controller is built once per cluster (it may keep private state, like the kubelet). */
export type ControllerFactory = () => Controller;

/**
 * The "no keys" answer of a watch: one shared empty array, since watchers run on every write and
 * most events concern no key of theirs. The engine only reads it.
 */
export const NO_KEYS: string[] = Object.freeze([]) as unknown as string[];

/** Keys are `namespace/name`. */
export function nameKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Key of the controller owner of `obj` when it is of `ownerKind` (upstream `resolveControllerRef`). */
export function controllerOwnerKey(obj: KubeObject, ownerKind: string): string[] {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref || ref.kind !== ownerKind) return [];
  return [nameKey(obj.metadata.namespace, ref.name)];
}

export type EngineItem =
  | { type: 'sync'; queue: WorkQueue; key: string }
  | { type: 'timer'; fn: () => void; label: string };

/** One controller's queue of pending keys over the engine's timer queue (dedupe + AddAfter). */
export class WorkQueue {
  private pending = new Map<string, QueueItem<EngineItem>>();
  /** The context the engine passes to this controller's syncs (set once by the engine). */
  ctx: ControllerContext | undefined;

  constructor(
    readonly controller: Controller,
    private readonly timers: TimerQueue<EngineItem>,
    private readonly now: () => number,
  ) {}

  /** Queues `key` to sync in `delayMs`; an earlier pending sync of the same key wins. */
  add(key: string, delayMs: number): void {
    const at = this.now() + Math.max(0, delayMs);
    const existing = this.pending.get(key);
    if (existing && !existing.cancelled) {
      if (existing.at <= at) return;
      this.timers.cancel(existing);
    }
    this.pending.set(key, this.timers.schedule(at, { type: 'sync', queue: this, key }));
  }

  /** Called by the engine just before the sync runs, so events during the sync re-queue the key. */
  started(key: string): void {
    this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }
}
