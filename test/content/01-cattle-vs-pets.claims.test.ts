// Claims made in content/lessons/01-cattle-vs-pets.mdx about what Kubernetes does with cattle
// (a Deployment) and pets (a StatefulSet), each checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../src/sim';
import * as k8s from '../fixtures/k8s';

const DATA = '/var/lib/mysql';

/** The lesson's cattle: a Deployment `web`. */
const web = (replicas: number) => k8s.deployment('web', { replicas });

/** The lesson's pets: a StatefulSet `db` (mysql:8.4) behind its headless Service, one claim `data-db-N` per pod. */
const db = (replicas: number) =>
  k8s.docs(
    k8s.storageClass('local', { isDefault: true, bindingMode: 'WaitForFirstConsumer' }),
    k8s.statefulSet('db', { replicas, image: 'mysql:8.4', port: 3306, dataPath: DATA }),
  );

function started(yaml: string, options: Parameters<typeof createCluster>[0] = { seed: 1 }): Cluster {
  const cluster = createCluster(options);
  const result = cluster.apply(yaml);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(cluster.runUntilStable().stable).toBe(true);
  return cluster;
}

const names = (objects: KubeObject[]): string[] => objects.map((o) => o.metadata.name).sort();
/** Pod lifecycle lines of the timeline from time `from` on, without the time stamps. */
const podEvents = (c: Cluster, from = 0): string[] =>
  c.timeline().filter((e) => e.t >= from && e.kind === 'pod').map((e) => e.text);
const timeOf = (c: Cluster, text: string): number => c.timeline().find((e) => e.text === text)?.t ?? NaN;

