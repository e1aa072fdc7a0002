import type { Evaluator } from '../context';
import { podsOfSet } from '../objects';

/**
 * Passes when at least `minServing` pods of the set run an app model that says it serves (the
 * model's own view, e.g. a quorum member with a leader and a majority), and, with `role`, when one of
 * them has that role (`leader`, `primary`).
 */
export const appHealthy: Evaluator<'appHealthy'> = (expect, ctx) => {
  const pods = podsOfSet(ctx.view, expect.set);
  if (pods.length === 0) return { passed: false, seen: `no pod of "${expect.set}"` };
  const statuses = pods.map((p) => ({ name: p.metadata.name, status: ctx.view.appStatus(p.metadata.name) }));
  const serving = statuses.filter((s) => s.status?.serving);
  const hasRole = expect.role === undefined || serving.some((s) => s.status?.role === expect.role);
  if (serving.length >= expect.minServing && hasRole) return { passed: true };
  const each = statuses.map(({ name, status }) => {
    if (!status) return `${name} runs no app model`;
    const reason = status.detail.reason ?? status.detail.lockedBy;
    return `${name} ${status.role ?? status.model} ${status.serving ? 'serving' : 'not serving'}${!status.serving && reason !== undefined ? ` (${reason})` : ''}`;
  });
  return { passed: false, seen: `${serving.length} serving: ${each.join(', ')}${hasRole ? '' : `; none is ${expect.role}`}` };
};
