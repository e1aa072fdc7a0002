// The endpoints controller wired to the engine (pkg/controller/endpoint/endpoints_controller.go):
// one Endpoints object per selector Service, rewritten when a Service or a pod it selects changes.
// It also plays the Service REST storage's cluster-IP allocator on its first sync of a Service.
import type { KubeObject } from '../../api';
import { NO_KEYS, nameKey, splitKey, type Controller, type ControllerContext } from '../../cluster/controller';
import { ApiError } from '../../cluster/store';
import { deepEqual } from '../../cluster/objects';
import { computeEndpointSubsets, serviceSelectorMatches } from './endpoints';
import { isHeadless } from './service_defaults';

/** ctx.shared key: Service uid → the cluster IP allocated to it (kept across re-applies that omit it). */
const ALLOCATED_IPS = 'endpoints/allocated-cluster-ips';

function allocations(ctx: ControllerContext): Map<string, string> {
  let m = ctx.shared.get(ALLOCATED_IPS) as Map<string, string> | undefined;
  if (!m) ctx.shared.set(ALLOCATED_IPS, (m = new Map()));
  return m;
}

/** `getPodServiceMemberships`: Services in the pod's namespace whose selector matches it. */
/**
 * Keys of the Services selecting `pod`, then those selecting its old version (an update), without
 * duplicates. It runs on every pod write, so it allocates nothing when there is nothing to do.
 */
function servicesSelecting(pod: KubeObject, old: KubeObject | undefined, ctx: ControllerContext): string[] {
  const services = ctx.store.list('Service', pod.metadata.namespace);
  if (services.length === 0) return NO_KEYS;
  let keys: string[] | undefined;
  for (const svc of services) {
    if (serviceSelectorMatches(svc.spec?.selector, pod.metadata.labels)) (keys ??= []).push(nameKey(svc.metadata.namespace, svc.metadata.name));
  }
  if (old) {
    for (const svc of services) {
      if (!serviceSelectorMatches(svc.spec?.selector, old.metadata.labels)) continue;
      const key = nameKey(svc.metadata.namespace, svc.metadata.name);
      if (!keys?.includes(key)) (keys ??= []).push(key);
    }
  }
  return keys ?? NO_KEYS;
}

/** A ClusterIP Service without an address gets one (the same one again if it had one before). */
function ensureClusterIP(svc: KubeObject, ctx: ControllerContext): KubeObject {
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName' || isHeadless(svc) || (typeof svc.spec?.clusterIP === 'string' && svc.spec.clusterIP !== '')) {
    if (typeof svc.spec?.clusterIP === 'string' && svc.metadata.uid) allocations(ctx).set(svc.metadata.uid, svc.spec.clusterIP);
    return svc;
  }
  const known = allocations(ctx);
  const ip = known.get(svc.metadata.uid ?? '') ?? ctx.random.serviceIp();
  known.set(svc.metadata.uid ?? '', ip);
  return ctx.store.update({ ...svc, spec: { ...svc.spec, clusterIP: ip, clusterIPs: [ip] } });
}

function syncService(key: string, ctx: ControllerContext): void {
  const { store } = ctx;
  const { namespace, name } = splitKey(key);
  let svc = store.get('Service', namespace, name);
  const existing = store.get('Endpoints', namespace, name);
  if (!svc) {
    // The Endpoints object shares the Service's name and goes with it.
    if (existing) {
      try {
        store.delete('Endpoints', namespace, name);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }
    return;
  }
  svc = ensureClusterIP(svc, ctx);
  // Services without a selector have user-managed Endpoints.
  if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return;
  const subsets = computeEndpointSubsets(svc, store.list('Pod', namespace));
  const labels = svc.metadata.labels ? { ...svc.metadata.labels } : undefined;
  if (!existing) {
    store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, ...(labels ? { labels } : {}) }, subsets });
    return;
  }
  if (deepEqual(existing.subsets, subsets) && deepEqual(existing.metadata.labels, labels)) return;
  const next: KubeObject = { ...existing, metadata: { ...existing.metadata }, subsets };
  if (labels) next.metadata.labels = labels;
  else delete next.metadata.labels;
  store.update(next);
}

export function createEndpointsController(): Controller {
  return {
    name: 'endpoints',
    watches: [
      { kind: 'Service', keys: (e) => [nameKey(e.object.metadata.namespace, e.object.metadata.name)] },
      {
        kind: 'Pod',
        keys: (e, ctx) => servicesSelecting(e.object, e.type === 'MODIFIED' ? e.old : undefined, ctx),
      },
    ],
    sync(key, ctx) {
      syncService(key, ctx);
    },
  };
}
