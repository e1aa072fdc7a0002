// Wiring of the StatefulSet controller (stateful_set.go): which watch events enqueue which set,
// pod adoption/release (ClaimPods), and the sync entry (sync → syncStatefulSet).
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { nameKey, splitKey } from '../../cluster/controller';
import { controllerRef, deepCopy } from '../../cluster/objects';
import { selectorMatches } from '../../cluster/labels';
import { StatefulSetControl } from './stateful-set-control';
import { storeSideEffects } from './stateful-pod-control';
import { isMemberOf, newControllerRef, replicasOf } from './utils';

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

function podKeys(pod: KubeObject, old: KubeObject | undefined, ctx: ControllerContext): string[] {
  const keys = new Set<string>();
  for (const p of old ? [old, pod] : [pod]) {
    const ref = controllerRef(p);
    if (ref) {
      if (ref.kind === 'StatefulSet') keys.add(nameKey(p.metadata.namespace, ref.name));
    } else if (p === pod) {
      for (const k of setsForOrphan(pod, ctx)) keys.add(k);
    }
  }
  return [...keys];
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
  if (!deleting) {
    for (const pod of store.listOrphans('Pod', set.metadata.namespace)) {
      if (controllerRef(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
      if (!selectorMatches(set.spec?.selector, pod.metadata.labels) || !isMemberOf(set, pod)) continue;
      const adopted = deepCopy(pod);
      adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), newControllerRef(set)];
      out.push(store.update(adopted));
    }
  }
  return out;
}

/** `adoptOrphanRevisions`: revisions without a controller that match the selector. */
function adoptOrphanRevisions(set: KubeObject, ctx: ControllerContext): void {
  if (set.metadata.deletionTimestamp !== undefined) return;
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
  return {
    name: 'statefulset',
    watches: [
      { kind: 'StatefulSet', keys: (e) => [nameKey(e.object.metadata.namespace, e.object.metadata.name)] },
      { kind: 'Pod', keys: (e, ctx) => podKeys(e.object, e.old, ctx) },
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
      const pods = getPodsForStatefulSet(set, ctx);
      const control = new StatefulSetControl(storeSideEffects(ctx));
      const { status, error } = control.updateStatefulSet(set, pods);
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
