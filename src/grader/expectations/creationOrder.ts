import type { Evaluator } from '../context';
import { firstPodEntry } from '../objects';

/** Passes when the pods were created in this order (from the timeline); with `afterReady`, each only after the previous one was Ready. */
export const creationOrder: Evaluator<'creationOrder'> = (expect, ctx) => {
  const created = expect.names.map((n) => firstPodEntry(ctx.timeline, n, 'created'));
  const missing = expect.names.filter((_, i) => created[i] < 0);
  if (missing.length) return { passed: false, seen: `never created: ${missing.join(', ')}` };
  for (let i = 1; i < expect.names.length; i++) {
    const [prev, next] = [expect.names[i - 1], expect.names[i]];
    if (created[i] < created[i - 1]) return { passed: false, seen: `${next} was created before ${prev}` };
    if (expect.afterReady) {
      const ready = firstPodEntry(ctx.timeline, prev, 'ready');
      if (ready < 0 || ready > created[i]) {
        const t = ctx.timeline[created[i]].t;
        return { passed: false, seen: `${next} was created at ${t} ms, before ${prev} was Ready` };
      }
    }
  }
  return { passed: true };
};
