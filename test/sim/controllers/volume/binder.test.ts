// Claim-to-volume matching: upstream pv controller findMatchingVolume, and resource.Quantity sizes.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { findMatchingVolume } from '../../../../src/sim/controllers/volume/binder';
import { parseQuantity } from '../../../../src/sim/controllers/volume/quantity';

function pv(name: string, size: string, opts: { cls?: string; modes?: string[]; claimRef?: Record<string, string>; labels?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels: opts.labels },
    spec: { capacity: { storage: size }, accessModes: opts.modes ?? ['ReadWriteOnce'], storageClassName: opts.cls, claimRef: opts.claimRef },
  };
}

function pvc(size: string, opts: { cls?: string; modes?: string[]; selector?: unknown } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default', uid: 'u1' },
    spec: { resources: { requests: { storage: size } }, accessModes: opts.modes ?? ['ReadWriteOnce'], storageClassName: opts.cls, selector: opts.selector },
  };
}

describe('findMatchingVolume', () => {
  const cases: Array<{ rule: string; claim: KubeObject; volumes: KubeObject[]; expected: string | undefined }> = [
    { rule: 'picks the smallest volume that is large enough', claim: pvc('1Gi'), volumes: [pv('big', '10Gi'), pv('fit', '2Gi'), pv('small', '500Mi')], expected: 'fit' },
    { rule: 'needs the same storage class', claim: pvc('1Gi', { cls: 'fast' }), volumes: [pv('slow', '1Gi', { cls: 'slow' }), pv('fast', '5Gi', { cls: 'fast' })], expected: 'fast' },
    { rule: 'a class-less claim takes only class-less volumes', claim: pvc('1Gi'), volumes: [pv('classy', '1Gi', { cls: 'fast' })], expected: undefined },
    { rule: 'needs every requested access mode', claim: pvc('1Gi', { modes: ['ReadWriteMany'] }), volumes: [pv('rwo', '1Gi'), pv('rwx', '1Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'] })], expected: 'rwx' },
    { rule: 'skips volumes bound to another claim', claim: pvc('1Gi'), volumes: [pv('taken', '1Gi', { claimRef: { name: 'other', namespace: 'default' } })], expected: undefined },
    { rule: 'prefers a volume pre-bound to this claim', claim: pvc('1Gi'), volumes: [pv('a-free', '1Gi'), pv('z-mine', '9Gi', { claimRef: { name: 'data', namespace: 'default' } })], expected: 'z-mine' },
    { rule: 'a Released volume (old claim uid) is not reused', claim: pvc('1Gi'), volumes: [pv('released', '1Gi', { claimRef: { name: 'data', namespace: 'default', uid: 'old' } })], expected: undefined },
    { rule: 'honours the claim’s label selector', claim: pvc('1Gi', { selector: { matchLabels: { tier: 'gold' } } }), volumes: [pv('plain', '1Gi'), pv('gold', '1Gi', { labels: { tier: 'gold' } })], expected: 'gold' },
  ];
  for (const c of cases) {
    it(c.rule, () => expect(findMatchingVolume(c.claim, c.volumes)?.metadata.name).toBe(c.expected));
  }
});

describe('parseQuantity', () => {
  const cases: Array<[unknown, number | undefined]> = [
    ['1Gi', 1024 ** 3],
    ['500Mi', 500 * 1024 ** 2],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['10', 10],
    ['ten', undefined],
    [undefined, undefined],
  ];
  for (const [text, bytes] of cases) it(`${String(text)} → ${bytes}`, () => expect(parseQuantity(text)).toBe(bytes));
});
