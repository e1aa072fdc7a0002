// One request through the cluster network: pick the connection (new, kept-alive or through an L7
// proxy), pick the pod the way kube-proxy or the proxy would, and let the pod's app answer.
import type { KubeObject, RequestOptions, RequestResult } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { handleAppRequest } from '../apps';
import { appendTimeline } from '../apps/runtime';
import { BACKEND_PROTOCOL_ANNOTATION, ingressService, podServes, resolveTarget, serviceBackends, type Route } from './targets';
import { newConnectionId, trafficState, type TrafficState } from './state';

/** kube-proxy's default `sessionAffinityConfig.clientIP.timeoutSeconds` (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

interface Picked {
  pod?: KubeObject;
  connection?: string;
  error?: string;
  /** HTTP-like status of a failure that a proxy answers itself (502). */
  status?: number;
}

function affinityTimeoutMs(service: KubeObject): number {
  const s = service.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  return (typeof s === 'number' && s > 0 ? s : DEFAULT_AFFINITY_TIMEOUT_SECONDS) * 1000;
}

function noBackends(service: KubeObject): string {
  return `Service ${service.metadata.name} has no ready endpoints: no pod it selects is Running and Ready, so the connection is refused.`;
}

/**
 * kube-proxy (iptables mode) on a new connection: `-m statistic --mode random` picks a ready
 * endpoint uniformly; with `sessionAffinity: ClientIP` the `recent` module first sends a client
 * back to its last endpoint while that entry is younger than timeoutSeconds (refreshed per use).
 */
function pickForNewConnection(ctx: ControllerContext, state: TrafficState, route: Route, client: string): Picked {
  if (route.type === 'error') return { error: route.error };
  if (route.type === 'pod') {
    return podServes(route.pod) ? { pod: route.pod } : { error: `Pod ${route.pod.metadata.name} is not running, so nothing answers at its address.` };
  }
  const service = route.service;
  const backends = serviceBackends(ctx, service);
  if (backends.length === 0) return { error: noBackends(service) };
  if (service.spec?.sessionAffinity === 'ClientIP' && service.spec?.clusterIP !== 'None') {
    const uid = service.metadata.uid ?? service.metadata.name;
    let table = state.affinity.get(uid);
    if (!table) state.affinity.set(uid, (table = new Map()));
    const entry = table.get(client);
    const now = ctx.now();
    if (entry && now - entry.lastUsed <= affinityTimeoutMs(service)) {
      const kept = backends.find((p) => p.metadata.uid === entry.podUid);
      if (kept) {
        entry.lastUsed = now;
        return { pod: kept };
      }
    }
    const pod = backends[state.random.int(backends.length)];
    table.set(client, { pod: pod.metadata.name, podUid: pod.metadata.uid ?? '', lastUsed: now });
    return { pod };
  }
  return { pod: backends[state.random.int(backends.length)] };
}

/** An L7 proxy (ingress-nginx, an Envoy sidecar) holds its own connections and balances per request. */
function pickThroughProxy(ctx: ControllerContext, state: TrafficState, route: Route, via: string, reuse: boolean): Picked {
  let service: KubeObject | undefined;
  const ns = ctx.store.defaultNamespace;
  if (via === 'sidecar') {
    if (route.type === 'error') return { error: route.error };
    if (route.type === 'pod') return podServes(route.pod) ? { pod: route.pod } : { error: `Pod ${route.pod.metadata.name} is not running.` };
    service = route.service;
  } else {
    const ingress = ctx.store.get('Ingress', ns, via);
    if (!ingress) return { error: `There is no Ingress named "${via}" in namespace ${ns} to send the request through.` };
    const name = ingressService(ingress);
    service = name ? ctx.store.get('Service', ns, name) : undefined;
    if (!service) return { status: 503, error: `Ingress ${via} sends traffic to Service "${name ?? '(none)'}", which does not exist.` };
    const protocol = String(ingress.metadata.annotations?.[BACKEND_PROTOCOL_ANNOTATION] ?? 'HTTP').toUpperCase();
    if (reuse && protocol !== 'GRPC' && protocol !== 'GRPCS') {
      return {
        status: 502,
        error: `Ingress ${via} speaks HTTP/1.1 to its backends, so it cannot carry this gRPC (HTTP/2) stream. Set the annotation ${BACKEND_PROTOCOL_ANNOTATION}: GRPC.`,
      };
    }
  }
  const backends = serviceBackends(ctx, service);
  if (backends.length === 0) return { status: 503, error: noBackends(service) };
  const key = `${via}|${service.metadata.name}`;
  const position = state.roundRobin.get(key) ?? 0;
  state.roundRobin.set(key, position + 1);
  return { pod: backends[position % backends.length], connection: `${via}#upstream` };
}

