// The per-volume file store through the engine: data follows the claim, not the pod.
import { describe, expect, it } from 'vitest';
import { createCluster, type KubeObject } from '../../../../src/sim';
import { storageClass } from '../../../fixtures/k8s';

const STATEFUL = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
        - name: scratch
          mountPath: /tmp/scratch
      volumes:
      - name: scratch
        emptyDir: {}
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

const PAGE = '/usr/share/nginx/html/index.html';

describe('writeFile / readFile', () => {
  it('reads data written through web-1 back from the recreated web-1, but not from web-0', () => {
    const cluster = createCluster({ seed: 3 });
    expect(cluster.apply(STATEFUL).ok).toBe(true);
    cluster.runUntilStable();
    cluster.writeFile('web-1', PAGE, 'hello from web-1');
    const oldUid = cluster.get('Pod', 'web-1')?.metadata.uid;
    cluster.deletePod('web-1');
    cluster.runUntilStable();
    expect(cluster.get('Pod', 'web-1')?.metadata.uid).not.toBe(oldUid);
    expect(cluster.readFile('web-1', PAGE)).toBe('hello from web-1');
    expect(cluster.readFile('web-0', PAGE)).toBeUndefined();
  });

  it('loses emptyDir and container-filesystem data with the pod', () => {
    const cluster = createCluster({ seed: 3 });
    cluster.apply(STATEFUL);
    cluster.runUntilStable();
    cluster.writeFile('web-0', '/tmp/scratch/a.txt', 'scratch');
    cluster.writeFile('web-0', '/etc/motd', 'root fs');
    expect(cluster.readFile('web-0', '/tmp/scratch/a.txt')).toBe('scratch');
    expect(cluster.readFile('web-0', '/etc/motd')).toBe('root fs');
    cluster.deletePod('web-0');
    cluster.runUntilStable();
    expect(cluster.readFile('web-0', '/tmp/scratch/a.txt')).toBeUndefined();
    expect(cluster.readFile('web-0', '/etc/motd')).toBeUndefined();
  });

  it('explains a write to a pod that does not exist', () => {
    const cluster = createCluster({ seed: 3 });
    expect(() => cluster.writeFile('ghost', '/data/x', 'y')).toThrow(
      'Cannot write /data/x: there is no pod named "ghost" in namespace "default".',
    );
    expect(cluster.readFile('ghost', '/data/x')).toBeUndefined();
  });
});

const RETAIN = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: keep
provisioner: rancher.io/local-path
reclaimPolicy: Retain
volumeBindingMode: Immediate
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: keep
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
  - name: app
    image: busybox:1.36
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

