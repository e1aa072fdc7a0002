// Deployment sync rules over an in-memory world: upstream rolloutRolling, rolloutRecreate, scale, cleanupDeployment.
import { describe, expect, it } from 'vitest';
import { FakeWorld, deployment } from './fake_world';

function sizes(w: FakeWorld) {
  return w
    .list('ReplicaSet')
    .map((rs) => `${rs.spec.template.spec.containers[0].image}=${rs.spec.replicas}`)
    .sort();
}

describe('rolloutRolling', () => {
  it('creates one ReplicaSet named <deploy>-<hash> with revision 1 and the desired replicas', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 3, 'nginx:1'));
    w.step();
    const [rs] = w.list('ReplicaSet');
    expect(rs.metadata.name).toBe(`web-${rs.metadata.labels?.['pod-template-hash']}`);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(rs.spec.replicas).toBe(3);
    expect(w.events).toContain(`ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} to 3`);
  });

  it('replaces pods within maxSurge=1/maxUnavailable=0 (defaults for 3 replicas) and ends complete', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 3, 'nginx:1'));
    for (let i = 0; i < 3; i++) w.step();
    w.applyDeployment(deployment('web', 3, 'nginx:2'));
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      w.step();
      const pods = w.list('Pod');
      expect(pods.length).toBeLessThanOrEqual(4);
      expect(pods.filter((p) => p.status?.conditions?.[0]?.status === 'True').length).toBeGreaterThanOrEqual(3);
      seen.push(sizes(w).join(' '));
    }
    expect(seen[0]).toBe('nginx:1=3 nginx:2=1');
    expect(seen.at(-1)).toBe('nginx:1=0 nginx:2=3');
    const d = w.get('Deployment', 'web')!;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    expect(d.status.conditions.find((c: any) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('returns to an old template by reusing its ReplicaSet with a new revision', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 2, 'nginx:1'));
    for (let i = 0; i < 3; i++) w.step();
    w.applyDeployment(deployment('web', 2, 'nginx:2'));
    for (let i = 0; i < 6; i++) w.step();
    w.applyDeployment(deployment('web', 2, 'nginx:1'));
    for (let i = 0; i < 6; i++) w.step();
    expect(w.list('ReplicaSet').length).toBe(2);
    const v1 = w.list('ReplicaSet').find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:1')!;
    expect(v1.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(v1.spec.replicas).toBe(2);
  });
});

describe('rolloutRecreate', () => {
  it('scales the old ReplicaSet to 0 and waits for its pods before the new one scales up', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 2, 'nginx:1', { type: 'Recreate' }));
    for (let i = 0; i < 3; i++) w.step();
    w.applyDeployment(deployment('web', 2, 'nginx:2', { type: 'Recreate' }));
    w.step();
    // The fake removes deleted pods at once, so the new ReplicaSet comes up in the same tick.
    expect(sizes(w)).toEqual(['nginx:1=0', 'nginx:2=2']);
    const images = new Set(w.list('Pod').map((p) => p.spec.containers[0].image));
    expect([...images]).toEqual(['nginx:2']);
  });
});

describe('scale (proportional scaling) and cleanupDeployment', () => {
  it('scales a single active ReplicaSet directly', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 3, 'nginx:1'));
    for (let i = 0; i < 3; i++) w.step();
    w.applyDeployment(deployment('web', 1, 'nginx:1'));
    w.step();
    expect(sizes(w)).toEqual(['nginx:1=1']);
    expect(w.events).toContain(`ScalingReplicaSet: Scaled down replica set ${w.list('ReplicaSet')[0].metadata.name} to 1`);
  });

  it('splits a scale-up mid-rollout across the ReplicaSets in proportion', () => {
    const w = new FakeWorld();
    w.applyDeployment(deployment('web', 10, 'nginx:1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } }));
    for (let i = 0; i < 3; i++) w.step();
    w.applyDeployment(deployment('web', 10, 'nginx:2', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } }));
    w.step();
    expect(sizes(w)).toEqual(['nginx:1=10', 'nginx:2=3']);
    w.applyDeployment(deployment('web', 20, 'nginx:2', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } }));
    w.step();
    // 10 more allowed (20 + 3 surge - 13): the old set gets round(10 × 23/13) - 10 = 8, the new one round(3 × 23/13) - 3 = 2.
    const events = w.events.filter((e) => e.startsWith('ScalingReplicaSet')).slice(2, 4);
    expect(events).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${w.list('ReplicaSet')[0].metadata.name} to 18`,
      `ScalingReplicaSet: Scaled up replica set ${w.list('ReplicaSet')[1].metadata.name} to 5`,
    ]);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const w = new FakeWorld();
    for (let v = 1; v <= 5; v++) {
      w.applyDeployment({ ...deployment('web', 1, `nginx:${v}`), spec: { ...deployment('web', 1, `nginx:${v}`).spec, revisionHistoryLimit: 2 } });
      for (let i = 0; i < 5; i++) w.step();
    }
    expect(sizes(w)).toEqual(['nginx:3=0', 'nginx:4=0', 'nginx:5=1']);
  });
});
