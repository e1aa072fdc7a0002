// `web`: a web app with logins. POST /login sets a `session` cookie; GET /profile with the cookie
// answers 200 while the session is known, else 401.
// - `sessions: memory` (default): each replica keeps its sessions in its own memory, so a request
//   that reaches another replica, or a restarted pod, does not know the session (the classic sticky
//   session problem of the stateless-vs-stateful lesson).
// - `sessions: external`: sessions live in a session store named by `session-store` (a Service
//   name, e.g. `redis`; env SESSION_STORE also works). They survive pod moves and restarts while the
//   store is reachable. A store pod running the `kv` model keeps them in its kv file (so they last as
//   long as its volume); a store pod with no app model keeps them in its own memory, like Redis
//   without persistence.
import type { KubeObject } from '../api';
import type { ControllerContext } from '../cluster/controller';
import type { AppModel, PodAppStatus } from './model';
import { cookie, routeOf, text } from './model';
import { declaredModel, envVar, param } from './params';
import { kvGet, kvPut } from './kv';
import { appRandom, peekMemory, podMemory, reachable, resolveHost } from './runtime';

export const SESSION_COOKIE = 'session';
const SESSIONS = 'web/sessions';

type SessionMode = 'memory' | 'external';

function modeOf(pod: KubeObject): SessionMode {
  return param(pod, 'sessions') === 'external' ? 'external' : 'memory';
}

function storeNameOf(pod: KubeObject): string | undefined {
  return param(pod, 'session-store') ?? envVar(pod, 'SESSION_STORE');
}

/** The user named in a login body: `user=alice`, `{"user":"alice"}` or plain `alice`; else `guest`. */
export function loginUser(body: string | undefined): string {
  const b = (body ?? '').trim();
  if (b === '') return 'guest';
  if (b.startsWith('{')) {
    try {
      const j = JSON.parse(b);
      const u = j?.user ?? j?.username;
      if (typeof u === 'string' && u.trim() !== '') return u.trim().slice(0, 64);
    } catch {
      // not JSON: fall through to the other forms
    }
  }
  const m = /(?:^|&)(?:user|username)=([^&]*)/.exec(b);
  if (m && m[1].trim() !== '') return m[1].trim().slice(0, 64);
  return b.split(/\s+/)[0].slice(0, 64);
}

function newSessionId(ctx: ControllerContext): string {
  return appRandom(ctx).suffix(16);
}

function localSessions(ctx: ControllerContext, pod: KubeObject): Map<string, string> {
  return podMemory(ctx, pod, SESSIONS, () => new Map<string, string>());
}

type Store =
  | { ok: true; name: string; get(id: string): string | undefined; put(id: string, user: string | undefined): string | undefined }
  | { ok: false; name: string | undefined; message: string };

/** The session store as the web pod reaches it now: DNS, then the first reachable pod behind it. */
function sessionStore(ctx: ControllerContext, pod: KubeObject): Store {
  const name = storeNameOf(pod);
  if (!name) {
    return {
      ok: false,
      name,
      message: `${pod.metadata.name} keeps sessions in an external store but none is configured: set the annotation sim.k8s.course/session-store (or env SESSION_STORE) to the store's Service name, e.g. redis.`,
    };
  }
  const res = resolveHost(ctx, pod, name);
  if (res.addresses.length === 0) {
    return { ok: false, name, message: `session store "${name}" is unreachable from ${pod.metadata.name}: the name does not resolve (no such Service, or none of its pods is ready).` };
  }
  const live = res.pods.filter((p) => reachable(ctx, p)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const store = live[0];
  if (!store) return { ok: false, name, message: `session store "${name}" is unreachable from ${pod.metadata.name}: no ready pod answers behind it.` };
  if (declaredModel(store) === 'kv') {
    return {
      ok: true,
      name,
      get: (id) => kvGet(ctx, store, `session-${id}`),
      put: (id, user) => {
        const r = kvPut(ctx, store, `session-${id}`, user);
        return r.ok ? undefined : r.message;
      },
    };
  }
  const mem = podMemory(ctx, store, 'session-store', () => new Map<string, string>());
  return {
    ok: true,
    name,
    get: (id) => mem.get(id),
    put: (id, user) => {
      if (user === undefined) mem.delete(id);
      else mem.set(id, user);
      return undefined;
    },
  };
}

export const webModel: AppModel = {
  handle(ctx, pod, req) {
    const me = pod.metadata.name;
    const mode = modeOf(pod);
    const route = routeOf(req);
    const store = mode === 'external' ? sessionStore(ctx, pod) : undefined;
    if (store && !store.ok && (route === '/login' || route === '/profile' || route === '/logout')) return text(503, store.message);
    const get = (id: string) => (store?.ok ? store.get(id) : localSessions(ctx, pod).get(id));
    const put = (id: string, user: string | undefined): string | undefined => {
      if (store?.ok) return store.put(id, user);
      if (user === undefined) localSessions(ctx, pod).delete(id);
      else localSessions(ctx, pod).set(id, user);
      return undefined;
    };
    switch (route) {
      case '/':
        return text(200, `served by ${me}`);
      case '/login': {
        if (req.method !== 'POST') return text(405, `Log in with POST /login (body: user=<name>); ${req.method} /login is not supported.`);
        const user = loginUser(req.body);
        const id = newSessionId(ctx);
        const failed = put(id, user);
        if (failed) return text(503, `${me} could not store the session: ${failed}`);
        const where = store?.ok ? `session store ${store.name}` : `the memory of ${me}`;
        return text(200, `logged in as ${user} on ${me} (session kept in ${where})`, { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly` });
      }
      case '/profile': {
        if (req.method !== 'GET') return text(405, `Read the profile with GET /profile; ${req.method} is not supported.`);
        const id = cookie(req, SESSION_COOKIE);
        if (!id) return text(401, `not logged in: the request carries no ${SESSION_COOKIE} cookie. POST /login first and send the cookie back.`);
        const user = get(id);
        if (user !== undefined) return text(200, `${user} (served by ${me})`);
        if (mode === 'memory') {
          return text(
            401,
            `not logged in: ${me} does not know session ${id}. Sessions live in each replica's memory, so another replica or a restarted pod has never seen it; keep them in an external store (sim.k8s.course/sessions: external).`,
          );
        }
        return text(401, `not logged in: session ${id} is not in session store ${store?.ok ? store.name : ''}.`);
      }
      case '/logout': {
        const id = cookie(req, SESSION_COOKIE);
        if (id) put(id, undefined);
        return text(200, `logged out on ${me}`);
      }
      default:
        return text(404, `${me} serves /, POST /login, GET /profile and /logout; ${route} is not one of them.`);
    }
  },
  status(ctx, pod): PodAppStatus {
    const mode = modeOf(pod);
    if (mode === 'memory') return { serving: true, detail: { sessions: 'memory', activeSessions: peekMemory<Map<string, string>>(ctx, pod, SESSIONS)?.size ?? 0 } };
    const store = sessionStore(ctx, pod);
    return { serving: store.ok, detail: { sessions: 'external', store: store.name ?? '', storeReachable: store.ok } };
  },
};
