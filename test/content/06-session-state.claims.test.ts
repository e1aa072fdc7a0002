// Every behavioural claim of content/lessons/06-session-state.mdx, checked against the engine: the
// Service's routing (kube-proxy, sessionAffinity ClientIP) and the `web` app model's sessions.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { appAnnotations, deployment, docs, service } from '../fixtures/k8s';

interface WebOptions {
  replicas?: number;
  /** `memory` (the framework default) or `external` (a shared store behind the Service `redis`). */
  sessions?: 'memory' | 'external';
  /** Extra lines of the Service spec, indented two spaces. */
  service?: string;
}

/** A Deployment `web` running the `web` app model behind a Service `web` (and a `redis` store when external). */
function webApp(options: WebOptions = {}): string {
  const { replicas = 2, sessions = 'memory', service: serviceSpec = '' } = options;
  const store = sessions === 'external' ? [deployment('redis', { replicas: 1, image: 'redis:7' }), service('redis', { port: 6379 })] : [];
  const storeAnnotation = sessions === 'external' ? ', sim.k8s.course/session-store: redis' : '';
  return docs(
    ...store,
    deployment('web', { replicas, image: 'shop:1.0', annotations: `${appAnnotations('web')}, sim.k8s.course/sessions: ${sessions}${storeAnnotation}` }),
    service('web', { targetPort: 8080, extraSpec: serviceSpec }),
  );
}

const sticky = (timeoutSeconds?: number) =>
  `  sessionAffinity: ClientIP\n${timeoutSeconds ? `  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: ${timeoutSeconds}\n` : ''}`;

function started(yaml: string, seed = 6): Cluster {
  const c = createCluster({ seed });
  const result = c.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  c.runUntilStable();
  return c;
}

const webPods = (c: Cluster) => c.list('Pod', { app: 'web' }).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();

/** Log `user` in through the Service; returns the cookie header and the pod that holds the session. */
function login(c: Cluster, user: string, client = user): { cookie: string; pod: string } {
  const r = c.request('web', { client, method: 'POST', path: '/login', body: `user=${user}` });
  expect(r.status).toBe(200);
  const m = /^session=([^;]+)/.exec(r.headers?.['set-cookie'] ?? '');
  expect(m).not.toBeNull();
  return { cookie: `session=${m![1]}`, pod: r.pod! };
}

const profile = (c: Cluster, cookie: string, client: string) =>
  c.request('web', { client, path: '/profile', headers: { cookie } });

