// Creating many pods in doubling batches, stopping at the first failure: upstream `slowStartBatch`.

/** The initial batch size upstream uses (`controller.SlowStartInitialBatchSize`). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * Calls `create` `count` times in batches of 1, 2, 4, ...; after a batch with any failure no
 * further batch starts. Returns how many calls succeeded.
 */
export function slowStartBatch(count: number, initialBatchSize: number, create: () => boolean): number {
  let remaining = count;
  let successes = 0;
  let batchSize = Math.min(remaining, initialBatchSize);
  while (batchSize > 0) {
    let failed = false;
    for (let i = 0; i < batchSize; i++) {
      if (create()) successes++;
      else failed = true;
    }
    if (failed) return successes;
    remaining -= batchSize;
    batchSize = Math.min(2 * batchSize, remaining);
  }
  return successes;
}
