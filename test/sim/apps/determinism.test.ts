// App models run beside the engine without disturbing it (common brief: one seeded main stream;
// issue 7: timeline lines are appended without changing existing ones).
import { describe, expect, it } from 'vitest';
import { applyOk, newCluster, send, statefulApp } from './helpers';
import type { SimCluster } from '../../../src/sim/cluster/cluster';

function run(withRequests: boolean): SimCluster {
  const c = newCluster(3);
  applyOk(c, statefulApp({ name: 'web', replicas: 2, model: 'web', storage: 'none' }));
  applyOk(c, statefulApp({ name: 'etcd', replicas: 3, model: 'quorum' }));
  c.runUntilStable();
  if (withRequests) {
    for (let i = 0; i < 20; i++) send(c, `web-${i % 2}`, 'POST', '/login', { body: `user=u${i}` });
    for (let i = 0; i < 5; i++) send(c, `etcd-${i % 3}`, 'PUT', `/kv/k${i}`, { body: 'v' });
  }
  c.scale('StatefulSet', 'web', 4);
  c.deletePod('etcd-1');
  c.runUntilStable();
  return c;
}

describe('apps leave the engine as it was', () => {
  it('requests never consume the main random stream: later pods get the same uids and IPs', () => {
    const quiet = run(false);
    const busy = run(true);
    const ids = (c: SimCluster) => c.list('Pod').map((p) => `${p.metadata.name} ${p.metadata.uid} ${p.status?.podIP}`);
    expect(ids(busy)).toEqual(ids(quiet));
  });

  it('the engine’s own timeline lines are identical; app lines are only added', () => {
    const quiet = run(false);
    const busy = run(true);
    const engineLines = (c: SimCluster) => c.timeline().filter((e) => e.kind !== 'app').map((e) => `${e.t} ${e.text}`);
    expect(engineLines(busy)).toEqual(engineLines(quiet));
    expect(busy.timeline().filter((e) => e.kind === 'app').map((e) => e.text)).toEqual(['app/etcd-0 leader term=1']);
  });

  it('two runs with the same seed give the same session cookies', () => {
    const cookies = () => {
      const c = run(false);
      return [0, 1, 2].map((i) => send(c, 'web-0', 'POST', '/login', { body: `user=u${i}` }).headers?.['set-cookie']);
    };
    const first = cookies();
    expect(cookies()).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });
});
