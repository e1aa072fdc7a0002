import type { Evaluator } from '../context';
import { entryEvent, entryName, isPodEntry } from '../objects';

/** Passes when the first pod of the set to be deleted (from the timeline) is this one. */
export const firstDeleted: Evaluator<'firstDeleted'> = (expect, ctx) => {
  const member = new RegExp(`^${expect.set.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
  const first = ctx.timeline.find((e) => isPodEntry(e) && entryEvent(e) === 'deleting' && member.test(entryName(e)));
  if (!first) return { passed: false, seen: `no pod of "${expect.set}" was deleted` };
  const name = entryName(first);
  return name === expect.name ? { passed: true } : { passed: false, seen: `${name} was deleted first` };
};
