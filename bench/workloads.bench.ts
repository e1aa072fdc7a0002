// Workload controllers at scale: a 1,000-replica Deployment created, then rolled to a new image
// (RollingUpdate, default 25%/25%), run to completion in the simulator; then the same with a Service
// selecting the pods (the endpoints controller recomputes on every pod change). Prints wall ms and
// the number of Events and timeline lines each phase produced.
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/sim';
import { deployment, service } from '../test/fixtures/k8s';

function manifest(image: string): string {
  return deployment('big', { replicas: 1000, image, container: 'app' });
}

const SERVICE = `---\n${service('big')}`;

function rollout(label: string, withService: boolean): void {
  const cluster = createCluster({ seed: 1, nodes: 10, kubelet: { staggerMs: 0 } });
  const extra = withService ? SERVICE : '';
  let t0 = performance.now();
  cluster.apply(manifest('app:1') + extra);
  const created = cluster.runUntilStable({ maxSteps: 5_000_000, maxMs: 3_600_000 });
  const createMs = performance.now() - t0;
  const eventsAfterCreate = cluster.events().length;
  const linesAfterCreate = cluster.timeline().length;
  console.log(`${label}create 1,000 replicas: ${createMs.toFixed(0)} ms wall, ${eventsAfterCreate} events, ${linesAfterCreate} timeline lines, stable=${created.stable}, simulated ${created.now} ms`);

  t0 = performance.now();
  cluster.apply(manifest('app:2') + extra);
  const rolled = cluster.runUntilStable({ maxSteps: 5_000_000, maxMs: 3_600_000 });
  const rollMs = performance.now() - t0;
  const status = cluster.get('Deployment', 'big')?.status ?? {};
  console.log(
    `${label}roll 1,000 replicas to a new image: ${rollMs.toFixed(0)} ms wall, ${cluster.events().length - eventsAfterCreate} events, ` +
      `${cluster.timeline().length - linesAfterCreate} timeline lines, stable=${rolled.stable}, simulated ${rolled.now - created.now} ms, ` +
      `updated=${status.updatedReplicas} available=${status.availableReplicas}` +
      (withService ? `, ${cluster.resolve('big').length} DNS answers for big` : ''),
  );
}

export function run(): void {
  rollout('', false);
  rollout('with a Service (endpoints + DNS): ', true);
}

if (import.meta.url === `file://${process.argv[1]}`) run();
