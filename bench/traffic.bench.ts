// Traffic at scale (issue 7 target: 100,000 routed requests in under 200 ms): a 20-pod Deployment
// behind a Service; 100,000 requests over new connections (kube-proxy random pick), then 100,000
// over one kept-alive connection, then 100,000 through a ClientIP-affinity Service, then 100,000
// driven by clients on simulated timers. Prints wall ms per phase.
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/sim';
import { deployment, docs, service } from '../test/fixtures/k8s';

const YAML = docs(
  deployment('web', { replicas: 20, image: 'nginx', container: 'c' }),
  service('web'),
  service('sticky', { selector: 'web', extraSpec: '  sessionAffinity: ClientIP\n' }),
);

const N = 100_000;

export function run(): void {
  const cluster = createCluster({ seed: 1 });
  cluster.apply(YAML);
  cluster.runUntilStable();
  const phase = (label: string, fn: () => void) => {
    const t0 = performance.now();
    fn();
    console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  };
  phase(`${N.toLocaleString('en')} requests, new connection each (target < 200 ms)`, () => {
    for (let i = 0; i < N; i++) cluster.request('web', { client: `c${i % 100}` });
  });
  phase(`${N.toLocaleString('en')} requests over one kept-alive connection`, () => {
    for (let i = 0; i < N; i++) cluster.request('web', { connection: 'reuse' });
  });
  phase(`${N.toLocaleString('en')} requests with ClientIP affinity`, () => {
    for (let i = 0; i < N; i++) cluster.request('sticky', { client: `c${i % 100}` });
  });
  phase(`${N.toLocaleString('en')} requests from 100 clients on simulated timers (10 s at 100 rps each)`, () => {
    for (let i = 0; i < 100; i++) cluster.startClient({ name: `load-${i}`, target: 'web', ratePerSecond: 100, connection: 'short', durationMs: 10_000 });
    cluster.advance(11_000);
  });
  const stats = cluster.trafficStats({ bucketMs: 10_000 });
  const served = Object.values(stats.totals).reduce((a, b) => a + b, 0);
  console.log(`served ${served.toLocaleString('en')} requests over ${Object.keys(stats.totals).length} pods, ${stats.failed} failed`);
}
