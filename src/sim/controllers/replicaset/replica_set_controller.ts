// The ReplicaSet controller wired to the engine: what wakes it (ReplicaSets and their pods) and
// the store calls behind ReplicaSetControl (pkg/controller/replicaset/replica_set.go).
import type { KubeObject } from '../../api';
import { NO_KEYS, nameKey, splitKey, type Controller, type ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { applyDefaults } from '../../cluster/defaults';
import { selectorMatches } from '../../cluster/labels';
import { controllerRef } from '../../cluster/objects';
import { podDeleteGracePeriod } from '../../cluster/pod-deletion';
import type { ReplicaSetControl } from './replica_set_control';
import { syncReplicaSet } from './replica_set';

/** `getPodReplicaSets`: the ReplicaSets an orphan pod could be adopted by. */
function replicaSetsSelecting(pod: KubeObject, ctx: ControllerContext): string[] {
  return ctx.store
    .list('ReplicaSet', pod.metadata.namespace)
    .filter((rs) => selectorMatches(rs.spec?.selector, pod.metadata.labels))
    .map((rs) => nameKey(rs.metadata.namespace, rs.metadata.name));
}

function podKeys(pod: KubeObject | undefined, ctx: ControllerContext): string[] {
  if (!pod) return NO_KEYS;
  const ref = controllerRef(pod);
  if (ref) return ref.kind === 'ReplicaSet' ? [nameKey(pod.metadata.namespace, ref.name)] : NO_KEYS;
  return pod.metadata.deletionTimestamp === undefined ? replicaSetsSelecting(pod, ctx) : NO_KEYS;
}

/** `getIndirectlyRelatedPods`: pods of every ReplicaSet sharing this one's controller (a Deployment's sets). */
function relatedPods(rs: KubeObject, ctx: ControllerContext): KubeObject[] {
  const owner = controllerRef(rs);
  const sets = owner ? ctx.store.listOwnedBy(owner.uid, 'ReplicaSet') : [rs];
  const pods: KubeObject[] = [];
  for (const set of sets) for (const pod of ctx.store.listOwnedBy(set.metadata.uid ?? '', 'Pod')) pods.push(pod);
  return pods;
}

function control(rs: KubeObject, key: string, ctx: ControllerContext): ReplicaSetControl {
  const { store } = ctx;
  return {
    now: () => ctx.now(),
    pods: () => store.list('Pod', rs.metadata.namespace),
    relatedPods: () => relatedPods(rs, ctx),
    createPod: (pod) => {
      const draft = structuredClone(pod);
      applyDefaults(draft);
      try {
        const created = store.create(draft);
        ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
        return true;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        ctx.event(rs, 'Warning', 'FailedCreate', `Error creating: ${err.message}`);
        return false;
      }
    },
    deletePod: (pod) => {
      try {
        store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: podDeleteGracePeriod(pod, false), uid: pod.metadata.uid });
        ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        ctx.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`);
      }
    },
    setOwnerReferences: (pod, ownerReferences) => {
      const current = store.get('Pod', pod.metadata.namespace, pod.metadata.name);
      if (current) store.update({ ...current, metadata: { ...current.metadata, ownerReferences } });
    },
    updateStatus: (set, status) => {
      const current = store.get('ReplicaSet', set.metadata.namespace, set.metadata.name);
      if (current) store.updateStatus({ ...current, status: { ...(current.status ?? {}), ...status } });
    },
    event: (obj, type, reason, message) => ctx.event(obj, type, reason, message),
    requeueAfter: (ms) => ctx.requeueAfter(key, ms),
  };
}

export function createReplicaSetController(): Controller {
  return {
    name: 'replicaset',
    watches: [
      { kind: 'ReplicaSet', keys: (e) => [nameKey(e.object.metadata.namespace, e.object.metadata.name)] },
      {
        kind: 'Pod',
        // `addPod` / `updatePod` / `deletePod`: the owner, the old owner when it changed, or the sets that may adopt an orphan.
        keys: (e, ctx) => {
          const now = podKeys(e.object, ctx);
          const before = e.type === 'MODIFIED' ? podKeys(e.old, ctx) : NO_KEYS;
          if (before.length === 0 || (now.length === 1 && before.length === 1 && now[0] === before[0])) return now;
          return [...new Set([...now, ...before])];
        },
      },
    ],
    sync(key, ctx) {
      const { namespace, name } = splitKey(key);
      const rs = ctx.store.get('ReplicaSet', namespace, name);
      if (!rs) return;
      syncReplicaSet(rs, control(rs, key, ctx));
    },
  };
}
