// Pod creation in doubling batches: upstream slowStartBatch.
import { describe, expect, it } from 'vitest';
import { slowStartBatch } from '../../../../src/sim/controllers/replicaset/slow_start';

describe('slowStartBatch', () => {
  it('creates everything in batches of 1, 2, 4, ... when nothing fails', () => {
    let calls = 0;
    expect(slowStartBatch(10, 1, () => (calls++, true))).toBe(10);
    expect(calls).toBe(10);
  });

  const failures: Array<{ failAt: number; calls: number; successes: number }> = [
    // batches 1 | 2 | 4 | 3: a failure in a batch finishes that batch, then stops.
    { failAt: 1, calls: 1, successes: 0 },
    { failAt: 2, calls: 3, successes: 2 },
    { failAt: 5, calls: 7, successes: 6 },
  ];
  for (const f of failures) {
    it(`stops after the batch holding failing call ${f.failAt}`, () => {
      let calls = 0;
      const ok = slowStartBatch(10, 1, () => ++calls !== f.failAt);
      expect(calls).toBe(f.calls);
      expect(ok).toBe(f.successes);
    });
  }

  it('does nothing for zero', () => {
    expect(slowStartBatch(0, 1, () => true)).toBe(0);
  });
});
