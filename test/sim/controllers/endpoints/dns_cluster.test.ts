// DNS through the engine: records follow Service type and pod readiness (endpoints controller +
// CoreDNS), per-pod names only under ShouldSetHostname.
import { describe, expect, it } from 'vitest';
import { createCluster, type KubeObject } from '../../../../src/sim';

const MANIFESTS = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector: {app: nginx}
  ports:
  - port: 80
    name: web
---
apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  selector: {app: nginx}
  ports:
  - port: 8080
    targetPort: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
          name: web
`;

function podIP(cluster: ReturnType<typeof createCluster>, name: string): string {
  return (cluster.get('Pod', name) as KubeObject).status.podIP;
}

describe('cluster DNS (resolve)', () => {
  it('gives a normal Service one cluster IP from the service range, and a headless one every ready pod', () => {
    const cluster = createCluster({ seed: 7 });
    expect(cluster.apply(MANIFESTS).ok).toBe(true);
    cluster.runUntilStable();
    const front = cluster.get('Service', 'front') as KubeObject;
    expect(front.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(front.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 80, protocol: 'TCP' });
    expect(cluster.resolve('front')).toEqual([front.spec.clusterIP]);
    expect(cluster.resolve('front.default.svc.cluster.local')).toEqual([front.spec.clusterIP]);
    expect(cluster.get('Service', 'nginx')?.spec.clusterIP).toBe('None');
    expect(cluster.resolve('nginx').sort()).toEqual([podIP(cluster, 'web-0'), podIP(cluster, 'web-1')].sort());
    expect(cluster.resolve('web-0.nginx')).toEqual([podIP(cluster, 'web-0')]);
    expect(cluster.resolve('web-1.nginx.default.svc.cluster.local')).toEqual([podIP(cluster, 'web-1')]);
  });

  it('drops a pod’s records while it is not ready and brings them back when it is', () => {
    const cluster = createCluster({ seed: 7 });
    cluster.apply(MANIFESTS);
    cluster.runUntilStable();
    cluster.setReady('web-1', false);
    cluster.advance(10);
    expect(cluster.resolve('web-1.nginx')).toEqual([]);
    expect(cluster.resolve('nginx')).toEqual([podIP(cluster, 'web-0')]);
    const endpoints = cluster.get('Endpoints', 'nginx') as KubeObject;
    expect((endpoints.subsets as any)[0].notReadyAddresses.map((a: any) => a.hostname)).toEqual(['web-1']);
    cluster.setReady('web-1', true);
    cluster.advance(10);
    expect(cluster.resolve('web-1.nginx')).toEqual([podIP(cluster, 'web-1')]);
  });

  it('forgets a deleted pod as soon as it is terminating', () => {
    const cluster = createCluster({ seed: 7 });
    cluster.apply(MANIFESTS);
    cluster.runUntilStable();
    cluster.deletePod('web-0');
    cluster.advance(10);
    expect(cluster.resolve('web-0.nginx')).toEqual([]);
    cluster.runUntilStable();
    expect(cluster.resolve('web-0.nginx')).toEqual([podIP(cluster, 'web-0')]);
  });

  it('has no per-pod record without a matching headless Service (NXDOMAIN)', () => {
    const cluster = createCluster({ seed: 7 });
    cluster.apply(MANIFESTS.replace('serviceName: nginx', 'serviceName: missing'));
    cluster.runUntilStable();
    expect(cluster.resolve('web-0.nginx')).toEqual([]);
    expect(cluster.resolve('web-0.missing')).toEqual([]);
    expect(cluster.resolve('nginx').length).toBe(2);
  });
});
