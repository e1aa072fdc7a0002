// Every behavioural claim of content/lessons/03-persistent-state.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import * as k8s from '../fixtures/k8s';
import { quizAnswers as answersOf } from './part2-quiz';

const quizAnswers = (id: string) => answersOf('03-persistent-state', id);

function started(yaml: string, seed = 3): Cluster {
  const c = createCluster({ seed });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  c.runUntilStable();
  return c;
}

const podNames = (c: Cluster) => c.list('Pod').map((p) => p.metadata.name).sort();

/** A Deployment `web` whose pods mount `source` (e.g. `emptyDir: {}`) as the volume `cache` at /cache. */
const webDeployment = (source: string, replicas = 2) =>
  k8s.deployment('web', { replicas, podExtra: k8s.mountedVolume('cache', '/cache', source) });

const storageClass = (name: string, mode: 'Immediate' | 'WaitForFirstConsumer', reclaim: 'Delete' | 'Retain' = 'Delete') =>
  `${k8s.storageClass(name, { provisioner: 'ebs.csi.aws.com', reclaimPolicy: reclaim, bindingMode: mode })}---\n`;

const claim = (name: string, className: string, mode: 'ReadWriteOnce' | 'ReadWriteMany' = 'ReadWriteOnce') =>
  `${k8s.claim(name, { storageClassName: className, accessMode: mode })}---\n`;

const dbSet = (className: string, replicas = 3) =>
  k8s.statefulSet('db', { replicas, dataPath: '/var/lib/postgresql/data', storageClassName: className });

