import type { Evaluator } from '../context';

/** Passes when the pod is bound to `node`, or (with `notNode`) is bound to some other node. */
export const podOnNode: Evaluator<'podOnNode'> = (expect, ctx) => {
  const pod = ctx.view.get('Pod', expect.pod);
  if (!pod) return { passed: false, seen: `no pod named "${expect.pod}"` };
  const node: string | undefined = pod.spec?.nodeName;
  if (!node) {
    const why = pod.status?.conditions?.find((c: { type?: string }) => c.type === 'PodScheduled')?.message;
    return { passed: false, seen: `${expect.pod} is not scheduled on any node${why ? ` (${why})` : ''}` };
  }
  const passed = expect.node !== undefined ? node === expect.node : node !== expect.notNode;
  return passed ? { passed: true } : { passed: false, seen: `${expect.pod} runs on ${node}` };
};
