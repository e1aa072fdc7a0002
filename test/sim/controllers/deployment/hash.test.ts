// ReplicaSet names from the pod template: upstream ComputeHash and rand.SafeEncodeString.
import { describe, expect, it } from 'vitest';
import { computeHash, fnv32a, safeEncodeString } from '../../../../src/sim/controllers/deployment/hash';

describe('ComputeHash', () => {
  it('uses FNV-32a (the published test vector for "a")', () => {
    expect(fnv32a([0x61])).toBe(0xe40c292c);
  });
  it('maps decimal digits into the safe alphabet like SafeEncodeString', () => {
    // '0'..'9' are codes 48..57; modulo 27 they land on 4 5 6 7 8 9 b c d f.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
  it('ignores key order, changes with the template and with the collision count', () => {
    const a = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    const b = { spec: { containers: [{ image: 'nginx:1', name: 'c' }] }, metadata: { labels: { app: 'x' } } };
    const c = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).not.toBe(computeHash(c));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    expect(computeHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