describe('reclaimPolicy', () => {
  it('Retain keeps the PV (Released) and its data after the claim is deleted', () => {
    const cluster = createCluster({ seed: 5 });
    expect(cluster.apply(RETAIN).ok).toBe(true);
    cluster.runUntilStable();
    const pvc = cluster.get('PersistentVolumeClaim', 'data') as KubeObject;
    expect(pvc.status.phase).toBe('Bound');
    const pvName = pvc.spec.volumeName as string;
    cluster.writeFile('writer', '/data/notes.txt', 'keep me');
    cluster.deleteObject('Pod', 'writer');
    cluster.deleteObject('PersistentVolumeClaim', 'data');
    cluster.runUntilStable();
    expect(cluster.get('PersistentVolumeClaim', 'data')).toBeUndefined();
    const pv = cluster.get('PersistentVolume', pvName) as KubeObject;
    expect(pv.status.phase).toBe('Released');
    // An administrator frees the volume and a new claim binds to it by name: the data is still there.
    expect(cluster.patch('PersistentVolume', pvName, { spec: { claimRef: null } }).ok).toBe(true);
    cluster.apply(RETAIN.split('---\n').slice(1).join('---\n').replace('storage: 1Gi', `storage: 1Gi\n  volumeName: ${pvName}`));
    cluster.runUntilStable();
    expect(cluster.get('PersistentVolumeClaim', 'data')?.spec.volumeName).toBe(pvName);
    expect(cluster.readFile('writer', '/data/notes.txt')).toBe('keep me');
  });

  it('Delete removes the provisioned PV and its data with the claim', () => {
    const cluster = createCluster({ seed: 5 });
    cluster.apply(RETAIN.replace('reclaimPolicy: Retain', 'reclaimPolicy: Delete'));
    cluster.runUntilStable();
    const pvName = cluster.get('PersistentVolumeClaim', 'data')?.spec.volumeName as string;
    cluster.deleteObject('Pod', 'writer');
    cluster.deleteObject('PersistentVolumeClaim', 'data');
    cluster.runUntilStable();
    expect(cluster.get('PersistentVolume', pvName)).toBeUndefined();
  });

  it('holds a deleted claim (pvc-protection) while a pod still mounts it', () => {
    const cluster = createCluster({ seed: 5 });
    cluster.apply(RETAIN);
    cluster.runUntilStable();
    cluster.deleteObject('PersistentVolumeClaim', 'data');
    cluster.runUntilStable();
    const pvc = cluster.get('PersistentVolumeClaim', 'data') as KubeObject;
    expect(pvc.metadata.deletionTimestamp).toBeDefined();
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    cluster.deleteObject('Pod', 'writer');
    cluster.runUntilStable();
    expect(cluster.get('PersistentVolumeClaim', 'data')).toBeUndefined();
  });

  it('keeps a pod Pending with an event while its claim is missing, on a cluster with storage', () => {
    const cluster = createCluster({ seed: 5 });
    cluster.apply(RETAIN.split('---\n').filter((d) => !d.includes('kind: PersistentVolumeClaim')).join('---\n'));
    cluster.runUntilStable({ maxMs: 10_000 });
    expect(cluster.get('Pod', 'writer')?.status?.phase).toBe('Pending');
    expect(cluster.events().filter((e) => e.reason === 'FailedScheduling').map((e) => e.message)).toEqual([
      '0/1 nodes are available: persistentvolumeclaim "data" not found.',
    ]);
    // Creating the claim unblocks the pod: it is provisioned, bound, then the pod starts.
    cluster.apply(RETAIN.split('---\n').filter((d) => d.includes('kind: PersistentVolumeClaim')).join('---\n'));
    cluster.runUntilStable({ maxMs: 10_000 });
    expect(cluster.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Bound');
    expect(cluster.get('Pod', 'writer')?.status?.phase).toBe('Running');
  });
});

const DEFAULT_CLASS = `${storageClass('standard', { isDefault: true, bindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete' })}---\n`;

describe('a cluster with a default StorageClass (WaitForFirstConsumer)', () => {
  it('provisions one volume per StatefulSet replica once its pod is scheduled, and data stays per replica', () => {
    const cluster = createCluster({ seed: 9 });
    expect(cluster.apply(DEFAULT_CLASS + STATEFUL).ok).toBe(true);
    cluster.runUntilStable();
    const claims = cluster.list('PersistentVolumeClaim');
    expect(claims.map((c) => `${c.metadata.name} ${c.spec.storageClassName} ${c.status.phase}`)).toEqual(['www-web-0 standard Bound', 'www-web-1 standard Bound']);
    expect(new Set(claims.map((c) => c.spec.volumeName)).size).toBe(2);
    const reasons = cluster.events().filter((e) => e.object.name === 'www-web-0').map((e) => e.reason);
    expect(reasons).toEqual(['WaitForFirstConsumer', 'ProvisioningSucceeded']);
    cluster.writeFile('web-0', PAGE, 'zero');
    cluster.deletePod('web-0');
    cluster.runUntilStable();
    expect(cluster.readFile('web-0', PAGE)).toBe('zero');
    expect(cluster.readFile('web-1', PAGE)).toBeUndefined();
  });
});