/** The lesson's local PersistentVolume: a disk in node-2, and a class with no provisioner. */
const localDisk = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-ssd}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: ssd-node-2}
spec:
  capacity: {storage: 100Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local-ssd
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [node-2]}
`;

describe('03-persistent-state claims', () => {
  it('03-persistent-state: a file on the container filesystem is gone when the pod is replaced', () => {
    const c = started(webDeployment('emptyDir: {}', 1));
    const [pod] = podNames(c);
    c.writeFile(pod, '/var/www/upload.png', 'png');
    expect(c.readFile(pod, '/var/www/upload.png')).toBe('png');
    c.deletePod(pod);
    c.runUntilStable();
    const [replacement] = podNames(c);
    expect(replacement).not.toBe(pod);
    expect(c.readFile(replacement, '/var/www/upload.png')).toBeUndefined();
  });

  it('03-persistent-state: an emptyDir is private to its pod and deleted with it; the replacement starts empty', () => {
    const c = started(webDeployment('emptyDir: {}'));
    const [a, b] = podNames(c);
    c.writeFile(a, '/cache/thumb-1.png', 'png');
    expect(c.readFile(b, '/cache/thumb-1.png')).toBeUndefined();
    c.deletePod(a);
    c.runUntilStable();
    const pods = podNames(c);
    expect(pods).not.toContain(a);
    for (const pod of pods) expect(c.readFile(pod, '/cache/thumb-1.png')).toBeUndefined();
  });

  it('03-persistent-state: replicas that mount the same claim share its files', () => {
    // ReadWriteMany: the replicas run on different nodes, and a ReadWriteOnce volume attaches to one node only.
    const c = started(storageClass('standard', 'Immediate') + claim('shared', 'standard', 'ReadWriteMany') + webDeployment('persistentVolumeClaim: {claimName: shared}'));
    const [a, b] = podNames(c);
    c.writeFile(a, '/cache/report.csv', 'id,total');
    expect(c.readFile(b, '/cache/report.csv')).toBe('id,total');
  });

  it('03-persistent-state: a StorageClass provisioner creates a PersistentVolume named after the claim uid, and binds it', () => {
    const c = started(storageClass('fast-ssd', 'Immediate') + claim('data', 'fast-ssd'));
    const pvc = c.get('PersistentVolumeClaim', 'data');
    expect(pvc?.status?.phase).toBe('Bound');
    expect(pvc?.spec.volumeName).toBe(`pvc-${pvc?.metadata.uid}`);
    const pv = c.get('PersistentVolume', pvc?.spec.volumeName);
    expect(pv?.spec.storageClassName).toBe('fast-ssd');
    expect(pv?.spec.claimRef?.name).toBe('data');
  });

  it('03-persistent-state: with WaitForFirstConsumer the claim stays Pending until a pod that uses it is scheduled', () => {
    const c = started(storageClass('fast-ssd', 'WaitForFirstConsumer') + claim('data', 'fast-ssd'));
    expect(c.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Pending');
    expect(c.list('PersistentVolume')).toEqual([]);
    expect(c.events().some((e) => e.reason === 'WaitForFirstConsumer')).toBe(true);
    c.apply(webDeployment('persistentVolumeClaim: {claimName: data}', 1));
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Bound');
    expect(c.list('PersistentVolume')).toHaveLength(1);
  });

  it('03-persistent-state: a claim for a class nobody provides stays Pending, and so does the pod that mounts it', () => {
    const c = started(storageClass('standard', 'Immediate') + claim('data', 'fast-ssd') + webDeployment('persistentVolumeClaim: {claimName: data}', 1));
    c.advance(60_000);
    expect(c.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Pending');
    const [pod] = c.list('Pod');
    expect(pod.status?.phase).toBe('Pending');
    expect(c.events().some((e) => e.reason === 'FailedScheduling' && e.object.name === pod.metadata.name)).toBe(true);
  });

  it('03-persistent-state: reclaimPolicy Delete destroys a provisioned volume with its claim; Retain keeps it Released', () => {
    for (const [policy, expected] of [['Delete', undefined], ['Retain', 'Released']] as const) {
      const c = started(storageClass('fast-ssd', 'Immediate', policy) + claim('data', 'fast-ssd'));
      const volume = c.get('PersistentVolumeClaim', 'data')?.spec.volumeName;
      c.deleteObject('PersistentVolumeClaim', 'data');
      c.runUntilStable();
      expect(c.get('PersistentVolume', volume)?.status?.phase, policy).toBe(expected);
    }
  });

  it('03-persistent-state: a StatefulSet creates one claim per pod, <template>-<pod>, each bound to its own volume', () => {
    const c = started(storageClass('fast-ssd', 'WaitForFirstConsumer') + dbSet('fast-ssd'));
    const claims = c.list('PersistentVolumeClaim');
    expect(claims.map((p) => p.metadata.name).sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(new Set(claims.map((p) => p.spec.volumeName)).size).toBe(3);
    for (const i of [0, 1, 2]) {
      const volume = c.get('Pod', `db-${i}`)?.spec.volumes.find((v: { name: string }) => v.name === 'data');
      expect(volume.persistentVolumeClaim.claimName).toBe(`data-db-${i}`);
    }
  });

  it('03-persistent-state: a recreated StatefulSet pod mounts the same claim and volume and finds its own files', () => {
    const c = started(storageClass('fast-ssd', 'WaitForFirstConsumer') + dbSet('fast-ssd'));
    const before = c.get('PersistentVolumeClaim', 'data-db-1');
    const oldUid = c.get('Pod', 'db-1')?.metadata.uid;
    c.writeFile('db-1', '/var/lib/postgresql/data/PG_VERSION', '16');
    c.deletePod('db-1');
    c.runUntilStable();
    expect(c.get('Pod', 'db-1')?.metadata.uid).not.toBe(oldUid);
    const after = c.get('PersistentVolumeClaim', 'data-db-1');
    expect(after?.metadata.uid).toBe(before?.metadata.uid);
    expect(after?.spec.volumeName).toBe(before?.spec.volumeName);
    expect(c.readFile('db-1', '/var/lib/postgresql/data/PG_VERSION')).toBe('16');
    expect(c.readFile('db-0', '/var/lib/postgresql/data/PG_VERSION')).toBeUndefined();
  });

  it('03-persistent-state: a claim of a no-provisioner class waits for its first consumer, then binds to the local volume an administrator created', () => {
    const c = started(localDisk + `---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: local-ssd
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 50Gi}}
`);
    expect(c.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Pending');
    c.apply(webDeployment('persistentVolumeClaim: {claimName: data}', 1));
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'data')?.spec.volumeName).toBe('ssd-node-2');
    expect(c.list('PersistentVolume').map((v) => v.metadata.name)).toEqual(['ssd-node-2']);
  });

  it('03-persistent-state: where-data-lives answers agree with the engine: a rollout loses emptyDir files, a readiness failure does not', () => {
    const answers = quizAnswers('where-data-lives');
    const c = started(webDeployment('emptyDir: {}', 1));
    const [pod] = podNames(c);
    c.writeFile(pod, '/cache/scratch.bin', 'x');
    c.setReady(pod, false);
    c.advance(60_000);
    const keptWhileNotReady = c.readFile(pod, '/cache/scratch.bin') === 'x';
    c.setReady(pod, true);
    c.patch('Deployment', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    c.runUntilStable();
    const [replacement] = podNames(c);
    const lostInRollout = replacement !== pod && c.readFile(replacement, '/cache/scratch.bin') === undefined;
    const lost = answers['emptydir-lost'] as string[];
    expect(lost.includes('not-ready')).toBe(!keptWhileNotReady);
    expect(lost.includes('rollout')).toBe(lostInRollout);
  });

  it('03-persistent-state: where-data-lives answers agree with the engine: the claim is created before the pod, and bound only after the pod exists', () => {
    const order = quizAnswers('where-data-lives')['first-volume'] as string[];
    const c = started(storageClass('fast-ssd', 'WaitForFirstConsumer') + dbSet('fast-ssd', 1));
    const lines = c.timeline().map((e) => e.text);
    expect(lines.indexOf('pvc/data-db-0 created')).toBeLessThan(lines.indexOf('pod/db-0 created rev=1'));
    expect(order.indexOf('claim')).toBeLessThan(order.indexOf('pod'));
    const provisioned = c.events().find((e) => e.reason === 'ProvisioningSucceeded')?.t ?? NaN;
    expect(provisioned).toBeGreaterThanOrEqual(c.get('Pod', 'db-0')?.metadata.creationTimestamp ?? Infinity);
    expect(order.indexOf('pod')).toBeLessThan(order.indexOf('provision'));
  });
});
