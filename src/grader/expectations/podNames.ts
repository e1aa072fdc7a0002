import type { Evaluator } from '../context';
import { compareNames, listNames, podsOfSet } from '../objects';

/** Compares the names of a set's pods (or of the pods a label selector picks), in any order. */
export const podNames: Evaluator<'podNames'> = (expect, ctx) => {
  const pods = expect.set !== undefined ? podsOfSet(ctx.view, expect.set) : ctx.view.list('Pod', expect.selector);
  const names = pods.map((p) => p.metadata.name).sort(compareNames);
  let passed: boolean;
  if (expect.equals !== undefined) {
    const wanted = [...expect.equals].sort(compareNames);
    passed = names.length === wanted.length && names.every((n, i) => n === wanted[i]);
  } else {
    const re = new RegExp(expect.matches as string);
    passed = names.length > 0 && names.every((n) => re.test(n));
  }
  return passed ? { passed } : { passed, seen: `pods ${listNames(names)}` };
};
