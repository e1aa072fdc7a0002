// The same seed and the same actions give byte-identical runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCluster, replayScenario } from '../../src/sim';
import { statefulSet } from './helpers';

function run(seed: number): string {
  const c = createCluster({ seed, kubelet: { staggerMs: 300 } });
  c.apply([statefulSet({ replicas: 3, policy: 'Parallel' })]);
  c.advance(3000);
  c.failPod('web-1');
  c.patch('StatefulSet', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:0.9' }] } } } });
  c.runUntilStable();
  c.scale('StatefulSet', 'web', 1);
  c.runUntilStable();
  return JSON.stringify({ timeline: c.timeline(), events: c.events(), objects: c.snapshot().objects });
}

describe('determinism', () => {
  it('same seed, same actions → byte-identical timeline, events and objects', () => {
    expect(run(3)).toBe(run(3));
  });

  it('another seed changes uids and IPs, not the timeline', () => {
    const a = JSON.parse(run(3));
    const b = JSON.parse(run(4));
    expect(b.timeline).toEqual(a.timeline);
    expect(b.objects.map((o: any) => o.metadata.uid)).not.toEqual(a.objects.map((o: any) => o.metadata.uid));
  });

  it('replaying a trace twice prints the same bytes', () => {
    const dir = join(__dirname, '..', 'fixtures', 'k8s-traces');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const once = replayScenario(read('d-rolling-update.scenario.yaml'), read);
    expect(replayScenario(read('d-rolling-update.scenario.yaml'), read)).toBe(once);
  });
});
