// Which pods back a Service: upstream endpoints controller syncService and ShouldSetHostname.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { computeEndpointSubsets, shouldSetHostname } from '../../../../src/sim/controllers/endpoints/endpoints';

function svc(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], ...spec } };
}

function pod(name: string, opts: { ready?: boolean; ip?: string; deleting?: boolean; phase?: string; hostname?: string; subdomain?: string; labels?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: opts.labels ?? { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: 5 } : {}) },
    spec: { nodeName: 'node-1', hostname: opts.hostname, subdomain: opts.subdomain, containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: opts.phase ?? 'Running', podIP: opts.ip === undefined ? `10.244.0.${name.length}` : opts.ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

const ips = (subsets: ReturnType<typeof computeEndpointSubsets>, field: 'addresses' | 'notReadyAddresses') =>
  subsets.flatMap((s) => (s[field] ?? []).map((a) => a.targetRef.name));

describe('endpoints controller syncService (computeEndpointSubsets)', () => {
  const cases: Array<{ rule: string; service: KubeObject; pods: KubeObject[]; ready: string[]; notReady: string[] }> = [
    { rule: 'ready pods are addresses, not-ready ones notReadyAddresses', service: svc({}), pods: [pod('a'), pod('bb', { ready: false })], ready: ['a'], notReady: ['bb'] },
    { rule: 'terminating pods are left out', service: svc({}), pods: [pod('a', { deleting: true }), pod('bb')], ready: ['bb'], notReady: [] },
    { rule: 'pods without an IP are left out', service: svc({}), pods: [pod('a', { ip: '' })], ready: [], notReady: [] },
    { rule: 'pods the selector does not match are left out', service: svc({}), pods: [pod('a', { labels: { app: 'db' } })], ready: [], notReady: [] },
    { rule: 'finished pods are left out', service: svc({}), pods: [pod('a', { ready: false, phase: 'Failed' })], ready: [], notReady: [] },
    { rule: 'publishNotReadyAddresses puts every pod in addresses', service: svc({ publishNotReadyAddresses: true }), pods: [pod('a', { ready: false }), pod('bb', { deleting: true })], ready: ['a', 'bb'], notReady: [] },
    { rule: 'a headless Service without ports still lists its pods', service: svc({ clusterIP: 'None', ports: [] }), pods: [pod('a')], ready: ['a'], notReady: [] },
  ];
  for (const c of cases) {
    it(c.rule, () => {
      const subsets = computeEndpointSubsets(c.service, c.pods);
      expect(ips(subsets, 'addresses')).toEqual(c.ready);
      expect(ips(subsets, 'notReadyAddresses')).toEqual(c.notReady);
    });
  }

  it('resolves a named targetPort through the pod’s container ports', () => {
    const subsets = computeEndpointSubsets(svc({ ports: [{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }] }), [pod('a')]);
    expect(subsets[0].ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
  });
});

describe('ShouldSetHostname', () => {
  const cases: Array<[string, { hostname?: string; subdomain?: string }, boolean]> = [
    ['hostname and matching subdomain', { hostname: 'web-0', subdomain: 'nginx' }, true],
    ['no hostname', { subdomain: 'nginx' }, false],
    ['subdomain names another Service', { hostname: 'web-0', subdomain: 'other' }, false],
  ];
  for (const [rule, spec, expected] of cases) {
    it(`${rule} → ${expected}`, () => expect(shouldSetHostname(pod('web-0', spec), svc({}))).toBe(expected));
  }
});
