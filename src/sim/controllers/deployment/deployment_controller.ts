// The Deployment controller wired to the engine: what wakes it and the store calls behind
// DeploymentControl (pkg/controller/deployment/deployment_controller.go).
import type { KubeObject } from '../../api';
import { controllerOwnerKey, nameKey, splitKey, type Controller, type ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { selectorMatches } from '../../cluster/labels';
import { controllerRef } from '../../cluster/objects';
import type { DeploymentControl } from './deployment_control';
import { claimObjects } from '../replicaset';
import { syncDeployment } from './rollout';

/** `getDeploymentsForReplicaSet`: the Deployments an orphan ReplicaSet could be adopted by. */
function deploymentsSelecting(rs: KubeObject, ctx: ControllerContext): string[] {
  return ctx.store
    .list('Deployment', rs.metadata.namespace)
    .filter((d) => selectorMatches(d.spec?.selector, rs.metadata.labels))
    .map((d) => nameKey(d.metadata.namespace, d.metadata.name));
}

function replicaSetKeys(rs: KubeObject | undefined, ctx: ControllerContext): string[] {
  if (!rs) return [];
  const owner = controllerOwnerKey(rs, 'Deployment');
  if (owner.length > 0) return owner;
  return controllerRef(rs) ? [] : deploymentsSelecting(rs, ctx);
}

/** `deletePod`: only a Recreate Deployment waits for its old pods to be gone. */
function podDeletedKeys(pod: KubeObject, ctx: ControllerContext): string[] {
  const ref = controllerRef(pod);
  if (ref?.kind !== 'ReplicaSet') return [];
  const rs = ctx.store.getByUid(ref.uid);
  if (!rs) return [];
  const dRef = controllerRef(rs);
  if (dRef?.kind !== 'Deployment') return [];
  const d = ctx.store.getByUid(dRef.uid);
  return d?.spec?.strategy?.type === 'Recreate' ? [nameKey(d.metadata.namespace, d.metadata.name)] : [];
}

/** `ClaimReplicaSets` (ReplicaSetControllerRefManager). */
function claimReplicaSets(d: KubeObject, ctx: ControllerContext): KubeObject[] {
  const { store } = ctx;
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  return claimObjects(d, ref, store.list('ReplicaSet', d.metadata.namespace), (rs) => selectorMatches(d.spec?.selector, rs.metadata.labels), (rs, ownerReferences) =>
    store.update({ ...rs, metadata: { ...rs.metadata, ownerReferences } }),
  );
}

function control(d: KubeObject, key: string, ctx: ControllerContext): DeploymentControl {
  const { store } = ctx;
  const current = () => store.get('Deployment', d.metadata.namespace, d.metadata.name);
  let claimed: KubeObject[] | undefined;
  return {
    now: () => ctx.now(),
    replicaSets: () => {
      // Claim once per sync, then re-read the claimed sets so every step sees the latest writes.
      if (!claimed) claimed = claimReplicaSets(d, ctx);
      return claimed.map((rs) => store.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name)).filter((rs): rs is KubeObject => !!rs);
    },
    createReplicaSet: (rs) => {
      try {
        const created = store.create(rs);
        claimed?.push(created);
        return created;
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'AlreadyExists') return 'exists';
        throw err;
      }
    },
    updateReplicaSet: (rs) => store.update(rs),
    deleteReplicaSet: (rs) => {
      try {
        store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name, { propagationPolicy: 'Background', uid: rs.metadata.uid });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    },
    updateDeploymentAnnotations: (_d, annotations) => {
      const cur = current();
      if (cur) store.update({ ...cur, metadata: { ...cur.metadata, annotations } });
    },
    updateDeploymentStatus: (_d, status) => {
      const cur = current();
      if (cur) store.updateStatus({ ...cur, status });
    },
    event: (obj, type, reason, message) => ctx.event(obj, type, reason, message),
    podsOwnedBy: (rs) => store.listOwnedBy(rs.metadata.uid ?? '', 'Pod'),
    requeueAfter: (ms) => ctx.requeueAfter(key, ms),
  };
}

export function createDeploymentController(): Controller {
  return {
    name: 'deployment',
    watches: [
      { kind: 'Deployment', keys: (e) => [nameKey(e.object.metadata.namespace, e.object.metadata.name)] },
      {
        kind: 'ReplicaSet',
        keys: (e, ctx) => [...new Set([...replicaSetKeys(e.object, ctx), ...(e.type === 'MODIFIED' ? replicaSetKeys(e.old, ctx) : [])])],
      },
      { kind: 'Pod', keys: (e, ctx) => (e.type === 'DELETED' ? podDeletedKeys(e.object, ctx) : []) },
    ],
    sync(key, ctx) {
      const { namespace, name } = splitKey(key);
      const d = ctx.store.get('Deployment', namespace, name);
      if (!d) return;
      // An empty selector would select every pod: upstream refuses to act on it.
      const sel = d.spec?.selector;
      if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
        ctx.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
        return;
      }
      syncDeployment(d, control(d, key, ctx));
    },
  };
}
