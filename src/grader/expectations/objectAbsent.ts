import type { Evaluator } from '../context';

/** Passes when the cluster holds no object of this kind and name (e.g. after a deletion). */
export const objectAbsent: Evaluator<'objectAbsent'> = (expect, ctx) =>
  ctx.view.get(expect.kind, expect.name) ? { passed: false, seen: `${expect.kind} "${expect.name}" still exists` } : { passed: true };