/** A kept-alive connection lives until its pod is gone (deleted, recreated or no longer running). */
function openConnectionPod(ctx: ControllerContext, state: TrafficState, client: string, key: string): { pod: KubeObject; id: string } | undefined {
  const conn = state.open.get(client)?.get(key);
  if (!conn) return undefined;
  const pod = ctx.store.get('Pod', ctx.store.defaultNamespace, conn.pod);
  if (pod && pod.metadata.uid === conn.podUid && podServes(pod)) return { pod, id: conn.id };
  state.open.get(client)?.delete(key);
  return undefined;
}

export function sendRequest(ctx: ControllerContext, target: string, options: RequestOptions = {}, quiet = false): RequestResult {
  const state = trafficState(ctx);
  const client = typeof options.client === 'string' && options.client !== '' ? options.client : 'client-1';
  const reuse = options.connection === 'reuse';
  const route = resolveTarget(ctx, target);
  let picked: Picked;
  let opened = false;
  if (options.via) {
    picked = pickThroughProxy(ctx, state, route, options.via, reuse);
    if (picked.pod) picked.connection = `${client}->${options.via}`;
  } else if (reuse && route.type !== 'error') {
    const open = openConnectionPod(ctx, state, client, route.key);
    if (open) picked = { pod: open.pod, connection: open.id };
    else {
      picked = pickForNewConnection(ctx, state, route, client);
      if (picked.pod) {
        const id = newConnectionId(state, client);
        let byTarget = state.open.get(client);
        if (!byTarget) state.open.set(client, (byTarget = new Map()));
        byTarget.set(route.key, { id, pod: picked.pod.metadata.name, podUid: picked.pod.metadata.uid ?? '' });
        picked.connection = id;
        opened = true;
      }
    }
  } else {
    picked = pickForNewConnection(ctx, state, route, client);
    if (picked.pod) picked.connection = newConnectionId(state, client);
  }
  if (!picked.pod) {
    state.failed++;
    return { ok: false, status: picked.status ?? 0, error: picked.error ?? `Nothing answered at "${target}".` };
  }
  const pod = picked.pod;
  if (opened && !quiet) appendTimeline(ctx, 'traffic', client, 'connected', `${pod.metadata.name} ${picked.connection}`);
  const method = METHODS.includes(options.method as any) ? (options.method as (typeof METHODS)[number]) : 'GET';
  const response = handleAppRequest(ctx, pod, {
    client,
    connection: picked.connection ?? '',
    method,
    path: typeof options.path === 'string' && options.path !== '' ? options.path : '/',
    ...(options.body !== undefined ? { body: String(options.body) } : {}),
    headers: options.headers && typeof options.headers === 'object' ? options.headers : {},
  });
  state.served.push({ t: ctx.now(), pod: pod.metadata.name });
  return {
    ok: true,
    status: response.status,
    pod: pod.metadata.name,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    connection: picked.connection,
    ...(response.body !== undefined ? { body: response.body } : {}),
    ...(response.headers ? { headers: response.headers } : {}),
  };
}
