import type { Evaluator } from '../context';
import { listNames } from '../objects';

/** Passes when cluster DNS answers for the name: with `count` addresses, or with exactly the IP of `toPod`. */
export const dnsResolves: Evaluator<'dnsResolves'> = (expect, ctx) => {
  const addresses = ctx.view.resolve(expect.name);
  const seen = addresses.length ? `${expect.name} resolves to ${listNames(addresses)}` : `${expect.name} does not resolve (NXDOMAIN)`;
  if (expect.toPod !== undefined) {
    const ip: unknown = ctx.view.get('Pod', expect.toPod)?.status?.podIP;
    const passed = typeof ip === 'string' && addresses.length === 1 && addresses[0] === ip;
    return passed ? { passed } : { passed, seen: typeof ip === 'string' ? `${seen}; ${expect.toPod} has IP ${ip}` : `${seen}; ${expect.toPod} has no IP` };
  }
  const passed = expect.count !== undefined ? addresses.length === expect.count : addresses.length > 0;
  return passed ? { passed } : { passed, seen };
};
