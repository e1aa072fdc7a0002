// Services route requests the way kube-proxy (iptables mode) and L7 proxies do. Sources:
// kube-proxy iptables proxier (`-m statistic --mode random` per new connection, `-m recent` for
// sessionAffinity ClientIP with timeoutSeconds, default 10800), kubernetes.io "Service" docs
// (session affinity), ingress-nginx docs (`nginx.ingress.kubernetes.io/backend-protocol: GRPC`),
// and the gRPC load-balancing guidance (one HTTP/2 connection stays on one backend).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCluster, type Cluster } from '../../../src/sim';

function web(replicas: number, service = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
${service}`;
}

function running(yaml: string): Cluster {
  const c = createCluster({ seed: 7 });
  const r = c.apply(yaml);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const podsOf = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();

describe('Service routing (kube-proxy)', () => {
  it('new connections spread over every ready endpoint', () => {
    const c = running(web(3));
    const hit = new Set<string>();
    for (let i = 0; i < 60; i++) hit.add(c.request('web').pod!);
    expect([...hit].sort()).toEqual(podsOf(c));
  });

  it('a request answers with the pod, its node and a fresh connection id each time', () => {
    const c = running(web(1));
    const a = c.request('web', { client: 'alice' });
    const b = c.request('web', { client: 'alice' });
    expect(a).toMatchObject({ ok: true, status: 200, pod: podsOf(c)[0], connection: 'alice#1' });
    expect(b.connection).toBe('alice#2');
  });

  it('the Service resolves by short name, namespace-qualified name, FQDN and cluster IP', () => {
    const c = running(web(1));
    const ip = c.get('Service', 'web')!.spec.clusterIP;
    for (const name of ['web', 'web.default', 'web.default.svc.cluster.local', ip, `${ip}:80`]) {
      expect(c.request(name).ok, name).toBe(true);
    }
  });

  it('a Service without ready pods refuses the connection, with a reason', () => {
    const c = createCluster({ seed: 1, kubelet: { neverReady: true } });
    c.apply(web(2));
    c.runUntilStable();
    const r = c.request('web');
    expect(r).toMatchObject({ ok: false, status: 0 });
    expect(r.error).toBe('Service web has no ready endpoints: no pod it selects is Running and Ready, so the connection is refused.');
    expect(c.trafficStats().failed).toBe(1);
  });

  it('an unknown name explains what was looked for', () => {
    const c = running(web(1));
    expect(c.request('nope').error).toBe('Nothing answers at "nope": no Service, pod DNS name or IP of that name in namespace default.');
  });

  it('a pod that turns unready gets no new connections', () => {
    const c = running(web(2));
    const [a, b] = podsOf(c);
    c.setReady(a, false);
    c.advance(1000);
    for (let i = 0; i < 20; i++) expect(c.request('web').pod).toBe(b);
  });
});

describe('sessionAffinity: ClientIP', () => {
  const sticky = (timeout?: number) =>
    `  sessionAffinity: ClientIP\n${timeout ? `  sessionAffinityConfig: {clientIP: {timeoutSeconds: ${timeout}}}\n` : ''}`;

  it('keeps a client on one pod across new connections', () => {
    const c = running(web(3, sticky()));
    const first = c.request('web', { client: 'alice' }).pod;
    for (let i = 0; i < 20; i++) expect(c.request('web', { client: 'alice' }).pod).toBe(first);
  });

  it('lets the client move once it has been idle longer than timeoutSeconds', () => {
    const c = running(web(3, sticky(10)));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      seen.add(c.request('web', { client: 'alice' }).pod!);
      c.advance(11_000);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('the timeout counts from the last request: a busy client never moves', () => {
    const c = running(web(3, sticky(10)));
    const first = c.request('web', { client: 'alice' }).pod;
    for (let i = 0; i < 30; i++) {
      c.advance(9_000);
      expect(c.request('web', { client: 'alice' }).pod).toBe(first);
    }
  });

  it('moves the client when its pod goes away', () => {
    const c = running(web(3, sticky()));
    const first = c.request('web', { client: 'alice' }).pod!;
    c.deletePod(first);
    c.runUntilStable();
    const next = c.request('web', { client: 'alice' }).pod;
    expect(next).not.toBe(first);
    expect(podsOf(c)).toContain(next);
  });

  it('property: while its pod stays ready and the timeout has not passed, a client never moves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9_999 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), (gaps, replicas) => {
        const c = running(web(replicas, sticky(10)));
        const first = c.request('web', { client: 'bob' }).pod;
        for (const gap of gaps) {
          c.advance(gap);
          if (c.request('web', { client: 'bob' }).pod !== first) return false;
        }
        return true;
      }),
      { numRuns: 25 },
    );
  });
});

describe('long-lived connections (HTTP/2, gRPC)', () => {
  it('a kept-alive connection stays on the first pod, and scaling up does not spread it', () => {
    const c = running(web(1));
    const first = c.request('web', { connection: 'reuse' });
    c.scale('Deployment', 'web', 4);
    c.runUntilStable();
    expect(podsOf(c)).toHaveLength(4);
    for (let i = 0; i < 20; i++) {
      const r = c.request('web', { connection: 'reuse' });
      expect(r.pod).toBe(first.pod);
      expect(r.connection).toBe(first.connection);
    }
  });

  it('long clients stay pinned while short clients spread over the new pods', () => {
    const c = running(web(1));
    c.startClient({ name: 'grpc', target: 'web', ratePerSecond: 20, connection: 'long' });
    c.startClient({ name: 'http', target: 'web', ratePerSecond: 20, connection: 'short' });
    c.advance(2_000);
    c.scale('Deployment', 'web', 3);
    c.advance(10_000);
    c.stopClient('grpc');
    c.stopClient('http');
    const start = c.now() - 5_000;
    // Count per client over the last 5 s, when all three pods were ready.
    const grpc = new Set<string>();
    const http = new Set<string>();
    for (let i = 0; i < 20; i++) {
      grpc.add(c.request('web', { client: 'grpc', connection: 'reuse' }).pod!);
      http.add(c.request('web', { client: 'http' }).pod!);
    }
    expect(start).toBeGreaterThan(0);
    expect(grpc.size).toBe(1);
    expect(http.size).toBe(3);
    const opened = c.timeline().filter((e) => e.text.startsWith('traffic/grpc connected'));
    expect(opened).toHaveLength(1);
  });

  it('the connection moves when its pod is deleted', () => {
    const c = running(web(2));
    const first = c.request('web', { connection: 'reuse' });
    c.deletePod(first.pod!);
    c.runUntilStable();
    const next = c.request('web', { connection: 'reuse' });
    expect(next.pod).not.toBe(first.pod);
    expect(next.connection).not.toBe(first.connection);
  });
});

describe('L7 proxies balance every request', () => {
  const ingress = (annotations = '') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: grpc
${annotations}spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
`;

  it('an Ingress with backend-protocol GRPC spreads one long connection over every pod (round robin)', () => {
    const c = running(web(3) + ingress("  annotations: {nginx.ingress.kubernetes.io/backend-protocol: GRPC}\n"));
    const pods = Array.from({ length: 6 }, () => c.request('web', { connection: 'reuse', via: 'grpc' }).pod);
    expect(new Set(pods).size).toBe(3);
    expect(pods.slice(0, 3)).toEqual(pods.slice(3));
  });

  it('without the annotation the Ingress cannot carry a gRPC stream (502, with the fix)', () => {
    const c = running(web(2) + ingress());
    const r = c.request('web', { connection: 'reuse', via: 'grpc' });
    expect(r).toMatchObject({ ok: false, status: 502 });
    expect(r.error).toContain('nginx.ingress.kubernetes.io/backend-protocol: GRPC');
  });

  it('a sidecar proxy balances per request too', () => {
    const c = running(web(3));
    const pods = new Set(Array.from({ length: 3 }, () => c.request('web', { connection: 'reuse', via: 'sidecar' }).pod));
    expect(pods.size).toBe(3);
  });
});

