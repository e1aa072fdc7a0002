import type { Evaluator } from '../context';
import { isRunningAndReady, isTerminating, listNames, podsOfSet } from '../objects';

/** Passes when exactly `count` pods of the set are Running, Ready and not terminating. */
export const podsReady: Evaluator<'podsReady'> = (expect, ctx) => {
  const pods = podsOfSet(ctx.view, expect.set);
  const ready = pods.filter((p) => isRunningAndReady(p) && !isTerminating(p)).map((p) => p.metadata.name);
  if (ready.length === expect.count) return { passed: true };
  const notReady = pods.map((p) => p.metadata.name).filter((n) => !ready.includes(n));
  return {
    passed: false,
    seen: `${ready.length} Ready pod(s) of "${expect.set}" (${listNames(ready)})${notReady.length ? `; not Ready: ${notReady.join(', ')}` : ''}`,
  };
};
