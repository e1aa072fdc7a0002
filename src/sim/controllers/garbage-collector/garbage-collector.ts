// The garbage collector (pkg/controller/garbagecollector): deletes dependents whose owners are all
// gone (background cascade), deletes dependents before their owner when the owner carries the
// `foregroundDeletion` finalizer (waiting only for dependents with blockOwnerDeletion), and strips
// owner references when the owner carries the `orphan` finalizer.
import type { KubeObject } from '../../api';
import type { Controller, ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { GC_DELAY_MS } from '../../cluster/latency';
import { deepCopy } from '../../cluster/objects';
import { podDeleteGracePeriod } from '../../cluster/pod-deletion';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

function ignoreApiErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}

function deleteObject(ctx: ControllerContext, obj: KubeObject, propagationPolicy: 'Background' | 'Foreground'): void {
  if (obj.metadata.deletionTimestamp !== undefined && propagationPolicy === 'Background') return;
  ignoreApiErrors(() => {
    ctx.store.delete(obj.kind, obj.metadata.namespace, obj.metadata.name, {
      gracePeriodSeconds: obj.kind === 'Pod' ? podDeleteGracePeriod(obj, false) : 0,
      propagationPolicy,
      uid: obj.metadata.uid,
    });
  });
}

function removeFinalizer(ctx: ControllerContext, obj: KubeObject, finalizer: string): void {
  const copy = deepCopy(obj);
  copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers;
  ignoreApiErrors(() => ctx.store.update(copy));
}

/** `attemptToDeleteItem` for one dependent. */
function attemptToDeleteItem(ctx: ControllerContext, item: KubeObject): void {
  const refs = item.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  const solid: string[] = [];
  const dangling: string[] = [];
  let ownerWaiting = false;
  for (const ref of refs) {
    const owner = ctx.store.getByUid(ref.uid);
    if (!owner || owner.kind !== ref.kind) dangling.push(ref.uid);
    else if (owner.metadata.deletionTimestamp !== undefined && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) {
      ownerWaiting = true; // waitingForDependentsDeletion: not a solid owner
    } else solid.push(ref.uid);
  }
  if (solid.length > 0 && dangling.length > 0) {
    // Some owners remain: only drop the references to the vanished ones.
    const copy = deepCopy(item);
    copy.metadata.ownerReferences = refs.filter((r) => !dangling.includes(r.uid));
    ignoreApiErrors(() => ctx.store.update(copy));
    return;
  }
  if (solid.length > 0) return;
  deleteObject(ctx, item, ownerWaiting && ctx.store.listOwnedBy(item.metadata.uid ?? '').length > 0 ? 'Foreground' : 'Background');
}

export function createGarbageCollector(): Controller {
  return {
    name: 'garbage-collector',
    syncDelayMs: GC_DELAY_MS,
    watches: [
      {
        kind: '*',
        keys: (e, ctx) => {
          const o = e.object;
          const uid = o.metadata.uid ?? '';
          const keys: string[] = [];
          if (e.type === 'DELETED') {
            keys.push(`owner:${uid}`);
            for (const ref of o.metadata.ownerReferences ?? []) keys.push(`owner:${ref.uid}`);
            return keys;
          }
          if (o.metadata.deletionTimestamp !== undefined) {
            if (o.metadata.finalizers?.includes(FOREGROUND_FINALIZER) || o.metadata.finalizers?.includes(ORPHAN_FINALIZER)) keys.push(`owner:${uid}`);
            for (const ref of o.metadata.ownerReferences ?? []) keys.push(`owner:${ref.uid}`);
          }
          if (e.type === 'ADDED') {
            for (const ref of o.metadata.ownerReferences ?? []) if (!ctx.store.getByUid(ref.uid)) keys.push(`owner:${ref.uid}`);
          }
          return keys;
        },
      },
    ],
    sync(key, ctx) {
      const uid = key.slice('owner:'.length);
      const owner = ctx.store.getByUid(uid);
      // A live owner (the common case: a dependent is terminating) needs no work; list only after.
      if (owner && owner.metadata.deletionTimestamp === undefined) return;
      const dependents = ctx.store.listOwnedBy(uid);
      if (!owner) {
        for (const d of dependents) attemptToDeleteItem(ctx, d);
        return;
      }
      const finalizers = owner.metadata.finalizers ?? [];
      if (finalizers.includes(ORPHAN_FINALIZER)) {
        // orphanDependents: strip our references, then let the owner go.
        for (const d of dependents) {
          const copy = deepCopy(d);
          copy.metadata.ownerReferences = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (copy.metadata.ownerReferences.length === 0) delete copy.metadata.ownerReferences;
          ignoreApiErrors(() => ctx.store.update(copy));
        }
        removeFinalizer(ctx, ctx.store.getByUid(uid) ?? owner, ORPHAN_FINALIZER);
        return;
      }
      if (finalizers.includes(FOREGROUND_FINALIZER)) {
        for (const d of dependents) attemptToDeleteItem(ctx, d);
        const blocking = ctx.store.listOwnedBy(uid).filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true));
        if (blocking.length === 0) removeFinalizer(ctx, ctx.store.getByUid(uid) ?? owner, FOREGROUND_FINALIZER);
      }
    },
  };
}
