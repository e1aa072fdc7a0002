import { describe, expect, it } from 'vitest';
import { copySharingFrozen, deepCopy, deepEqualExcept, deepFreeze } from '../../../src/sim/cluster/objects';

describe('copySharingFrozen', () => {
  it('shares frozen subtrees, copies the rest and drops undefined keys like deepCopy', () => {
    const frozen = deepFreeze({ containers: [{ name: 'app', image: 'nginx:1.0' }] });
    const input = { kind: 'Pod', metadata: { name: 'p', labels: { a: '1' }, gone: undefined }, spec: frozen, list: [{ x: 1 }] };
    const out = copySharingFrozen(input);
    expect(out).toEqual(deepCopy(input));
    expect('gone' in out.metadata).toBe(false);
    expect(out.spec).toBe(frozen);
    expect(out.metadata).not.toBe(input.metadata);
    expect(out.metadata.labels).not.toBe(input.metadata.labels);
    expect(out.list[0]).not.toBe(input.list[0]);
  });

  it('returns a fresh top level even for a frozen input', () => {
    const input = deepFreeze({ a: { b: 1 } });
    const out = copySharingFrozen(input);
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out)).toBe(false);
    expect(out.a).toBe(input.a);
  });
});

describe('deepEqualExcept', () => {
  it('ignores only the skipped key and treats undefined as absent', () => {
    expect(deepEqualExcept({ a: 1, rv: '1' }, { a: 1, rv: '2' }, 'rv')).toBe(true);
    expect(deepEqualExcept({ a: 1, rv: '1' }, { a: 2, rv: '1' }, 'rv')).toBe(false);
    expect(deepEqualExcept({ a: 1, b: undefined }, { a: 1 }, 'rv')).toBe(true);
    expect(deepEqualExcept({ a: 1 }, { a: 1, c: 0 }, 'rv')).toBe(false);
  });
});
