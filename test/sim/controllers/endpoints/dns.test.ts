// Cluster DNS names: CoreDNS kubernetes plugin records and the pod resolver's search path.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { dnsRecords, resolveName } from '../../../../src/sim/controllers/endpoints/dns';

const normal: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'default' }, spec: { clusterIP: '10.96.4.2' } };
const headless: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None' } };
const endpoints: KubeObject = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'nginx', namespace: 'default' },
  subsets: [
    {
      addresses: [
        { ip: '10.244.0.5', hostname: 'web-0', targetRef: { kind: 'Pod', name: 'web-0' } },
        { ip: '10.244.0.6', targetRef: { kind: 'Pod', name: 'other' } },
      ],
      notReadyAddresses: [{ ip: '10.244.0.7', hostname: 'web-1', targetRef: { kind: 'Pod', name: 'web-1' } }],
    },
  ],
};

describe('dnsRecords and resolveName', () => {
  const records = dnsRecords([normal, headless], [endpoints]);
  const cases: Array<[string, string[]]> = [
    ['api', ['10.96.4.2']],
    ['api.default', ['10.96.4.2']],
    ['api.default.svc', ['10.96.4.2']],
    ['api.default.svc.cluster.local', ['10.96.4.2']],
    ['API.default.svc.cluster.local.', ['10.96.4.2']],
    ['nginx', ['10.244.0.5', '10.244.0.6']],
    ['web-0.nginx', ['10.244.0.5']],
    ['web-0.nginx.default.svc.cluster.local', ['10.244.0.5']],
    ['web-1.nginx', []],
    ['api.other', []],
    ['missing', []],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected.length ? expected.join(', ') : 'NXDOMAIN'}`, () => {
      expect(resolveName(name, 'default', records)).toEqual(expected);
    });
  }

  it('lists one record per name', () => {
    expect(records.map((r) => r.name)).toEqual([
      'api.default.svc.cluster.local',
      'nginx.default.svc.cluster.local',
      'web-0.nginx.default.svc.cluster.local',
    ]);
  });
});
