// Wiring of the StatefulSet controller (stateful_set.go): which watch events enqueue which set,
// pod adoption/release (ClaimPods), and the sync entry (sync → syncStatefulSet).
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { NO_KEYS, nameKey, splitKey } from '../../cluster/controller';
import { controllerRef, deepCopy } from '../../cluster/objects';
import { selectorMatches } from '../../cluster/labels';
import { StatefulSetControl } from './stateful-set-control';
import { storeSideEffects } from './stateful-pod-control';
import { allowsBurst, isMemberOf, minReadySeconds, newControllerRef, replicasOf } from './utils';
import { PodViews, type SetPodView } from './pod-view';

/** Error backoff: 5 ms doubling to 1000 s, like client-go's default controller rate limiter. */
const BASE_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 1_000_000;

/** `getPodStatefulSets`: sets in the pod's namespace whose selector matches an orphan pod. */
function setsForOrphan(pod: KubeObject, ctx: ControllerContext): string[] {
  return ctx.store
    .list('StatefulSet', pod.metadata.namespace)
    .filter((s) => selectorMatches(s.spec?.selector, pod.metadata.labels))
    .map((s) => nameKey(s.metadata.namespace, s.metadata.name));
}

// The one-key answer per controller reference object: a pod's ownerReferences are frozen and
// shared by all its versions, so most pod events reuse the same read-only array.
const keysOfRef = new WeakMap<object, string[]>();

function setKeysOf(pod: KubeObject, ref: { name: string }): string[] {
  let keys = Object.isFrozen(ref) ? keysOfRef.get(ref) : undefined;
  if (!keys) {
    keys = Object.freeze([nameKey(pod.metadata.namespace, ref.name)]) as unknown as string[];
    if (Object.isFrozen(ref)) keysOfRef.set(ref, keys);
  }
  return keys;
}

function podKeys(pod: KubeObject, old: KubeObject | undefined, ctx: ControllerContext): string[] {
  // The common case: the same controller reference before and after (or a new pod).
  const ref = controllerRef(pod);
  if (ref && ref.kind === 'StatefulSet') {
    const oldRef = old ? controllerRef(old) : undefined;
    if (!old || oldRef === ref || (oldRef?.kind === 'StatefulSet' && oldRef.name === ref.name && old.metadata.namespace === pod.metadata.namespace)) return setKeysOf(pod, ref);
  }
  // The old version's set, then the new one's (or, for an orphan, the sets that could adopt it),
  // without duplicates; built without a Set since this runs on every pod write.
  const keys: string[] = [];
  if (old) {
    const oldRef = controllerRef(old);
    if (oldRef && oldRef.kind === 'StatefulSet') keys.push(nameKey(old.metadata.namespace, oldRef.name));
  }
  if (ref) {
    if (ref.kind === 'StatefulSet') {
      const key = nameKey(pod.metadata.namespace, ref.name);
      if (keys[0] !== key) keys.push(key);
    }
  } else {
    for (const k of setsForOrphan(pod, ctx)) if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

// selector × labels results, memoized by the identity of the (frozen) selector and label objects.
const selectorHits = new WeakMap<object, WeakMap<object, boolean>>();

function podMatches(set: KubeObject, pod: KubeObject): boolean {
  const selector = set.spec?.selector;
  const labels = pod.metadata.labels;
  if (!selector || !labels || !Object.isFrozen(selector) || !Object.isFrozen(labels)) return selectorMatches(selector, labels) && isMemberOf(set, pod);
  let bySelector = selectorHits.get(selector);
  if (!bySelector) selectorHits.set(selector, (bySelector = new WeakMap()));
  let hit = bySelector.get(labels);
  if (hit === undefined) bySelector.set(labels, (hit = selectorMatches(selector, labels)));
  return hit && isMemberOf(set, pod);
}

/** `getPodsForStatefulSet` + `ClaimPods`: owned pods that still match, plus adopted orphans. */
export function getPodsForStatefulSet(set: KubeObject, ctx: ControllerContext): KubeObject[] {
  const store = ctx.store;
  const out: KubeObject[] = [];
  const deleting = set.metadata.deletionTimestamp !== undefined;
  for (const pod of store.listOwnedBy(set.metadata.uid ?? '', 'Pod')) {
    const ref = controllerRef(pod);
    if (!ref || ref.uid !== set.metadata.uid) continue;
    const matches = podMatches(set, pod);
    if (matches) out.push(pod);
    else if (!deleting) {
      // Release: remove our controller ref.
      const released = deepCopy(pod);
      released.metadata.ownerReferences = (released.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid);
      store.update(released);
    }
  }
  if (!deleting) out.push(...adoptOrphanPods(set, ctx));
  return out;
}

/** The adoption half of `ClaimPods`: orphans that match the selector get our controller ref. */
function adoptOrphanPods(set: KubeObject, ctx: ControllerContext): KubeObject[] {
  const store = ctx.store;
  const out: KubeObject[] = [];
  for (const pod of store.listOrphans('Pod', set.metadata.namespace)) {
    if (controllerRef(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
    if (!selectorMatches(set.spec?.selector, pod.metadata.labels) || !isMemberOf(set, pod)) continue;
    const adopted = deepCopy(pod);
    adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), newControllerRef(set)];
    out.push(store.update(adopted));
  }
  return out;
}

/**
 * The incremental view when the sync may use it: OrderedReady, no minReadySeconds (availability
 * would depend on the clock), not being deleted, and every owned pod in the plain shape. Orphans
 * are adopted first (their watch events land in the view), as getPodsForStatefulSet would.
 */
function fastView(set: KubeObject, ctx: ControllerContext, views: PodViews): SetPodView | undefined {
  if (!incrementalSync.enabled || set.metadata.deletionTimestamp !== undefined || allowsBurst(set) || minReadySeconds(set) > 0) return undefined;
  const view = views.viewOf(set, ctx.store);
  if (view.anomalies.size > 0) return undefined;
  adoptOrphanPods(set, ctx);
  return view.anomalies.size > 0 ? undefined : view;
}

/** Switch for the incremental path (tests compare runs with it off and on). */
export const incrementalSync = { enabled: true };

/** `adoptOrphanRevisions`: revisions without a controller that match the selector. */
function adoptOrphanRevisions(set: KubeObject, ctx: ControllerContext): void {
  if (set.metadata.deletionTimestamp !== undefined) return;
  // The store's orphan index answers "none" without listing every revision (the common case, each sync).
  if (ctx.store.listOrphans('ControllerRevision', set.metadata.namespace).length === 0) return;
  for (const rev of ctx.store.list('ControllerRevision', set.metadata.namespace)) {
    if (controllerRef(rev) || !selectorMatches(set.spec?.selector, rev.metadata.labels)) continue;
    if (!rev.metadata.name.startsWith(`${set.metadata.name}-`)) continue;
    const adopted = deepCopy(rev);
    adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), newControllerRef(set)];
    ctx.store.update(adopted);
  }
}

