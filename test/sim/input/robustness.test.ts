// Whatever the input, the input layer answers with diagnostics: it never throws, and answers the same twice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/sim/api';
import { parseManifests, validateObject, validateUpdate } from '../../../src/sim/input';

const DIR = join(__dirname, '../../fixtures/manifests');
const MANIFESTS = readdirSync(DIR).map((f) => readFileSync(join(DIR, f), 'utf8'));

function wellFormed(text: string): void {
  const r = parseManifests(text);
  for (const d of r.diagnostics) {
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.code).not.toBe('internal');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  const again = parseManifests(text);
  expect(again.diagnostics).toEqual(r.diagnostics);
  expect(again.objects.map((o) => [o.document, o.object])).toEqual(r.objects.map((o) => [o.document, o.object]));
}

describe('robustness', () => {
  it('the tutorial manifests parse with no diagnostics', () => {
    expect(MANIFESTS).toHaveLength(8);
    for (const text of MANIFESTS) expect(parseManifests(text).diagnostics).toEqual([]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => wellFormed(text)), { numRuns: 300, seed: 7 });
  });

  it('never throws on damaged manifests', () => {
    const base = MANIFESTS[0];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('', ' ', '\t', ':', '- ', '{', '"', '*a', '&a '), (at, len, insert) => {
        wellFormed(base.slice(0, at) + insert + base.slice(at + len));
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('never throws on arbitrary objects', () => {
    const kinds = fc.constantFrom('StatefulSet', 'Deployment', 'ReplicaSet', 'Pod', 'Service', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ConfigMap', 'Secret', 'PodDisruptionBudget');
    fc.assert(
      fc.property(kinds, fc.anything(), fc.anything(), (kind, spec, other) => {
        const obj = { apiVersion: 'v1', kind, metadata: { name: 'x' }, spec, data: other } as unknown as KubeObject;
        for (const d of [...validateObject(obj), ...validateUpdate(obj, { ...obj, spec: other } as KubeObject)]) {
          expect(d.code).not.toBe('internal');
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
