import type { Evaluator } from '../context';
import { describeDiagnostic } from '../diagnostics';

/** Passes when the submission has no error diagnostics (warnings are fine). */
export const noErrors: Evaluator<'noErrors'> = (_expect, ctx) => {
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return { passed: true };
  return { passed: false, seen: `${errors.length} error(s), the first: ${describeDiagnostic(errors[0])}` };
};
