// Every behavioural claim of content/lessons/07-connection-state.mdx, checked against the engine's
// traffic layer: kube-proxy picks a pod once per connection, L7 proxies once per request.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { deployment, docs, service } from '../fixtures/k8s';

/** A gRPC Deployment `api` behind a ClusterIP Service `api` (or a headless one), optionally with an Ingress. */
function api(replicas: number, options: { headless?: boolean; ingress?: 'grpc' | 'http' } = {}): string {
  const ingress = options.ingress
    ? `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
${options.ingress === 'grpc' ? '  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: "GRPC"\n' : ''}spec:
  ingressClassName: nginx
  rules:
  - host: api.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: { name: api, port: { number: 50051 } }
`
    : '';
  return docs(deployment('api', { replicas, image: 'api:1.0' }), service('api', { port: 50051, headless: options.headless }), ingress);
}

function started(yaml: string, seed = 7): Cluster {
  const c = createCluster({ seed });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const live = (c: Cluster) => c.list('Pod', { app: 'api' }).filter((p) => !p.metadata.deletionTimestamp);
const apiPods = (c: Cluster) => live(c).map((p) => p.metadata.name).sort();

/** Requests served per pod since `from` (inclusive), from the traffic statistics in 1 s buckets. */
function servedSince(c: Cluster, from: number): Record<string, number> {
  const stats = c.trafficStats({ bucketMs: 1000 });
  const first = Math.floor(from / 1000);
  const out: Record<string, number> = {};
  for (const [pod, row] of Object.entries(stats.perPod)) out[pod] = row.slice(first).reduce((a, b) => a + b, 0);
  return out;
}

describe('07-connection-state claims', () => {
  it('07-connection-state: a Service picks a pod once per connection; every request on it goes to that pod', () => {
    const c = started(api(4));
    const first = c.request('api', { client: 'grpc-client', connection: 'reuse' });
    for (let i = 0; i < 40; i++) {
      const r = c.request('api', { client: 'grpc-client', connection: 'reuse' });
      expect(r.pod).toBe(first.pod);
      expect(r.connection).toBe(first.connection);
    }
  });

  it('07-connection-state: a client that opens a new connection per request is spread over every ready pod', () => {
    const c = started(api(4));
    const pods = new Set(Array.from({ length: 80 }, () => c.request('api', { client: 'rest-client' }).pod));
    expect([...pods].sort()).toEqual(apiPods(c));
  });

  it('07-connection-state: scaling a gRPC backend from 2 to 6 replicas leaves all the traffic on the 2 old pods', () => {
    const c = started(api(2));
    const before = apiPods(c);
    for (let i = 1; i <= 4; i++) c.startClient({ name: `client-${i}`, target: 'api', ratePerSecond: 100, connection: 'long' });
    c.advance(2_000);
    c.scale('Deployment', 'api', 6);
    c.advance(10_000);
    const from = c.now();
    c.advance(60_000);
    for (let i = 1; i <= 4; i++) c.stopClient(`client-${i}`);
    const added = apiPods(c).filter((p) => !before.includes(p));
    expect(added).toHaveLength(4);
    const served = servedSince(c, from);
    for (const p of added) expect(served[p] ?? 0).toBe(0);
    expect(before.reduce((sum, p) => sum + (served[p] ?? 0), 0)).toBeGreaterThanOrEqual(4 * 100 * 59);
  });

  it('07-connection-state: with short connections, the same scale-up spreads load over the new pods at once', () => {
    const c = started(api(2));
    const before = apiPods(c);
    for (let i = 1; i <= 4; i++) c.startClient({ name: `client-${i}`, target: 'api', ratePerSecond: 100, connection: 'short' });
    c.advance(2_000);
    c.scale('Deployment', 'api', 4);
    c.advance(10_000);
    const from = c.now();
    c.advance(20_000);
    for (let i = 1; i <= 4; i++) c.stopClient(`client-${i}`);
    const served = servedSince(c, from);
    const added = apiPods(c).filter((p) => !before.includes(p));
    const total = Object.values(served).reduce((a, b) => a + b, 0);
    for (const p of added) expect(served[p] / total).toBeGreaterThan(0.15);
  });

  it('07-connection-state: a long-lived connection opens once and stays, so the Service never chooses again', () => {
    const c = started(api(2));
    c.startClient({ name: 'grpc', target: 'api', ratePerSecond: 50, connection: 'long' });
    c.advance(5_000);
    c.scale('Deployment', 'api', 6);
    c.advance(30_000);
    c.stopClient('grpc');
    expect(c.timeline().filter((e) => e.text.startsWith('traffic/grpc connected'))).toHaveLength(1);
  });

  it('07-connection-state: restarting the clients spreads them again, once: their new connections reach the new pods', () => {
    const c = started(api(2));
    const before = apiPods(c);
    const clients = Array.from({ length: 8 }, (_, i) => `client-${i}`);
    for (const client of clients) c.request('api', { client, connection: 'reuse' });
    c.scale('Deployment', 'api', 4);
    c.runUntilStable();
    const added = apiPods(c).filter((p) => !before.includes(p));
    const pinned = clients.map((client) => c.request('api', { client, connection: 'reuse' }).pod!);
    expect(pinned.every((p) => before.includes(p))).toBe(true);
    // A restarted client pod is a new client with no open connection.
    const restarted = clients.map((client) => c.request('api', { client: `${client}-restarted`, connection: 'reuse' }).pod!);
    expect(restarted.some((p) => added.includes(p))).toBe(true);
  });

  it('07-connection-state: a gRPC-aware ingress (backend-protocol GRPC) balances every call of one connection over every pod', () => {
    const c = started(api(3, { ingress: 'grpc' }));
    const pods = Array.from({ length: 9 }, () => c.request('api', { client: 'grpc-client', connection: 'reuse', via: 'api' }).pod);
    expect([...new Set(pods)].sort()).toEqual(apiPods(c));
  });

  it('07-connection-state: through the gRPC ingress, a new replica gets its share as soon as it is ready', () => {
    const c = started(api(2, { ingress: 'grpc' }));
    const before = apiPods(c);
    c.request('api', { client: 'grpc-client', connection: 'reuse', via: 'api' });
    c.scale('Deployment', 'api', 4);
    c.runUntilStable();
    const added = apiPods(c).filter((p) => !before.includes(p));
    const pods = Array.from({ length: 8 }, () => c.request('api', { client: 'grpc-client', connection: 'reuse', via: 'api' }).pod);
    for (const p of added) expect(pods.filter((x) => x === p)).toHaveLength(2);
  });

  it('07-connection-state: without the GRPC backend protocol, the ingress cannot carry a gRPC stream', () => {
    const c = started(api(2, { ingress: 'http' }));
    const r = c.request('api', { client: 'grpc-client', connection: 'reuse', via: 'api' });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(502);
    expect(r.error).toContain('nginx.ingress.kubernetes.io/backend-protocol: GRPC');
  });

  it('07-connection-state: the ingress sends to the ready endpoints directly: an unready pod gets no calls', () => {
    const c = started(api(3, { ingress: 'grpc' }));
    const [down] = apiPods(c);
    c.setReady(down, false);
    c.advance(1_000);
    const pods = new Set(Array.from({ length: 9 }, () => c.request('api', { connection: 'reuse', via: 'api' }).pod));
    expect(pods.has(down)).toBe(false);
    expect(pods.size).toBe(2);
  });

  it('07-connection-state: a sidecar proxy beside the client balances each request over the backend pods', () => {
    const c = started(api(3));
    const pods = Array.from({ length: 6 }, () => c.request('api', { client: 'grpc-client', connection: 'reuse', via: 'sidecar' }).pod);
    expect([...new Set(pods)].sort()).toEqual(apiPods(c));
  });

  it('07-connection-state: a headless Service returns every ready pod\'s IP in DNS, for client-side round robin', () => {
    const c = started(api(3, { headless: true }));
    const ips = live(c).map((p) => p.status.podIP).sort();
    expect(c.resolve('api.default.svc.cluster.local').slice().sort()).toEqual(ips);
  });

  it('07-connection-state: with client-side balancing, new pods are seen only when the client re-resolves DNS', () => {
    const c = started(api(2, { headless: true }));
    const resolvedBefore = c.resolve('api.default.svc.cluster.local');
    c.scale('Deployment', 'api', 4);
    c.runUntilStable();
    const resolvedAfter = c.resolve('api.default.svc.cluster.local');
    expect(resolvedBefore).toHaveLength(2);
    expect(resolvedAfter).toHaveLength(4);
    expect(resolvedAfter).toEqual(expect.arrayContaining(resolvedBefore));
  });

  it('07-connection-state: a pinned connection moves only when it closes, e.g. when its pod goes away', () => {
    const c = started(api(3));
    const first = c.request('api', { client: 'grpc-client', connection: 'reuse' });
    c.deletePod(first.pod!);
    c.runUntilStable();
    const next = c.request('api', { client: 'grpc-client', connection: 'reuse' });
    expect(next.pod).not.toBe(first.pod);
    expect(next.connection).not.toBe(first.connection);
  });
});
