// The cluster DNS as CoreDNS's kubernetes plugin serves it, computed from Services and Endpoints.
import type { DnsRecord, KubeObject } from '../../api';
import { isHeadless } from './service_defaults';
import type { EndpointSubset } from './endpoints';

export type { DnsRecord };

export const CLUSTER_DOMAIN = 'cluster.local';

function addressesOf(subsets: EndpointSubset[] | undefined): Array<{ ip: string; hostname?: string; pod: string }> {
  const out: Array<{ ip: string; hostname?: string; pod: string }> = [];
  for (const subset of subsets ?? []) {
    for (const a of subset.addresses ?? []) out.push({ ip: a.ip, hostname: a.hostname, pod: a.targetRef?.name ?? '' });
  }
  return out;
}

/**
 * Every A record: `<svc>.<ns>.svc.cluster.local` → the cluster IP (normal Service) or every ready
 * endpoint (headless); `<hostname>.<svc>.<ns>.svc.cluster.local` → that pod, for headless Services
 * whose endpoints carry a hostname (set only when ShouldSetHostname held).
 */
export function dnsRecords(services: KubeObject[], endpoints: KubeObject[]): DnsRecord[] {
  const endpointsByKey = new Map<string, KubeObject>();
  for (const ep of endpoints) endpointsByKey.set(`${ep.metadata.namespace ?? ''}/${ep.metadata.name}`, ep);
  const records: DnsRecord[] = [];
  for (const svc of services) {
    const ns = svc.metadata.namespace ?? 'default';
    const fqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`.toLowerCase();
    const source = { kind: 'Service' as const, name: svc.metadata.name, namespace: ns };
    if (svc.spec?.type === 'ExternalName') continue;
    if (!isHeadless(svc)) {
      const ip = svc.spec?.clusterIP;
      if (typeof ip === 'string' && ip !== '') records.push({ name: fqdn, type: 'A', addresses: [ip], source });
      continue;
    }
    const ep = endpointsByKey.get(`${svc.metadata.namespace ?? ''}/${svc.metadata.name}`);
    const addresses = addressesOf(ep?.subsets as EndpointSubset[] | undefined);
    const ips = [...new Set(addresses.map((a) => a.ip))];
    if (ips.length > 0) records.push({ name: fqdn, type: 'A', addresses: ips, source });
    for (const a of addresses) {
      if (!a.hostname) continue;
      records.push({
        name: `${a.hostname}.${fqdn}`.toLowerCase(),
        type: 'A',
        addresses: [a.ip],
        source: { kind: 'Pod', name: a.pod, namespace: ns },
      });
    }
  }
  records.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return records;
}

/**
 * A pod's resolver in `namespace`: absolute names (ending in `.` or in the cluster domain) are
 * looked up as they are, others through the search path `<ns>.svc.cluster.local`,
 * `svc.cluster.local`, `cluster.local`. NXDOMAIN is an empty list.
 */
export function resolveName(name: string, namespace: string, records: DnsRecord[]): string[] {
  const query = name.trim().toLowerCase();
  if (query === '' || query.length > 253) return [];
  const byName = new Map(records.map((r) => [r.name, r.addresses]));
  if (query.endsWith('.')) return [...(byName.get(query.slice(0, -1)) ?? [])];
  const candidates = query.endsWith(`.${CLUSTER_DOMAIN}`)
    ? [query]
    : [`${query}.${namespace}.svc.${CLUSTER_DOMAIN}`, `${query}.svc.${CLUSTER_DOMAIN}`, `${query}.${CLUSTER_DOMAIN}`, query];
  for (const candidate of candidates) {
    const found = byName.get(candidate);
    if (found) return [...found];
  }
  return [];
}
