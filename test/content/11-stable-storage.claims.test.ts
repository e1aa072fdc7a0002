// Every behavioural claim of content/lessons/11-stable-storage.mdx, checked against the engine.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/sim';
import { storageClass, webSet } from './statefulset-manifests';

const PATH = '/usr/share/nginx/html/index.html';

function started(yaml: string): Cluster {
  const c = createCluster({ seed: 1 });
  const result = c.apply(yaml);
  expect(result.diagnostics).toEqual([]);
  expect(result.ok).toBe(true);
  c.runUntilStable();
  return c;
}

const names = (c: Cluster, kind: string) => c.list(kind).map((o) => o.metadata.name).sort();

describe('11-stable-storage claims', () => {
  it('11-stable-storage: volumeClaimTemplates create one claim per pod, named <template>-<pod>', () => {
    const c = started(webSet());
    expect(names(c, 'PersistentVolumeClaim')).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    for (const i of [0, 1, 2]) {
      expect(c.get('Pod', `web-${i}`)?.spec.volumes).toEqual([
        { name: 'www', persistentVolumeClaim: { claimName: `www-web-${i}` } },
      ]);
    }
  });

  it('11-stable-storage: each claim is created just before its pod', () => {
    const c = started(webSet());
    const texts = c.timeline().map((e) => e.text);
    for (const i of [0, 1, 2]) {
      expect(texts.indexOf(`pvc/www-web-${i} created`)).toBe(texts.indexOf(`pod/web-${i} created rev=1`) - 1);
    }
  });

  it('11-stable-storage: a recreated pod re-attaches the same claim (same uid) and sees its data', () => {
    const c = started(webSet());
    c.writeFile('web-1', PATH, 'hello from web-1');
    const claimUid = c.get('PersistentVolumeClaim', 'www-web-1')?.metadata.uid;
    const podUid = c.get('Pod', 'web-1')?.metadata.uid;
    c.deletePod('web-1');
    c.runUntilStable();
    expect(c.get('Pod', 'web-1')?.metadata.uid).not.toBe(podUid);
    expect(c.get('PersistentVolumeClaim', 'www-web-1')?.metadata.uid).toBe(claimUid);
    expect(c.readFile('web-1', PATH)).toBe('hello from web-1');
  });

  it('11-stable-storage: data is not shared between replicas', () => {
    const c = started(webSet());
    c.writeFile('web-1', PATH, 'hello from web-1');
    expect(c.readFile('web-0', PATH)).toBeUndefined();
    expect(c.readFile('web-2', PATH)).toBeUndefined();
    c.writeFile('web-0', PATH, 'hello from web-0');
    expect(c.readFile('web-1', PATH)).toBe('hello from web-1');
  });

  it('11-stable-storage: an emptyDir volume dies with its pod', () => {
    const yaml = webSet()
      .replace(/  volumeClaimTemplates:[\s\S]*$/, '')
      .replace('      containers:\n', '      volumes:\n      - name: www\n        emptyDir: {}\n      containers:\n');
    const c = started(yaml);
    c.writeFile('web-1', PATH, 'hello from web-1');
    c.deletePod('web-1');
    c.runUntilStable();
    expect(c.get('Pod', 'web-1')).toBeDefined();
    expect(c.readFile('web-1', PATH)).toBeUndefined();
  });

  it('11-stable-storage: with no StorageClass and no matching volume, claims stay Pending', () => {
    const c = started(webSet());
    expect(c.list('PersistentVolume')).toEqual([]);
    expect(c.list('PersistentVolumeClaim').map((p) => p.status?.phase)).toEqual(['Pending', 'Pending', 'Pending']);
  });

  it('11-stable-storage: a default StorageClass with Immediate binding provisions a volume as soon as the claim exists', () => {
    const c = createCluster({ seed: 1 });
    expect(c.apply(storageClass('Immediate') + webSet()).ok).toBe(true);
    c.advance(20);
    const claim = c.get('PersistentVolumeClaim', 'www-web-0');
    expect(claim?.spec.storageClassName).toBe('local');
    expect(claim?.status?.phase).toBe('Bound');
    const pv = c.get('PersistentVolume', claim?.spec.volumeName);
    expect(pv?.spec.claimRef.name).toBe('www-web-0');
    expect(pv?.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv?.spec.nodeAffinity).toBeUndefined();
  });

  it('11-stable-storage: WaitForFirstConsumer waits for a pod, then provisions a volume pinned to its node', () => {
    const c = createCluster({ seed: 1 });
    expect(c.apply(storageClass('WaitForFirstConsumer') + webSet()).ok).toBe(true);
    c.advance(20);
    expect(c.get('PersistentVolumeClaim', 'www-web-0')?.status?.phase).toBe('Pending');
    expect(c.events().some((e) => e.reason === 'WaitForFirstConsumer' && e.object.name === 'www-web-0')).toBe(true);
    c.runUntilStable();
    const claim = c.get('PersistentVolumeClaim', 'www-web-0');
    expect(claim?.status?.phase).toBe('Bound');
    const pv = c.get('PersistentVolume', claim?.spec.volumeName);
    const node = c.get('Pod', 'web-0')?.spec.nodeName;
    expect(node).toBeTruthy();
    expect(pv?.spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] },
    });
  });

  it('11-stable-storage: the retention policy defaults to Retain/Retain', () => {
    const c = started(webSet());
    expect(c.get('StatefulSet', 'web')?.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  it('11-stable-storage: scaling down keeps the claims, and scaling back up returns each pod to its data', () => {
    const c = started(webSet());
    c.writeFile('web-2', PATH, 'hello from web-2');
    const uid = c.get('PersistentVolumeClaim', 'www-web-2')?.metadata.uid;
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    expect(names(c, 'Pod')).toEqual(['web-0']);
    expect(names(c, 'PersistentVolumeClaim')).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    c.scale('StatefulSet', 'web', 3);
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'www-web-2')?.metadata.uid).toBe(uid);
    expect(c.readFile('web-2', PATH)).toBe('hello from web-2');
  });

  it('11-stable-storage: whenScaled: Delete removes the claims of the pods a scale-down removes', () => {
    const c = started(webSet({ extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n    whenDeleted: Retain' }));
    c.writeFile('web-2', PATH, 'hello from web-2');
    c.scale('StatefulSet', 'web', 1);
    c.runUntilStable();
    expect(names(c, 'PersistentVolumeClaim')).toEqual(['www-web-0']);
    c.scale('StatefulSet', 'web', 3);
    c.runUntilStable();
    expect(c.readFile('web-2', PATH)).toBeUndefined();
  });

  it('11-stable-storage: deleting the StatefulSet keeps its claims by default', () => {
    const c = started(webSet());
    c.deleteObject('StatefulSet', 'web');
    c.runUntilStable();
    expect(c.list('Pod')).toEqual([]);
    expect(names(c, 'PersistentVolumeClaim')).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('11-stable-storage: whenDeleted: Delete removes the claims with the StatefulSet', () => {
    const c = started(webSet({ extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Retain\n    whenDeleted: Delete' }));
    c.deleteObject('StatefulSet', 'web');
    c.runUntilStable();
    expect(c.list('PersistentVolumeClaim')).toEqual([]);
  });

  it('11-stable-storage: even with whenScaled: Delete, a pod deleted by hand keeps its claim and data', () => {
    const c = started(webSet({ extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n    whenDeleted: Delete' }));
    c.writeFile('web-2', PATH, 'hello from web-2');
    const uid = c.get('PersistentVolumeClaim', 'www-web-2')?.metadata.uid;
    c.deletePod('web-2');
    c.runUntilStable();
    expect(c.get('PersistentVolumeClaim', 'www-web-2')?.metadata.uid).toBe(uid);
    expect(c.readFile('web-2', PATH)).toBe('hello from web-2');
  });

  it('11-stable-storage: a StorageClass without volumeBindingMode binds immediately', () => {
    const c = createCluster({ seed: 1 });
    const yaml = storageClass('Immediate').replace('volumeBindingMode: Immediate\n', '') + webSet();
    expect(yaml).not.toContain('volumeBindingMode');
    expect(c.apply(yaml).ok).toBe(true);
    c.advance(20);
    expect(c.get('PersistentVolumeClaim', 'www-web-0')?.status?.phase).toBe('Bound');
  });
});
