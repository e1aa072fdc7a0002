// The `web` model: login sessions kept in a replica's memory vs in an external session store.
// Idea followed: the course's "session state" lesson (12-factor app, factor VI "Processes": "Sticky
// sessions are a violation of twelve-factor … Session state data is a good candidate for a datastore
// that offers time-expiration, such as Memcached or Redis").
import { describe, expect, it } from 'vitest';
import { applyOk, deploymentApp, newCluster, podNames, send, statefulApp } from './helpers';
import { loginUser } from '../../../src/sim/apps/web';

function sessionCookie(setCookie: string | undefined): string {
  const m = /^session=([^;]+)/.exec(setCookie ?? '');
  if (!m) throw new Error(`no session cookie in ${setCookie}`);
  return `session=${m[1]}`;
}

describe('web: sessions in memory (12-factor VI: sticky sessions are a violation)', () => {
  it('a session is known only to the replica that created it, and dies with the pod', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('web', 2, 'web'));
    c.runUntilStable();
    const [a, b] = podNames(c, { app: 'web' });
    const login = send(c, a, 'POST', '/login', { body: 'user=alice' });
    expect(login.status).toBe(200);
    expect(login.body).toBe(`logged in as alice on ${a} (session kept in the memory of ${a})`);
    const cookie = sessionCookie(login.headers?.['set-cookie']);
    expect(send(c, a, 'GET', '/profile', { cookie })).toEqual({ status: 200, body: `alice (served by ${a})` });

    const other = send(c, b, 'GET', '/profile', { cookie });
    expect(other.status).toBe(401);
    expect(other.body).toBe(
      `not logged in: ${b} does not know session ${cookie.slice(8)}. Sessions live in each replica's memory, so another replica or a restarted pod has never seen it; keep them in an external store (sim.k8s.course/sessions: external).`,
    );
    expect(c.appStatus(a)).toEqual({ pod: a, model: 'web', serving: true, detail: { sessions: 'memory', activeSessions: 1 } });

    c.deletePod(a);
    c.runUntilStable();
    const fresh = podNames(c, { app: 'web' });
    expect(fresh).not.toContain(a);
    for (const p of fresh) expect(send(c, p, 'GET', '/profile', { cookie }).status).toBe(401);
  });

  const cases: Array<{ name: string; method: 'GET' | 'POST'; path: string; cookie?: string; status: number; body: string }> = [
    { name: 'no cookie', method: 'GET', path: '/profile', status: 401, body: 'not logged in: the request carries no session cookie. POST /login first and send the cookie back.' },
    { name: 'GET /login', method: 'GET', path: '/login', status: 405, body: 'Log in with POST /login (body: user=<name>); GET /login is not supported.' },
    { name: 'unknown path', method: 'GET', path: '/admin', status: 404, body: 'web-0 serves /, POST /login, GET /profile and /logout; /admin is not one of them.' },
    { name: 'root', method: 'GET', path: '/', status: 200, body: 'served by web-0' },
  ];
  for (const t of cases) {
    it(`${t.name} → ${t.status}`, () => {
      const c = newCluster();
      applyOk(c, statefulApp({ name: 'web', replicas: 1, model: 'web', storage: 'none' }));
      c.runUntilStable();
      expect(send(c, 'web-0', t.method, t.path, t.cookie ? { cookie: t.cookie } : {})).toEqual({ status: t.status, body: t.body });
    });
  }

  it('reads the user from form, JSON or plain bodies', () => {
    expect(loginUser('user=bob&x=1')).toBe('bob');
    expect(loginUser('{"username":"carol"}')).toBe('carol');
    expect(loginUser('dave')).toBe('dave');
    expect(loginUser(undefined)).toBe('guest');
    expect(loginUser('{broken')).toBe('{broken');
  });
});