describe('01-cattle-vs-pets claims', () => {
  it('01-cattle-vs-pets: a Deployment manages a ReplicaSet, which manages the pods', () => {
    const cluster = started(web(3));
    const sets = cluster.list('ReplicaSet');
    expect(sets).toHaveLength(1);
    expect(sets[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web' });
    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: sets[0].metadata.name });
    }
  });

  it('01-cattle-vs-pets: Deployment pod names are generated as <name>-<template hash>-<random suffix>', () => {
    const cluster = started(web(3));
    const hash = cluster.list('ReplicaSet')[0].metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[a-z0-9]+$/);
    const pods = names(cluster.list('Pod'));
    for (const name of pods) expect(name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    expect(new Set(pods).size).toBe(3);
  });

  it('01-cattle-vs-pets: a Deployment creates all its replicas at once, without waiting for one to be ready', () => {
    const cluster = started(web(3), { seed: 1, kubelet: { staggerMs: 2000 } });
    const created = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'created');
    const ready = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'ready');
    expect(created).toHaveLength(3);
    expect(new Set(created.map((e) => e.t)).size).toBe(1);
    expect(Math.min(...ready.map((e) => e.t))).toBeGreaterThan(created[0].t);
  });

  it('01-cattle-vs-pets: a Deployment replaces a deleted pod with one that has a new name and a new IP', () => {
    const cluster = started(web(3));
    const victim = cluster.list('Pod')[0];
    cluster.deletePod(victim.metadata.name);
    cluster.runUntilStable();
    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(3);
    expect(names(pods)).not.toContain(victim.metadata.name);
    expect(pods.map((p) => p.status?.podIP)).not.toContain(victim.status?.podIP);
  });

  it('01-cattle-vs-pets: a StatefulSet runs one pod per replica from the same image, each with its own claim data-db-N', () => {
    const cluster = started(db(3));
    const pods = cluster.list('Pod');
    expect(names(pods)).toEqual(['db-0', 'db-1', 'db-2']);
    for (const pod of pods) {
      expect(pod.spec.containers[0].image).toBe('mysql:8.4');
      expect(pod.spec.volumes.find((v: { name: string }) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe(
        `data-${pod.metadata.name}`,
      );
    }
    expect(names(cluster.list('PersistentVolumeClaim'))).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    cluster.writeFile('db-1', `${DATA}/rows`, 'rows of db-1');
    expect(cluster.readFile('db-0', `${DATA}/rows`)).toBeUndefined();
    expect(cluster.readFile('db-2', `${DATA}/rows`)).toBeUndefined();
  });

  it('01-cattle-vs-pets: with OrderedReady, db-1 is created only once db-0 is running and ready', () => {
    const cluster = started(db(3));
    expect(cluster.get('StatefulSet', 'db')?.spec.podManagementPolicy).toBe('OrderedReady');
    expect(podEvents(cluster).filter((t) => /created|ready$/.test(t))).toEqual([
      'pod/db-0 created rev=1', 'pod/db-0 ready',
      'pod/db-1 created rev=1', 'pod/db-1 ready',
      'pod/db-2 created rev=1', 'pod/db-2 ready',
    ]);
    expect(timeOf(cluster, 'pod/db-1 created rev=1')).toBeGreaterThan(timeOf(cluster, 'pod/db-0 ready'));
    expect(timeOf(cluster, 'pod/db-2 created rev=1')).toBeGreaterThan(timeOf(cluster, 'pod/db-1 ready'));
  });

  it('01-cattle-vs-pets: a replaced StatefulSet pod keeps its name and its volume; only its IP changes', () => {
    const cluster = started(db(3));
    const before = cluster.get('Pod', 'db-1')!;
    const claimUid = cluster.get('PersistentVolumeClaim', 'data-db-1')?.metadata.uid;
    cluster.writeFile('db-1', `${DATA}/rows`, 'rows of db-1');
    cluster.deletePod('db-1');
    cluster.runUntilStable();
    const after = cluster.get('Pod', 'db-1')!;
    expect(after).toBeDefined();
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status?.podIP).not.toBe(before.status?.podIP);
    expect(cluster.get('PersistentVolumeClaim', 'data-db-1')?.metadata.uid).toBe(claimUid);
    expect(cluster.readFile('db-1', `${DATA}/rows`)).toBe('rows of db-1');
  });

  it('01-cattle-vs-pets: db-1 is resolvable by name through the headless Service; Deployment pods are not', () => {
    const cluster = started(k8s.docs(db(3), k8s.service('web', { headless: true }), web(2)));
    expect(cluster.resolve('db-1.db.default.svc.cluster.local')).toEqual([cluster.get('Pod', 'db-1')?.status?.podIP]);
    for (const pod of cluster.list('Pod').filter((p) => p.metadata.name.startsWith('web-'))) {
      expect(cluster.resolve(`${pod.metadata.name}.web.default.svc.cluster.local`)).toEqual([]);
    }
  });

  it('01-cattle-vs-pets: Deployment scale-down removes a not-ready pod before ready ones', () => {
    const cluster = started(web(3));
    const notReady = cluster.list('Pod')[1].metadata.name;
    cluster.setReady(notReady, false);
    cluster.advance(500);
    cluster.scale('Deployment', 'web', 2);
    cluster.runUntilStable();
    const left = names(cluster.list('Pod'));
    expect(left).toHaveLength(2);
    expect(left).not.toContain(notReady);
  });

  it('01-cattle-vs-pets: Deployment scale-down removes more recently started pods before long-running ones', () => {
    const cluster = started(web(5), { seed: 1, kubelet: { staggerMs: 1000 } });
    const readyOrder = cluster.timeline().filter((e) => e.kind === 'pod' && e.event === 'ready').map((e) => e.name);
    expect(readyOrder).toHaveLength(5);
    cluster.scale('Deployment', 'web', 3);
    cluster.runUntilStable();
    expect(names(cluster.list('Pod'))).toEqual([...readyOrder.slice(0, 3)].sort());
  });

  it('01-cattle-vs-pets: StatefulSet scale-down removes the highest ordinal first, each gone before the next', () => {
    const cluster = started(db(3));
    const t = cluster.now();
    cluster.scale('StatefulSet', 'db', 1);
    cluster.runUntilStable();
    expect(podEvents(cluster, t).filter((x) => /deleting|gone/.test(x))).toEqual([
      'pod/db-2 deleting', 'pod/db-2 gone',
      'pod/db-1 deleting', 'pod/db-1 gone',
    ]);
    expect(names(cluster.list('Pod'))).toEqual(['db-0']);
  });

  it('01-cattle-vs-pets: with OrderedReady, a StatefulSet does not scale down while any pod is unhealthy', () => {
    const cluster = started(db(3));
    cluster.setReady('db-0', false);
    cluster.advance(100);
    cluster.scale('StatefulSet', 'db', 1);
    cluster.advance(60_000);
    expect(names(cluster.list('Pod'))).toEqual(['db-0', 'db-1', 'db-2']);
    cluster.setReady('db-0', true);
    cluster.runUntilStable();
    expect(names(cluster.list('Pod'))).toEqual(['db-0']);
  });

  it('01-cattle-vs-pets: scaling a StatefulSet down keeps the claims, and scaling back up returns each pod to its data', () => {
    const cluster = started(db(3));
    cluster.writeFile('db-2', `${DATA}/rows`, 'rows of db-2');
    cluster.scale('StatefulSet', 'db', 1);
    cluster.runUntilStable();
    expect(names(cluster.list('PersistentVolumeClaim'))).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    cluster.scale('StatefulSet', 'db', 3);
    cluster.runUntilStable();
    expect(names(cluster.list('Pod'))).toEqual(['db-0', 'db-1', 'db-2']);
    expect(cluster.readFile('db-2', `${DATA}/rows`)).toBe('rows of db-2');
  });
});
