import type { Evaluator } from '../context';
import { describeDiagnostic } from '../diagnostics';

/** Passes when no diagnostic with this code was reported. */
export const diagnosticAbsent: Evaluator<'diagnosticAbsent'> = (expect, ctx) => {
  const found = ctx.diagnostics.find((d) => d.code === expect.code);
  return found ? { passed: false, seen: describeDiagnostic(found) } : { passed: true };
};
