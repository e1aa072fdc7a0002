import type { KubeObject } from '../../sim';
import type { Evaluator } from '../context';
import { isTerminating, podsOfSet } from '../objects';

/**
 * Passes when no two live pods of the set share a topology domain (the value of the node label
 * `topologyKey`, by default the node itself). Terminating and unscheduled pods are left out; a set
 * with no scheduled pod fails.
 */
export const podsSpread: Evaluator<'podsSpread'> = (expect, ctx) => {
  const pods = podsOfSet(ctx.view, expect.set).filter((p) => !isTerminating(p));
  const placed = pods.filter((p) => typeof p.spec?.nodeName === 'string' && p.spec.nodeName !== '');
  if (placed.length === 0) return { passed: false, seen: `no scheduled pod of "${expect.set}"` };
  const domainOf = (pod: KubeObject): string => {
    const node = ctx.view.get('Node', pod.spec.nodeName);
    const value = node?.metadata.labels?.[expect.topologyKey];
    if (value !== undefined) return value;
    return expect.topologyKey === 'kubernetes.io/hostname' ? pod.spec.nodeName : `(no ${expect.topologyKey} label on ${pod.spec.nodeName})`;
  };
  const byDomain = new Map<string, string[]>();
  for (const pod of placed) {
    const domain = domainOf(pod);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), pod.metadata.name]);
  }
  const shared = [...byDomain].filter(([, names]) => names.length > 1);
  if (shared.length === 0) return { passed: true };
  const where = expect.topologyKey === 'kubernetes.io/hostname' ? '' : ` ${expect.topologyKey}`;
  return { passed: false, seen: shared.map(([domain, names]) => `${names.join(' and ')} share${where} ${domain}`).join('; ') };
};
