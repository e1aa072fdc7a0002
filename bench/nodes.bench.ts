// Node loss at scale (issue 7 target: under 200 ms): a 100-node cluster running 5,000 pods (a
// 4,900-replica Deployment and a 100-replica StatefulSet), then one node stops reporting; the run
// goes through NotReady (50 s), taint eviction (300 s) and the Deployment's replacements.
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/sim';
import { deployment, docs, statefulSet } from '../test/fixtures/k8s';

const YAML = docs(
  deployment('web', { replicas: 4900, image: 'nginx', container: 'c' }),
  statefulSet('db', { replicas: 100, image: 'postgres:16', port: 5432, extraSpec: '  podManagementPolicy: Parallel\n' }),
);

export function run(): void {
  const cluster = createCluster({ seed: 1, nodes: 100, kubelet: { staggerMs: 0 } });
  let t0 = performance.now();
  cluster.apply(YAML);
  const created = cluster.runUntilStable();
  const setup = performance.now() - t0;
  console.log(`setup: 100 nodes, ${cluster.list('Pod').length.toLocaleString('en')} pods in ${setup.toFixed(0)} ms (${created.steps.toLocaleString('en')} steps)`);
  const events = cluster.events().length;
  const lines = cluster.timeline().length;
  t0 = performance.now();
  cluster.stopNode('node-42');
  const lost = cluster.advance(600_000);
  const wall = performance.now() - t0;
  const terminating = cluster.list('Pod').filter((p) => p.metadata.deletionTimestamp !== undefined).length;
  console.log(
    `node-42 lost, 10 simulated minutes: ${wall.toFixed(0)} ms wall (target < 200 ms), ${lost.steps.toLocaleString('en')} steps, ` +
      `${cluster.events().length - events} events, ${cluster.timeline().length - lines} timeline lines, ${terminating} pods left Terminating`,
  );
}