describe('trafficStats and determinism', () => {
  it('counts requests per pod per bucket', () => {
    const c = running(web(2));
    const t0 = c.now();
    c.startClient({ name: 'load', target: 'web', ratePerSecond: 10, connection: 'short', durationMs: 3_000 });
    c.advance(5_000);
    const stats = c.trafficStats({ bucketMs: 1000 });
    const total = Object.values(stats.totals).reduce((a, b) => a + b, 0);
    expect(total).toBe(30);
    // Every request falls in the buckets of the client's 3 s, none before or after.
    const first = Math.floor(t0 / 1000);
    const last = Math.floor((t0 + 2_999) / 1000);
    for (const row of Object.values(stats.perPod)) {
      row.forEach((count, i) => {
        if (i < first || i > last) expect(count).toBe(0);
      });
    }
    expect(stats.failed).toBe(0);
  });

  it('traffic does not shift the cluster random stream: pod names are the same with or without requests', () => {
    const a = running(web(2));
    const b = running(web(2));
    for (let i = 0; i < 50; i++) b.request('web');
    a.scale('Deployment', 'web', 4);
    b.scale('Deployment', 'web', 4);
    a.runUntilStable();
    b.runUntilStable();
    expect(podsOf(b)).toEqual(podsOf(a));
  });

  it('the same run routes the same way', () => {
    const route = () => {
      const c = running(web(3));
      return Array.from({ length: 20 }, () => c.request('web').pod);
    };
    expect(route()).toEqual(route());
  });
});
