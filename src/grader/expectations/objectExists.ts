import type { Evaluator } from '../context';
import { listNames } from '../objects';

/** Passes when the cluster holds an object of this kind and name. */
export const objectExists: Evaluator<'objectExists'> = (expect, ctx) => {
  if (ctx.view.get(expect.kind, expect.name)) return { passed: true };
  const names = ctx.view.list(expect.kind).map((o) => o.metadata.name);
  return { passed: false, seen: `${expect.kind} objects: ${listNames(names)}` };
};
