import type { Evaluator } from '../context';

/** Passes when the cluster recorded an Event with this reason (optionally about this object). */
export const eventPresent: Evaluator<'eventPresent'> = (expect, ctx) => {
  const found = ctx.events.some((e) => e.reason === expect.reason && (expect.object === undefined || e.object.name === expect.object));
  if (found) return { passed: true };
  const reasons = [...new Set(ctx.events.map((e) => e.reason))];
  return { passed: false, seen: reasons.length ? `events: ${reasons.join(', ')}` : 'no events' };
};