describe('web: sessions in an external store (12-factor VI: session state in a datastore)', () => {
  const external = { sessions: 'external', 'session-store': 'redis' };

  it('any replica knows the session, also after the web pods are replaced', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('redis', 1, undefined));
    applyOk(c, deploymentApp('web', 2, 'web', external));
    c.runUntilStable();
    const [a, b] = podNames(c, { app: 'web' });
    const login = send(c, a, 'POST', '/login', { body: 'user=alice' });
    expect(login.body).toBe(`logged in as alice on ${a} (session kept in session store redis)`);
    const cookie = sessionCookie(login.headers?.['set-cookie']);
    expect(send(c, b, 'GET', '/profile', { cookie })).toEqual({ status: 200, body: `alice (served by ${b})` });
    c.deletePod(a);
    c.deletePod(b);
    c.runUntilStable();
    for (const p of podNames(c, { app: 'web' })) expect(send(c, p, 'GET', '/profile', { cookie }).status).toBe(200);
    expect(c.appStatus(b)).toBeUndefined();
    const now = podNames(c, { app: 'web' })[0];
    expect(c.appStatus(now)).toEqual({ pod: now, model: 'web', serving: true, detail: { sessions: 'external', store: 'redis', storeReachable: true } });
  });

  it('logins fail with 503 while the store is unreachable, and come back with it', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('redis', 1, 'kv'));
    applyOk(c, deploymentApp('web', 1, 'web', external));
    c.runUntilStable();
    const [w] = podNames(c, { app: 'web' });
    const cookie = sessionCookie(send(c, w, 'POST', '/login', { body: 'alice' }).headers?.['set-cookie']);
    const [r] = podNames(c, { app: 'redis' });
    c.setReady(r, false);
    c.advance(1000); // not runUntilStable: a Deployment with an unready pod keeps requeueing
    expect(send(c, w, 'GET', '/profile', { cookie })).toEqual({ status: 503, body: `session store "redis" is unreachable from ${w}: no ready pod answers behind it.` });
    expect(c.appStatus(w)?.serving).toBe(false);
    c.setReady(r, true);
    c.advance(1000);
    expect(send(c, w, 'GET', '/profile', { cookie }).status).toBe(200);
  });

  it('a store with no app model keeps sessions in its memory: a restarted store forgets them', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('redis', 1, undefined));
    applyOk(c, deploymentApp('web', 1, 'web', external));
    c.runUntilStable();
    const [w] = podNames(c, { app: 'web' });
    const cookie = sessionCookie(send(c, w, 'POST', '/login', {}).headers?.['set-cookie']);
    c.deletePod(podNames(c, { app: 'redis' })[0]);
    c.runUntilStable();
    const after = send(c, w, 'GET', '/profile', { cookie });
    expect(after.status).toBe(401);
    expect(after.body).toBe(`not logged in: session ${cookie.slice(8)} is not in session store redis.`);
  });

  it('a kv store on a PersistentVolumeClaim keeps sessions across its own restart', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'redis', replicas: 1, model: 'kv' }));
    applyOk(c, deploymentApp('web', 1, 'web', { sessions: 'external', 'session-store': 'redis-0.redis' }));
    c.runUntilStable();
    const [w] = podNames(c, { app: 'web' });
    const cookie = sessionCookie(send(c, w, 'POST', '/login', { body: 'user=erin' }).headers?.['set-cookie']);
    c.deletePod('redis-0');
    c.runUntilStable();
    expect(send(c, w, 'GET', '/profile', { cookie })).toEqual({ status: 200, body: `erin (served by ${w})` });
  });

  it('a missing store name and a name that does not resolve are explained', () => {
    const c = newCluster();
    applyOk(c, deploymentApp('web', 1, 'web', { sessions: 'external' }));
    applyOk(c, deploymentApp('api', 1, 'web', { sessions: 'external', 'session-store': 'memcached' }));
    c.runUntilStable();
    const [w] = podNames(c, { app: 'web' });
    const [a] = podNames(c, { app: 'api' });
    expect(send(c, w, 'POST', '/login', {})).toEqual({
      status: 503,
      body: `${w} keeps sessions in an external store but none is configured: set the annotation sim.k8s.course/session-store (or env SESSION_STORE) to the store's Service name, e.g. redis.`,
    });
    expect(send(c, a, 'POST', '/login', {})).toEqual({
      status: 503,
      body: `session store "memcached" is unreachable from ${a}: the name does not resolve (no such Service, or none of its pods is ready).`,
    });
  });
});
