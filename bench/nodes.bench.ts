// Node loss at scale (issue 7 target: under 200 ms): a 100-node cluster running 5,000 pods (a
// 4,900-replica Deployment and a 100-replica StatefulSet), then one node stops reporting; the run
// goes through NotReady (50 s), taint eviction (300 s) and the Deployment's replacements.
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/sim';

const YAML = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4900
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  podManagementPolicy: Parallel
  replicas: 100
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres:16}]}
`;

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
