// Model selection by the pod-template annotation `sim.k8s.course/app` (src/sim/apps/README.md), and
// requests that do not crash on bad input (team guide: never a crash on bad input).
import { describe, expect, it } from 'vitest';
import { applyOk, newCluster, send, statefulApp } from './helpers';
import { handleAppRequest } from '../../../src/sim/apps';

describe('choosing a model', () => {
  it('a pod without the annotation answers like a plain web server and has no app status', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'plain', replicas: 1, model: 'web' }).replace(/\n\s+annotations:\n\s+sim\.k8s\.course\/app: "web"/, ''));
    c.runUntilStable();
    expect(c.get('Pod', 'plain-0')?.metadata.annotations?.['sim.k8s.course/app']).toBeUndefined();
    expect(send(c, 'plain-0', 'GET', '/anything')).toEqual({ status: 200, body: 'served by plain-0' });
    expect(c.appStatus('plain-0')).toBeUndefined();
    expect(c.appStatus('no-such-pod')).toBeUndefined();
  });

  it('an unknown model is named in a 500 answer and in the app status', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'x', replicas: 1, model: 'mongo' }));
    c.runUntilStable();
    const message = 'pod x-0 asks for app model "mongo" (annotation sim.k8s.course/app), which does not exist; use one of: web, kv, replicated-db, quorum.';
    expect(send(c, 'x-0', 'GET', '/')).toEqual({ status: 500, body: message });
    expect(c.appStatus('x-0')).toEqual({ pod: 'x-0', model: 'mongo', serving: false, detail: { error: message } });
  });

  it('malformed requests get an answer, not an exception', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'kv', replicas: 1, model: 'kv' }));
    applyOk(c, statefulApp({ name: 'etcd', replicas: 1, model: 'quorum' }));
    c.runUntilStable();
    for (const name of ['kv-0', 'etcd-0']) {
      const pod = c.engine.store.get('Pod', 'default', name)!;
      const weird = [
        { method: 'PATCH', path: '/kv/a' },
        { method: 'GET', path: 'kv/a' },
        { method: 'GET', path: '/kv/%E0%A4%A' },
        { method: 'PUT', path: '/kv/' + 'k'.repeat(300) },
        { method: 'GET', path: undefined, headers: null },
      ];
      for (const w of weird) {
        const r = handleAppRequest(c.engine.context(), pod, { client: 'c', connection: 'c#1', headers: {}, ...(w as any) });
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(typeof r.body).toBe('string');
      }
    }
  });
});
