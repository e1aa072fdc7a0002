// maxSurge / maxUnavailable arithmetic: upstream ResolveFenceposts, MaxSurge, MaxUnavailable.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sim/api';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from '../../../../src/sim/controllers/deployment/fenceposts';

function deployment(replicas: number, surge?: number | string, unavailable?: number | string, type = 'RollingUpdate'): KubeObject {
  const rollingUpdate: Record<string, unknown> = {};
  if (surge !== undefined) rollingUpdate.maxSurge = surge;
  if (unavailable !== undefined) rollingUpdate.maxUnavailable = unavailable;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas, strategy: { type, rollingUpdate } } };
}

describe('GetScaledValueFromIntOrPercent (scaledValue)', () => {
  const cases: Array<[number | string, number, boolean, number | undefined]> = [
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    [2, 10, true, 2],
    ['3', 10, false, 3],
    ['abc', 10, true, undefined],
  ];
  for (const [value, total, up, expected] of cases) {
    it(`${JSON.stringify(value)} of ${total} rounded ${up ? 'up' : 'down'} is ${expected}`, () => {
      expect(scaledValue(value, total, up)).toBe(expected);
    });
  }
});

describe('ResolveFenceposts', () => {
  it('defaults to 25%/25%: surge rounds up, unavailable rounds down', () => {
    expect(maxSurge(deployment(3))).toBe(1);
    expect(maxUnavailable(deployment(3))).toBe(0);
    expect(maxSurge(deployment(10))).toBe(3);
    expect(maxUnavailable(deployment(10))).toBe(2);
  });
  it('turns 0/0 into maxUnavailable 1 so a rollout can move', () => {
    expect(resolveFenceposts({ maxSurge: 0, maxUnavailable: 0 }, 5)).toEqual({ surge: 0, unavailable: 1 });
  });
  it('caps maxUnavailable at replicas and gives Recreate no surge', () => {
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2);
    expect(maxSurge(deployment(4, 2, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(deployment(4, 2, 1, 'Recreate'))).toBe(0);
  });
});
