// Where a request goes: a target name resolved the way a pod's resolver and kube-proxy would,
// into a Service (ClusterIP or headless), one pod, or an L7 proxy in front of a Service.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import { CLUSTER_DOMAIN, dnsRecords } from '../controllers/endpoints/dns';
import { trafficState } from './state';

export type Route =
  | { type: 'service'; key: string; service: KubeObject }
  | { type: 'pod'; key: string; pod: KubeObject }
  | { type: 'error'; error: string };

export interface Backend {
  pod: KubeObject;
}

/** ingress-nginx's annotation for the protocol it speaks to the pods (HTTP, HTTPS, GRPC, GRPCS…). */
export const BACKEND_PROTOCOL_ANNOTATION = 'nginx.ingress.kubernetes.io/backend-protocol';

function podByIp(ctx: ControllerContext, ip: string): KubeObject | undefined {
  return ctx.store.list('Pod', ctx.store.defaultNamespace).find((p) => p.status?.podIP === ip && p.metadata.deletionTimestamp === undefined);
}

/** `web`, `web.default`, `web-0.nginx.default.svc.cluster.local`, `10.96.0.12`, with an optional `:port`. */
export function resolveTarget(ctx: ControllerContext, rawTarget: string): Route {
  const target = String(rawTarget ?? '').trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const ns = ctx.store.defaultNamespace;
  if (target === '') return { type: 'error', error: 'The request has no target: name a Service, a DNS name or a pod IP.' };
  const direct = ctx.store.get('Service', ns, target);
  if (direct) return { type: 'service', key: `svc/${target}`, service: direct };
  if (/^\d+\.\d+\.\d+\.\d+$/.test(target)) {
    const svc = ctx.store.list('Service', ns).find((s) => s.spec?.clusterIP === target);
    if (svc) return { type: 'service', key: `svc/${svc.metadata.name}`, service: svc };
    const pod = podByIp(ctx, target);
    if (pod) return { type: 'pod', key: `pod/${pod.metadata.name}`, pod };
    return { type: 'error', error: `No pod or Service has the IP ${target} any more. Pod IPs change when pods are recreated: address a pod by its DNS name.` };
  }
  // The resolver's search path (dns.ts resolveName): the first candidate with a record wins.
  const candidates = target.endsWith(`.${CLUSTER_DOMAIN}`)
    ? [target]
    : [`${target}.${ns}.svc.${CLUSTER_DOMAIN}`, `${target}.svc.${CLUSTER_DOMAIN}`, `${target}.${CLUSTER_DOMAIN}`, target];
  const records = dnsRecords(ctx.store.list('Service'), ctx.store.list('Endpoints'));
  for (const candidate of candidates) {
    const record = records.find((r) => r.name === candidate);
    if (!record) continue;
    if (record.source.kind === 'Service') {
      const svc = ctx.store.get('Service', record.source.namespace, record.source.name);
      if (svc) return { type: 'service', key: `svc/${svc.metadata.name}`, service: svc };
    } else {
      const pod = ctx.store.get('Pod', record.source.namespace, record.source.name);
      if (pod) return { type: 'pod', key: `pod/${pod.metadata.name}`, pod };
    }
  }
  return { type: 'error', error: `Nothing answers at "${rawTarget}": no Service, pod DNS name or IP of that name in namespace ${ns}.` };
}

/** A pod that can take a request right now: Running and not finished or gone. */
export function podServes(pod: KubeObject | undefined): boolean {
  return !!pod && pod.status?.phase === 'Running';
}

// Backends per Endpoints object: the store replaces objects on every write, so identity is a version.
const backendCache = new WeakMap<KubeObject, string[]>();

/** Names of the pods in a Service's Endpoints `addresses` (ready ones, or all with publishNotReadyAddresses). */
function endpointPods(endpoints: KubeObject): string[] {
  let names = backendCache.get(endpoints);
  if (!names) {
    names = [];
    for (const subset of (endpoints as any).subsets ?? []) {
      for (const address of subset?.addresses ?? []) if (address?.targetRef?.name) names.push(address.targetRef.name);
    }
    names = [...new Set(names)].sort();
    backendCache.set(endpoints, names);
  }
  return names;
}

/** The pods kube-proxy would send a new connection to: the Service's ready endpoints that still run. */
export function serviceBackends(ctx: ControllerContext, service: KubeObject): KubeObject[] {
  const ns = service.metadata.namespace ?? ctx.store.defaultNamespace;
  const endpoints = ctx.store.get('Endpoints', ns, service.metadata.name);
  if (!endpoints) return [];
  // Valid until the Endpoints object or any pod changes (100,000 requests must not re-read the pods).
  const state = trafficState(ctx);
  const cached = state.backends.get(endpoints);
  if (cached && cached.podVersion === state.podVersion) return cached.pods;
  const out: KubeObject[] = [];
  for (const name of endpointPods(endpoints)) {
    const pod = ctx.store.get('Pod', ns, name);
    if (pod && podServes(pod) && pod.metadata.deletionTimestamp === undefined) out.push(pod);
  }
  state.backends.set(endpoints, { podVersion: state.podVersion, pods: out });
  return out;
}

/** The Service an Ingress sends its traffic to: the default backend, else the first rule's first path. */
export function ingressService(ingress: KubeObject): string | undefined {
  const spec = ingress.spec ?? {};
  const fromDefault = spec.defaultBackend?.service?.name;
  if (typeof fromDefault === 'string') return fromDefault;
  for (const rule of spec.rules ?? []) {
    for (const path of rule?.http?.paths ?? []) {
      const name = path?.backend?.service?.name;
      if (typeof name === 'string') return name;
    }
  }
  return undefined;
}
