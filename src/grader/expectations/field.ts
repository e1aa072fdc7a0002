import type { Evaluator } from '../context';
import { deepEqual, getPath, show } from '../objects';

/** Compares one field of an object as the cluster holds it (after defaulting). */
export const field: Evaluator<'field'> = (expect, ctx) => {
  const obj = ctx.view.get(expect.kind, expect.name);
  if (!obj) return { passed: false, seen: `no ${expect.kind} named "${expect.name}"` };
  const value = getPath(obj, expect.path);
  const seen = `${expect.path} is ${show(value)}`;
  let passed: boolean;
  if (expect.exists !== undefined) passed = (value !== undefined && value !== null) === expect.exists;
  else if (expect.oneOf !== undefined) passed = expect.oneOf.some((v) => deepEqual(value, v));
  else if (expect.matches !== undefined) passed = (typeof value === 'string' || typeof value === 'number') && new RegExp(expect.matches).test(String(value));
  else passed = deepEqual(value, expect.equals);
  return passed ? { passed } : { passed, seen };
};
