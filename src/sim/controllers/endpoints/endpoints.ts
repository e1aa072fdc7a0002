// Which pod addresses back a Service: upstream's endpoints controller `syncService`.
import type { KubeObject } from '../../api';
import { isPodReady } from '../replicaset/pod_state';
import { isHeadless } from './service_defaults';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; name: string; namespace?: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** A Service selector (a plain map): an empty one selects nothing, as the endpoints controller skips it. */
export function serviceSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** `endpointutil.ShouldSetHostname`: the pod asked for this Service as its subdomain. */
export function shouldSetHostname(pod: KubeObject, svc: KubeObject): boolean {
  return (
    typeof pod.spec?.hostname === 'string' &&
    pod.spec.hostname.length > 0 &&
    pod.spec?.subdomain === svc.metadata.name &&
    (pod.metadata.namespace ?? '') === (svc.metadata.namespace ?? '')
  );
}

/** `podutil.FindPort`: a numeric targetPort as is, a named one looked up in the pod's containers. */
function findPort(pod: KubeObject, targetPort: unknown, protocol: string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  if (typeof targetPort === 'string' && /^\d+$/.test(targetPort)) return Number(targetPort);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c?.ports ?? []) {
      if (p?.name === targetPort && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** `ShouldPodBeInEndpoints`: a pod that has finished for good never backs a Service. */
function shouldPodBeInEndpoints(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Failed' && phase !== 'Succeeded';
}

/**
 * The subsets of a selector Service's Endpoints: ready pods in `addresses`, not-ready ones in
 * `notReadyAddresses`, terminating pods left out (all of them in `addresses` with
 * publishNotReadyAddresses). Pods are taken in name order so the result is stable.
 */
export function computeEndpointSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const bySignature = new Map<string, EndpointSubset>();
  // Selected pods only, then in name order (sorting the few selected pods, not every pod).
  const ordered = pods
    .filter((pod) => serviceSelectorMatches(svc.spec?.selector, pod.metadata.labels) && (pod.metadata.namespace ?? '') === (svc.metadata.namespace ?? ''))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const pod of ordered) {
    const ip = pod.status?.podIP;
    if (typeof ip !== 'string' || ip === '') continue;
    if (!tolerateUnready && pod.metadata.deletionTimestamp !== undefined) continue;
    const address: EndpointAddress = {
      ip,
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
    };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    if (shouldSetHostname(pod, svc)) address.hostname = pod.spec.hostname;

    const ports: EndpointPort[] = [];
    const svcPorts: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
    let missingPort = false;
    for (const sp of svcPorts) {
      const protocol = sp?.protocol ?? 'TCP';
      const port = findPort(pod, sp?.targetPort ?? sp?.port, protocol);
      if (port === undefined) {
        missingPort = true;
        continue;
      }
      ports.push(sp?.name ? { name: sp.name, port, protocol } : { port, protocol });
    }
    // Upstream skips a port it cannot resolve; a pod with none of the ports backs no subset.
    if (svcPorts.length > 0 && ports.length === 0 && missingPort) continue;
    if (svcPorts.length === 0 && !isHeadless(svc)) continue;

    const ready = tolerateUnready || isPodReady(pod);
    if (!ready && !shouldPodBeInEndpoints(pod)) continue;
    const signature = JSON.stringify(ports);
    let subset = bySignature.get(signature);
    if (!subset) {
      subset = ports.length > 0 ? { ports } : {};
      bySignature.set(signature, subset);
    }
    const list = ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(address);
  }
  return [...bySignature.values()];
}
