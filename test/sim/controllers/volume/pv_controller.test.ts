// PV controller rules over an in-memory fake: upstream syncClaim / syncVolume / provisionClaimOperation,
// the pvc-protection controller and the scheduler's VolumeBinding check.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import type { VolumeControl } from '../../../../src/sim/controllers/volume/volume_control';
import { podVolumesSchedulable, syncClaim, syncVolume } from '../../../../src/sim/controllers/volume/pv_controller';

class FakeVolumeWorld implements VolumeControl {
  objects: KubeObject[] = [];
  events: string[] = [];
  data = new Map<string, string>();
  now = () => 0;
  private of = (kind: string) => this.objects.filter((o) => o.kind === kind);
  claims = () => this.of('PersistentVolumeClaim');
  volumes = () => this.of('PersistentVolume');
  storageClasses = () => this.of('StorageClass');
  pods = () => this.of('Pod');
  private replace(obj: KubeObject) {
    this.objects = this.objects.map((o) => (o.kind === obj.kind && o.metadata.name === obj.metadata.name ? obj : o));
  }
  createVolume = (pv: KubeObject) => (this.objects.push(pv), pv);
  updateVolume = (pv: KubeObject) => this.replace(pv);
  deleteVolume = (pv: KubeObject) => {
    this.objects = this.objects.filter((o) => o !== this.get('PersistentVolume', pv.metadata.name));
  };
  updateClaim = (pvc: KubeObject) => this.replace(pvc);
  event = (obj: KubeObject, _type: string, reason: string) => void this.events.push(`${obj.metadata.name} ${reason}`);
  moveData = (from: string, to: string) => {
    const v = this.data.get(from);
    if (v !== undefined) (this.data.delete(from), this.data.set(to, v));
  };
  dropData = (key: string) => void this.data.delete(key);
  get(kind: string, name: string) {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }
  /** One controller pass over every claim, then every volume (a few passes settle everything). */
  settle() {
    for (let i = 0; i < 3; i++) {
      for (const c of this.claims()) syncClaim(this, this.get('PersistentVolumeClaim', c.metadata.name) as KubeObject);
      for (const v of this.volumes()) {
        const current = this.get('PersistentVolume', v.metadata.name);
        if (current) syncVolume(this, current);
      }
    }
  }
}

const storageClass = (name: string, extra: Record<string, unknown> = {}, isDefault = false): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  provisioner: 'rancher.io/local-path',
  ...extra,
});

const claim = (name: string, cls?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(cls !== undefined ? { storageClassName: cls } : {}) },
});

const pod = (name: string, claimName: string, node?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }], containers: [{ name: 'c' }] },
});

describe('syncClaim / provisionClaimOperation', () => {
  it('leaves a class-less claim Pending when no volume exists (the v1.20 traces)', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(claim('www-web-0'));
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'www-web-0')?.status?.phase).toBe('Pending');
    expect(w.volumes()).toEqual([]);
    expect(w.events).toContain('www-web-0 FailedBinding');
  });

  it('provisions and binds at once for an Immediate class', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(storageClass('fast'), claim('data', 'fast'));
    w.settle();
    const pvc = w.get('PersistentVolumeClaim', 'data') as KubeObject;
    expect(pvc.status.phase).toBe('Bound');
    expect(pvc.spec.volumeName).toBe('pvc-uid-data');
    expect(w.get('PersistentVolume', 'pvc-uid-data')?.status?.phase).toBe('Bound');
    expect(w.get('PersistentVolume', 'pvc-uid-data')?.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(w.events).toContain('data ProvisioningSucceeded');
  });

  it('gives a claim without storageClassName the default class', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(storageClass('standard', {}, true), claim('data'));
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'data')?.spec?.storageClassName).toBe('standard');
    expect(w.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Bound');
  });

  it('waits for a scheduled consumer with WaitForFirstConsumer, then provisions on its node', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(storageClass('local', { volumeBindingMode: 'WaitForFirstConsumer' }), claim('data', 'local'), pod('app', 'data'));
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Pending');
    expect(w.events).toContain('data WaitForFirstConsumer');
    w.objects = w.objects.map((o) => (o.kind === 'Pod' ? pod('app', 'data', 'node-1') : o));
    w.settle();
    const pvc = w.get('PersistentVolumeClaim', 'data') as KubeObject;
    expect(pvc.status.phase).toBe('Bound');
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('node-1');
  });

  it('reports a missing StorageClass', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(storageClass('other'), claim('data', 'nope'));
    w.settle();
    expect(w.events).toContain('data ProvisioningFailed');
    expect(w.get('PersistentVolumeClaim', 'data')?.status?.phase).toBe('Pending');
  });
});

describe('syncVolume (reclaimVolume)', () => {
  function boundWorld(reclaimPolicy: string) {
    const w = new FakeVolumeWorld();
    w.objects.push(storageClass('fast', { reclaimPolicy }), claim('data', 'fast'));
    w.settle();
    w.data.set('pv:pvc-uid-data', 'hello');
    w.objects = w.objects.filter((o) => o.kind !== 'PersistentVolumeClaim');
    w.settle();
    return w;
  }
  it('Retain: the PV is Released and keeps its data after the claim is deleted', () => {
    const w = boundWorld('Retain');
    expect(w.get('PersistentVolume', 'pvc-uid-data')?.status?.phase).toBe('Released');
    expect(w.data.get('pv:pvc-uid-data')).toBe('hello');
  });
  it('Delete: the provisioned PV and its data go with the claim', () => {
    const w = boundWorld('Delete');
    expect(w.get('PersistentVolume', 'pvc-uid-data')).toBeUndefined();
    expect(w.data.has('pv:pvc-uid-data')).toBe(false);
  });
});

describe('pvc-protection', () => {
  it('adds the finalizer and holds a deleted claim while a scheduled pod mounts it', () => {
    const w = new FakeVolumeWorld();
    w.objects.push(claim('data'), pod('app', 'data', 'node-1'));
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'data')?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    w.objects = w.objects.map((o) => (o.kind === 'PersistentVolumeClaim' ? { ...o, metadata: { ...o.metadata, deletionTimestamp: 1 } } : o));
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'data')?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    w.objects = w.objects.filter((o) => o.kind !== 'Pod');
    w.settle();
    expect(w.get('PersistentVolumeClaim', 'data')?.metadata.finalizers).toEqual([]);
  });
});

describe('podVolumesSchedulable (VolumeBinding)', () => {
  const sc = [storageClass('fast')];
  const cases: Array<{ rule: string; classes: KubeObject[]; claims: KubeObject[]; expected: string | true }> = [
    { rule: 'no StorageClass: never blocks (trace-faithful)', classes: [], claims: [], expected: true },
    { rule: 'a missing claim blocks', classes: sc, claims: [], expected: '0/1 nodes are available: persistentvolumeclaim "data" not found.' },
    { rule: 'an unbound Immediate claim blocks', classes: sc, claims: [claim('data', 'fast')], expected: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.' },
    { rule: 'a bound claim passes', classes: sc, claims: [{ ...claim('data', 'fast'), status: { phase: 'Bound' } }], expected: true },
    { rule: 'an unbound WaitForFirstConsumer claim passes', classes: [storageClass('fast', { volumeBindingMode: 'WaitForFirstConsumer' })], claims: [claim('data', 'fast')], expected: true },
  ];
  for (const c of cases) {
    it(c.rule, () => {
      const result = podVolumesSchedulable(pod('app', 'data'), c.claims, c.classes);
      expect(result.ok ? true : result.message).toBe(c.expected);
    });
  }
});
