import type { Evaluator } from '../context';
import { firstPodEntry } from '../objects';

/** Passes when the pods were deleted in this order; with `oneAtATime`, each only after the previous one was gone. */
export const deletionOrder: Evaluator<'deletionOrder'> = (expect, ctx) => {
  const deleting = expect.names.map((n) => firstPodEntry(ctx.timeline, n, 'deleting'));
  const missing = expect.names.filter((_, i) => deleting[i] < 0);
  if (missing.length) return { passed: false, seen: `never deleted: ${missing.join(', ')}` };
  for (let i = 1; i < expect.names.length; i++) {
    const [prev, next] = [expect.names[i - 1], expect.names[i]];
    if (deleting[i] < deleting[i - 1]) return { passed: false, seen: `${next} was deleted before ${prev}` };
    if (expect.oneAtATime) {
      const gone = firstPodEntry(ctx.timeline, prev, 'gone', deleting[i - 1]);
      if (gone < 0 || gone > deleting[i]) return { passed: false, seen: `${next} was being deleted while ${prev} was still there` };
    }
  }
  return { passed: true };
};
