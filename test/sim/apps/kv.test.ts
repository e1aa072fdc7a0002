// The `kv` model: data lives on the volume under its data path, so it follows the
// PersistentVolumeClaim, not the pod. Idea followed: Kubernetes docs, "StatefulSets" → Stable
// Storage ("When a Pod is (re)scheduled onto any node in the cluster, the PersistentVolumes mounted
// to it … are reclaimed by the same PersistentVolumeClaims") and "Volumes" → emptyDir ("When a Pod
// is removed from a node for any reason, the data in the emptyDir is deleted permanently").
import { describe, expect, it } from 'vitest';
import { applyOk, newCluster, send, statefulApp } from './helpers';

describe('kv: data follows the claim, not the pod (docs: StatefulSet stable storage, emptyDir)', () => {
  const table: Array<{ storage: 'pvc' | 'emptyDir' | 'none'; survives: boolean; where: string }> = [
    { storage: 'pvc', survives: true, where: 'PersistentVolumeClaim data-kv-0' },
    { storage: 'emptyDir', survives: false, where: 'emptyDir data' },
    { storage: 'none', survives: false, where: 'the container filesystem' },
  ];
  for (const t of table) {
    it(`${t.storage}: a value written before the pod is recreated is ${t.survives ? 'still there' : 'gone'}`, () => {
      const c = newCluster();
      applyOk(c, statefulApp({ name: 'kv', replicas: 1, model: 'kv', storage: t.storage }));
      c.runUntilStable();
      expect(send(c, 'kv-0', 'PUT', '/kv/greeting', { body: 'hello' })).toEqual({ status: 200, body: 'stored greeting on kv-0' });
      expect(send(c, 'kv-0', 'GET', '/kv/greeting')).toEqual({ status: 200, body: 'hello' });
      expect(c.readFile('kv-0', '/data/kv.json')).toBe('{"greeting":"hello"}');
      expect(c.appStatus('kv-0')).toEqual({ pod: 'kv-0', model: 'kv', serving: true, detail: { keys: 1, dataPath: '/data', storage: t.where, persistent: t.survives } });
      const uid = c.get('Pod', 'kv-0')?.metadata.uid;
      c.deletePod('kv-0');
      c.runUntilStable();
      expect(c.get('Pod', 'kv-0')?.metadata.uid).not.toBe(uid);
      expect(send(c, 'kv-0', 'GET', '/kv/greeting')).toEqual(t.survives ? { status: 200, body: 'hello' } : { status: 404, body: 'key greeting not found on kv-0' });
    });
  }

  it('each replica has its own claim: kv-1 does not see kv-0’s data', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'kv', replicas: 2, model: 'kv' }));
    c.runUntilStable();
    send(c, 'kv-0', 'PUT', '/kv/a', { body: '1' });
    expect(send(c, 'kv-1', 'GET', '/kv/a').status).toBe(404);
    expect(send(c, 'kv-0', 'GET', '/kv')).toEqual({ status: 200, body: '["a"]' });
  });

  it('data-path moves the data file; a path outside the volume is lost with the pod', () => {
    const c = newCluster();
    applyOk(c, statefulApp({ name: 'kv', replicas: 1, model: 'kv', params: { 'data-path': '/var/lib/kv' }, mountPath: '/var/lib/kv' }));
    applyOk(c, statefulApp({ name: 'miss', replicas: 1, model: 'kv', params: { 'data-path': '/srv' } }));
    c.runUntilStable();
    send(c, 'kv-0', 'PUT', '/kv/x', { body: 'y' });
    send(c, 'miss-0', 'PUT', '/kv/x', { body: 'y' });
    expect(c.readFile('kv-0', '/var/lib/kv/kv.json')).toBe('{"x":"y"}');
    expect(c.appStatus('miss-0')?.detail.storage).toBe('the container filesystem');
    c.deletePod('kv-0');
    c.deletePod('miss-0');
    c.runUntilStable();
    expect(send(c, 'kv-0', 'GET', '/kv/x').status).toBe(200);
    expect(send(c, 'miss-0', 'GET', '/kv/x').status).toBe(404);
  });

  const errors: Array<{ name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; status: number; body: string }> = [
    { name: 'bad key', method: 'PUT', path: '/kv/a b', status: 400, body: '"a b" is not a valid key: use 1–128 letters, digits, ".", "_" or "-", as in /kv/greeting.' },
    { name: 'unknown path', method: 'GET', path: '/users', status: 404, body: 'kv-0 serves /kv/<key> (GET, PUT, DELETE); /users is not one of its paths.' },
    { name: 'write to the list', method: 'PUT', path: '/kv', status: 405, body: 'PUT /kv is not supported: use PUT /kv/<key> to store and GET /kv/<key> to read.' },
    { name: 'delete', method: 'DELETE', path: '/kv/a', status: 200, body: 'deleted a on kv-0' },
  ];
  for (const t of errors) {
    it(`${t.name} → ${t.status}`, () => {
      const c = newCluster();
      applyOk(c, statefulApp({ name: 'kv', replicas: 1, model: 'kv' }));
      c.runUntilStable();
      expect(send(c, 'kv-0', t.method, t.path)).toEqual({ status: t.status, body: t.body });
    });
  }

  it('a read-only mount refuses writes with the reason', () => {
    const c = newCluster();
    const yaml = statefulApp({ name: 'kv', replicas: 1, model: 'kv' }).replace('mountPath: /data', 'mountPath: /data\n          readOnly: true');
    applyOk(c, yaml);
    c.runUntilStable();
    expect(send(c, 'kv-0', 'PUT', '/kv/a', { body: '1' })).toEqual({
      status: 500,
      body: 'kv-0: cannot write /data/kv.json: it is on PersistentVolumeClaim data-kv-0, which is mounted read-only.',
    });
  });
});
