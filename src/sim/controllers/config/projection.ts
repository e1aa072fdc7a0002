// What a pod's configMap and secret volumes show over time. The kubelet refreshes mounted
// ConfigMaps and Secrets on its periodic sync, so an update reaches the files up to the kubelet
// sync period (1 minute) later; a `subPath` mount is a copy made when the container started and is
// never refreshed (kubernetes.io: "Configure a Pod to Use a ConfigMap", "mounted ConfigMaps are
// updated automatically"; "a container using a ConfigMap as a subPath volume will not receive updates").
import type { KubeObject } from '../../api';
import type { ControllerContext } from '../../cluster/controller';

/** The kubelet's `--sync-frequency` default: the worst-case delay of a mounted ConfigMap update. */
export const KUBELET_SYNC_PERIOD_MS = 60_000;

const KEY = 'config/versions';

type Versions = Map<string, Array<{ t: number; object: KubeObject | undefined }>>;

function versions(ctx: ControllerContext): Versions {
  let v = ctx.shared.get(KEY) as Versions | undefined;
  if (!v) ctx.shared.set(KEY, (v = new Map()));
  return v;
}

/** Called from the ConfigMap and Secret watches: remember every version with its time. */
export function recordConfigVersion(ctx: ControllerContext, object: KubeObject, deleted: boolean): void {
  const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  let list = versions(ctx).get(key);
  if (!list) versions(ctx).set(key, (list = []));
  list.push({ t: ctx.now(), object: deleted ? undefined : object });
  if (list.length > 50) list.splice(0, list.length - 50); // bounded: old versions no pod can still see
}

/**
 * The version of a ConfigMap or Secret that `pod` sees in a mounted volume now: the one current
 * when its container started, or a newer one once the kubelet has synced (1 minute); a subPath
 * mount (`pinned`) keeps the start version for good.
 */
export function projectedVersion(ctx: ControllerContext, pod: KubeObject, kind: 'ConfigMap' | 'Secret', name: string, pinned: boolean): KubeObject | undefined {
  const ns = pod.metadata.namespace ?? ctx.store.defaultNamespace;
  const list = versions(ctx).get(`${kind}/${ns}/${name}`);
  if (!list || list.length === 0) return ctx.store.get(kind, ns, name);
  const start = typeof pod.status?.startTime === 'number' ? pod.status.startTime : ctx.now();
  const at = pinned ? start : Math.max(start, ctx.now() - KUBELET_SYNC_PERIOD_MS);
  let seen: KubeObject | undefined;
  for (const v of list) {
    if (v.t > at) break;
    seen = v.object;
  }
  return seen;
}
