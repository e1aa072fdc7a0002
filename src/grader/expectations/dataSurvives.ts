import type { Evaluator } from '../context';
import { show } from '../objects';

/** Passes when reading the file through the pod (usually a recreated one) gives back what a scenario step wrote. */
export const dataSurvives: Evaluator<'dataSurvives'> = (expect, ctx) => {
  if (!ctx.view.get('Pod', expect.pod)) return { passed: false, seen: `no pod named "${expect.pod}"` };
  const content = ctx.view.readFile(expect.pod, expect.path);
  if (content === expect.content) return { passed: true };
  return { passed: false, seen: content === undefined ? `${expect.path} does not exist in ${expect.pod}` : `${expect.path} holds ${show(content)}` };
};
