import type { Evaluator } from '../context';
import { deepEqual, getPath, show } from '../objects';

/** Compares one field of an object's status (e.g. StatefulSet `readyReplicas`). */
export const statusField: Evaluator<'statusField'> = (expect, ctx) => {
  const obj = ctx.view.get(expect.kind, expect.name);
  if (!obj) return { passed: false, seen: `no ${expect.kind} named "${expect.name}"` };
  const value = getPath(obj.status, expect.field);
  return deepEqual(value, expect.equals) ? { passed: true } : { passed: false, seen: `status.${expect.field} is ${show(value)}` };
};
