import type { RequestResult } from '../../sim';
import type { Evaluator } from '../context';

/** What happened to one request, for `seen` (no trailing full stop: the grader adds its own). */
function describe(r: RequestResult): string {
  const clip = (text: string) => (text.length > 300 ? `${text.slice(0, text.lastIndexOf(' ', 297))} …` : text).replace(/[.\s]+$/, '');
  if (!r.ok) return clip(r.error ?? 'no pod took it');
  return `${r.pod ?? 'a pod'} answered ${r.status}${r.body ? ` "${clip(r.body)}"` : ''}`;
}

/**
 * Passes when at least the share `atLeast` of the requests of one or more labelled `request` steps
 * succeeded: reached a pod and got `status` (default any 2xx), with `bodyContains` in the body when given.
 */
export const requestsServed: Evaluator<'requestsServed'> = (expect, ctx) => {
  const labels = typeof expect.requests === 'string' ? [expect.requests] : expect.requests;
  const missing = labels.filter((l) => !ctx.requests[l]);
  if (missing.length) return { passed: false, seen: `the requests of step ${missing.map((l) => `"${l}"`).join(', ')} were not sent` };
  const served = (r: RequestResult) =>
    r.ok &&
    (expect.status !== undefined ? r.status === expect.status : r.status >= 200 && r.status < 300) &&
    (expect.bodyContains === undefined || (r.body ?? '').includes(expect.bodyContains));
  const all = labels.flatMap((l) => ctx.requests[l].map((r) => ({ label: l, r })));
  if (all.length === 0) return { passed: false, seen: 'no request was sent' };
  const good = all.filter(({ r }) => served(r)).length;
  if (good >= expect.atLeast * all.length) return { passed: true };
  const first = all.find(({ r }) => !served(r))!;
  const at = labels.length > 1 ? ` (step "${first.label}")` : '';
  return {
    passed: false,
    seen: `${good} of ${all.length} request(s) succeeded; ${all.length === 1 ? 'it' : `the first that did not${at}`}: ${describe(first.r)}`,
  };
};
