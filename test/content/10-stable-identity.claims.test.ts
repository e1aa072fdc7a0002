// Claims made in content/lessons/10-stable-identity.mdx, each checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/sim';

const headless = `apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  clusterIP: None
  selector: {app: redis}
  ports: [{port: 6379, name: redis}]
`;

function redisSet(extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  serviceName: redis
  replicas: 3
${extraSpec}  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers: [{name: redis, image: redis:7}]
`;
}

function started(yaml: string) {
  const cluster = createCluster({ seed: 4 });
  const result = cluster.apply(yaml);
  expect(result.ok).toBe(true);
  expect(cluster.runUntilStable().stable).toBe(true);
  return cluster;
}

const podIP = (cluster: ReturnType<typeof createCluster>, name: string): string | undefined =>
  cluster.get('Pod', name)?.status?.podIP;

describe('10-stable-identity claims', () => {
  it('10-stable-identity: pods are named <set>-0 to <set>-(N-1)', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    expect(cluster.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['redis-0', 'redis-1', 'redis-2']);
  });

  it('10-stable-identity: spec.ordinals.start moves the first ordinal', () => {
    const cluster = started(`${headless}---\n${redisSet('  ordinals: {start: 1}\n')}`);
    expect(cluster.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['redis-1', 'redis-2', 'redis-3']);
  });

  it('10-stable-identity: hostname is the pod name and subdomain is spec.serviceName', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    for (const pod of cluster.list('Pod')) {
      expect(pod.spec.hostname).toBe(pod.metadata.name);
      expect(pod.spec.subdomain).toBe('redis');
    }
  });

  it('10-stable-identity: each pod resolves as <pod>.<service>.<namespace>.svc.cluster.local to its own IP', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    for (const name of ['redis-0', 'redis-1', 'redis-2']) {
      expect(cluster.resolve(`${name}.redis.default.svc.cluster.local`)).toEqual([podIP(cluster, name)]);
    }
    // The short form a pod in the same namespace can use.
    expect(cluster.resolve('redis-0.redis')).toEqual([podIP(cluster, 'redis-0')]);
  });

  it('10-stable-identity: a recreated pod keeps its name and DNS name but gets a new IP', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    const before = cluster.get('Pod', 'redis-1')!;
    cluster.deletePod('redis-1');
    cluster.runUntilStable();
    const after = cluster.get('Pod', 'redis-1')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status.podIP).not.toBe(before.status.podIP);
    expect(cluster.resolve('redis-1.redis.default.svc.cluster.local')).toEqual([after.status.podIP]);
  });

  it('10-stable-identity: the headless Service name resolves to every ready pod', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    const all = ['redis-0', 'redis-1', 'redis-2'].map((n) => podIP(cluster, n)).sort();
    expect(cluster.resolve('redis.default.svc.cluster.local').slice().sort()).toEqual(all);
  });

  it('10-stable-identity: a pod that is not ready drops out of the Service name and loses its own record', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    cluster.setReady('redis-2', false);
    cluster.advance(1000);
    const answer = cluster.resolve('redis.default.svc.cluster.local');
    expect(answer).toHaveLength(2);
    expect(answer).not.toContain(podIP(cluster, 'redis-2'));
    expect(cluster.resolve('redis-2.redis.default.svc.cluster.local')).toEqual([]);
  });

  it('10-stable-identity: with no Service named in serviceName the pods run but have no DNS names', () => {
    const cluster = createCluster({ seed: 4 });
    const result = cluster.apply(redisSet());
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toContain('statefulset-service-missing');
    cluster.runUntilStable();
    const pods = cluster.list('Pod');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(cluster.list('Service')).toHaveLength(0); // the controller does not create it
    expect(cluster.resolve('redis-0.redis.default.svc.cluster.local')).toEqual([]);
  });

  it('10-stable-identity: creating the Service later gives the running pods their names without restarting them', () => {
    const cluster = started(redisSet());
    const uids = cluster.list('Pod').map((p) => p.metadata.uid);
    expect(cluster.apply(headless).ok).toBe(true);
    cluster.runUntilStable();
    expect(cluster.list('Pod').map((p) => p.metadata.uid)).toEqual(uids);
    expect(cluster.resolve('redis-0.redis.default.svc.cluster.local')).toEqual([podIP(cluster, 'redis-0')]);
  });

  it('10-stable-identity: serviceName cannot be changed on an existing StatefulSet', () => {
    const cluster = started(`${headless}---\n${redisSet()}`);
    const result = cluster.patch('StatefulSet', 'redis', { spec: { serviceName: 'cache' } });
    expect(result.ok).toBe(false);
    expect(cluster.get('StatefulSet', 'redis')?.spec.serviceName).toBe('redis');
  });

  it('10-stable-identity: a Service with a cluster IP answers with one shared address and no per-pod records', () => {
    const cluster = started(`${headless.replace('  clusterIP: None\n', '')}---\n${redisSet()}`);
    const clusterIP = cluster.get('Service', 'redis')?.spec.clusterIP;
    expect(clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(cluster.resolve('redis.default.svc.cluster.local')).toEqual([clusterIP]);
    expect(cluster.resolve('redis-0.redis.default.svc.cluster.local')).toEqual([]);
  });

  it('10-stable-identity: publishNotReadyAddresses keeps a not-ready pod in DNS', () => {
    const yaml = headless.replace('  clusterIP: None\n', '  clusterIP: None\n  publishNotReadyAddresses: true\n');
    const cluster = started(`${yaml}---\n${redisSet()}`);
    cluster.setReady('redis-2', false);
    cluster.advance(1000);
    expect(cluster.resolve('redis-2.redis.default.svc.cluster.local')).toEqual([podIP(cluster, 'redis-2')]);
    expect(cluster.resolve('redis.default.svc.cluster.local')).toHaveLength(3);
  });
});