export function createStatefulSetController(): Controller {
  const failures = new Map<string, number>();
  const views = new PodViews();
  let control: StatefulSetControl | undefined;
  let controlCtx: ControllerContext | undefined;
  return {
    name: 'statefulset',
    watches: [
      {
        kind: 'StatefulSet',
        keys: (e) => {
          if (e.type === 'DELETED') views.forget(e.object.metadata.uid);
          return [nameKey(e.object.metadata.namespace, e.object.metadata.name)];
        },
      },
      {
        kind: 'Pod',
        keys: (e, ctx) => {
          views.podEvent(e.object, e.old, e.type === 'DELETED');
          return podKeys(e.object, e.old, ctx);
        },
      },
      // Claims do not enqueue a set (as upstream); they only mark their pod's slot in the view dirty.
      {
        kind: 'PersistentVolumeClaim',
        keys: (e) => {
          views.claimEvent(e.object);
          return NO_KEYS;
        },
      },
    ],
    sync(key, ctx) {
      const { namespace, name } = splitKey(key);
      const set = ctx.store.get('StatefulSet', namespace, name);
      if (!set) {
        failures.delete(key);
        return;
      }
      // A selector that matches nothing is a non-transient error: do not retry.
      if (!set.spec?.selector || (!set.spec.selector.matchLabels && !set.spec.selector.matchExpressions)) return;
      adoptOrphanRevisions(set, ctx);
      const view = fastView(set, ctx, views);
      const pods = view ? [] : getPodsForStatefulSet(set, ctx);
      // One control per context: its side-effect object holds only ctx-bound closures.
      if (!control || controlCtx !== ctx) {
        control = new StatefulSetControl(storeSideEffects(ctx));
        controlCtx = ctx;
      }
      const { status, error } = control.updateStatefulSet(set, pods, view);
      if (error !== undefined) {
        const n = (failures.get(key) ?? 0) + 1;
        failures.set(key, n);
        return { requeueAfterMs: Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(n, 30)) };
      }
      failures.delete(key);
      // syncStatefulSet requeues after minReadySeconds while availableReplicas != replicas; we requeue
      // only while some Ready pod is not yet available (readiness changes wake us anyway), so a
      // set with a never-ready pod still lets runUntilStable settle.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && status && status.availableReplicas !== replicasOf(set) && status.readyReplicas > status.availableReplicas) {
        return { requeueAfterMs: minReady * 1000 + 1 };
      }
      return;
    },
  };
}
