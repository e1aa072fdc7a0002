import type { Evaluator } from '../context';

/** Passes when the engine reported a diagnostic with this code (e.g. a lint warning the learner must trigger). */
export const diagnosticPresent: Evaluator<'diagnosticPresent'> = (expect, ctx) => {
  if (ctx.diagnostics.some((d) => d.code === expect.code)) return { passed: true };
  const codes = [...new Set(ctx.diagnostics.map((d) => d.code))];
  return { passed: false, seen: codes.length ? `diagnostics ${codes.join(', ')}` : 'no diagnostics' };
};