describe('06-session-state claims', () => {
  it('06-session-state: sessionAffinity defaults to None, and each new connection picks a pod at random', () => {
    const c = started(webApp({ replicas: 3 }));
    expect(c.get('Service', 'web')?.spec.sessionAffinity).toBe('None');
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) seen.add(c.request('web', { client: 'alice' }).pod!);
    expect([...seen].sort()).toEqual(webPods(c));
  });

  it('06-session-state: with in-memory sessions and two replicas, a logged-in user is sometimes answered 401', () => {
    const c = started(webApp({ replicas: 2 }));
    const { cookie, pod } = login(c, 'alice');
    const answers = Array.from({ length: 40 }, () => profile(c, cookie, 'alice'));
    const known = answers.filter((r) => r.status === 200);
    const unknown = answers.filter((r) => r.status === 401);
    expect(known.every((r) => r.pod === pod)).toBe(true);
    expect(unknown.every((r) => r.pod !== pod)).toBe(true);
    expect(known.length).toBeGreaterThan(0);
    expect(unknown.length).toBeGreaterThan(0);
  });

  it('06-session-state: with N replicas, about 1/N of the requests after the login reach the pod that knows the session', () => {
    const c = started(webApp({ replicas: 4 }));
    const { cookie } = login(c, 'alice');
    const n = 400;
    const ok = Array.from({ length: n }, () => profile(c, cookie, 'alice')).filter((r) => r.status === 200).length;
    expect(ok / n).toBeGreaterThan(0.15);
    expect(ok / n).toBeLessThan(0.35);
  });

  it('06-session-state: even with one replica, a restart of the pod logs everybody out', () => {
    const c = started(webApp({ replicas: 1 }));
    const { cookie, pod } = login(c, 'alice');
    expect(profile(c, cookie, 'alice').status).toBe(200);
    c.deletePod(pod);
    c.runUntilStable();
    const after = profile(c, cookie, 'alice');
    expect(after.pod).not.toBe(pod);
    expect(after.status).toBe(401);
  });

  it('06-session-state: with a shared session store any replica serves any request', () => {
    const c = started(webApp({ replicas: 3, sessions: 'external' }));
    const { cookie } = login(c, 'alice');
    const answers = Array.from({ length: 30 }, () => profile(c, cookie, 'alice'));
    expect(new Set(answers.map((r) => r.pod)).size).toBe(3);
    expect(answers.every((r) => r.status === 200)).toBe(true);
  });

  it('06-session-state: with a shared store, a replaced web pod loses nothing', () => {
    const c = started(webApp({ replicas: 2, sessions: 'external' }));
    const { cookie } = login(c, 'alice');
    for (const p of webPods(c)) c.deletePod(p);
    c.runUntilStable();
    expect(profile(c, cookie, 'alice').status).toBe(200);
  });

  it('06-session-state: the store is now the stateful part: when it is unreachable, logins fail', () => {
    const c = started(webApp({ replicas: 2, sessions: 'external' }));
    const { cookie } = login(c, 'alice');
    c.scale('Deployment', 'redis', 0);
    c.runUntilStable();
    expect(profile(c, cookie, 'alice').status).toBe(503);
  });

  it('06-session-state: sessionAffinity ClientIP sends each client\'s new connections to the same pod', () => {
    const c = started(webApp({ replicas: 3, service: sticky(1800) }));
    const { cookie, pod } = login(c, 'alice');
    for (let i = 0; i < 30; i++) {
      const r = profile(c, cookie, 'alice');
      expect(r.pod).toBe(pod);
      expect(r.status).toBe(200);
    }
  });

  it('06-session-state: stickiness ends when the client has not been seen for timeoutSeconds', () => {
    const c = started(webApp({ replicas: 3, service: sticky(1800) }));
    const { cookie, pod } = login(c, 'alice');
    c.advance(1_799_000);
    expect(profile(c, cookie, 'alice').pod).toBe(pod);
    // After each gap longer than the timeout the client may be sent anywhere.
    const after = new Set<string>();
    for (let i = 0; i < 20; i++) {
      c.advance(1_801_000);
      after.add(profile(c, cookie, 'alice').pod!);
    }
    expect(after.size).toBeGreaterThan(1);
  });

  it('06-session-state: the default timeoutSeconds is 10800 (3 hours)', () => {
    const c = started(webApp({ replicas: 3, service: sticky() }));
    const { cookie, pod } = login(c, 'alice');
    c.advance(10_799_000);
    expect(profile(c, cookie, 'alice').pod).toBe(pod);
    const after = new Set<string>();
    for (let i = 0; i < 20; i++) {
      c.advance(10_801_000);
      after.add(profile(c, cookie, 'alice').pod!);
    }
    expect(after.size).toBeGreaterThan(1);
  });

  it('06-session-state: timeoutSeconds is at most 86400: a longer timeout is refused with the limit', () => {
    const c = createCluster({ seed: 6 });
    const refused = c.apply(webApp({ service: sticky(86401) }));
    expect(refused.diagnostics.map((d) => d.path)).toEqual(['spec.sessionAffinityConfig.clientIP.timeoutSeconds']);
    expect(refused.diagnostics[0].message).toContain('86400');
    expect(c.get('Service', 'web')).toBeUndefined();
    expect(createCluster({ seed: 6 }).apply(webApp({ service: sticky(86400) })).diagnostics).toEqual([]);
  });

  it('06-session-state: a sticky session is lost when its pod goes away (a rollout replaces every pod)', () => {
    const c = started(webApp({ replicas: 2, service: sticky(1800) }));
    const { cookie, pod } = login(c, 'alice');
    c.patch('Deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'shop:1.1' }] } } } });
    c.runUntilStable();
    expect(webPods(c)).not.toContain(pod);
    const r = profile(c, cookie, 'alice');
    expect(r.ok).toBe(true);
    expect(r.status).toBe(401);
  });

  it('06-session-state: a sticky client moves only when its pod stops being a ready endpoint', () => {
    const c = started(webApp({ replicas: 3, service: sticky(1800) }));
    const { cookie, pod } = login(c, 'alice');
    c.setReady(pod, false);
    c.advance(1000);
    const r = profile(c, cookie, 'alice');
    expect(r.pod).not.toBe(pod);
    expect(r.status).toBe(401);
  });

  it('06-session-state: with stickiness, pods added by a scale-up receive none of the clients already stuck elsewhere', () => {
    const c = started(webApp({ replicas: 2, service: sticky(1800) }));
    const clients = Array.from({ length: 10 }, (_, i) => `user-${i}`);
    const firstPod = new Map(clients.map((u) => [u, login(c, u).pod]));
    const before = webPods(c);
    c.scale('Deployment', 'web', 4);
    c.runUntilStable();
    const added = webPods(c).filter((p) => !before.includes(p));
    expect(added).toHaveLength(2);
    for (const u of clients) expect(c.request('web', { client: u }).pod).toBe(firstPod.get(u));
    // A new client, on the other hand, can land on the new pods.
    const newcomers = new Set(Array.from({ length: 30 }, (_, i) => c.request('web', { client: `new-${i}` }).pod));
    expect(added.some((p) => newcomers.has(p))).toBe(true);
  });

  it('06-session-state: "client" means IP address: users behind one NAT share an IP and all land on one pod', () => {
    const c = started(webApp({ replicas: 3, service: sticky(1800) }));
    const pods = new Set(['alice', 'bob', 'carol', 'dave'].map((u) => login(c, u, 'nat-gateway').pod));
    expect(pods.size).toBe(1);
  });

  it('06-session-state: through an ingress controller, ClientIP on the Service does not keep a user on one pod', () => {
    const c = started(`${webApp({ replicas: 3, service: sticky(1800) })}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
`);
    const pods = new Set(Array.from({ length: 6 }, () => c.request('web', { client: 'alice', via: 'shop' }).pod));
    expect(pods.size).toBeGreaterThan(1);
  });
});
